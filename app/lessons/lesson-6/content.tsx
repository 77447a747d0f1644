// Lesson 6: training mode vs inference mode — running statistics (PyTorch's convention, and
// Keras's as the trap).

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { ViewLink } from '../ViewLink.tsx';
import { LESSON_6_PREDICT } from './predict.ts';
import { LESSON_6 } from './preset.ts';
import { references } from './sources.ts';

export const content: LessonContent = {
  id: 6,
  screens: [
    {
      title: 'A layer with two behaviours',
      body: (
        <>
          <p>
            During training a BatchNorm layer normalizes each feature with the mean and variance of the
            current batch. At inference there may be no batch at all — one image, one request — and even when
            there is, a prediction should not depend on what else happens to be in it. So BN keeps a second
            pair of numbers per feature, the <em>running statistics</em>, and uses those once the model is put
            in evaluation mode.
          </p>
          <p>
            <Claim id="l6-update">
              They are updated after every training batch, in PyTorch's convention:
            </Claim>
          </p>
          <Formula
            tex={String.raw`\hat\mu \leftarrow (1-m)\,\hat\mu + m\,\mu_B, \qquad \hat\sigma^2 \leftarrow (1-m)\,\hat\sigma^2 + m\,\frac{n}{n-1}\,\sigma_B^2`}
          />
          <p>
            <Claim id="l6-update">
              with momentum <M tex="m = 0.1" /> by default, starting from <M tex={String.raw`\hat\mu = 0`} />{' '}
              and <M tex={String.raw`\hat\sigma^2 = 1`} />. Two details matter. The momentum is the weight of
              the <em>new</em> batch. And the variance stored is the unbiased one (divided by <M tex="n-1" />,
              for <M tex="n" /> values per feature), while the batch itself was normalized with the biased one
              (divided by <M tex="n" />
              ).
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Running statistics chase a moving target',
      body: (
        <>
          <p>
            Three runs train the lesson 4 network with BatchNorm, identical in everything but the BN momentum:
            0.01, 0.1 (PyTorch's default) and 0.99. Press <kbd>Play</kbd>.{' '}
            <ViewLink view="drift">The drift chart</ViewLink> follows one channel of the first BN layer: the
            batch mean and variance at every step (jagged: every batch is a different sample) and the running
            estimates. Switch runs with the picker above the chart.
          </p>
          <p>
            An exponential average with momentum <M tex="m" /> remembers roughly the last <M tex="1/m" />{' '}
            batches.{' '}
            <Claim id="l6-converge">
              With <M tex="m = 0.1" /> the running line settles into the middle of the batch line's jitter
              within a few dozen steps: by step 50, over the layer's 100 channels, the median distance between
              the running mean and the true mean over all 8,000 training digits is under 0.15 standard
              deviations. With <M tex="m = 0.01" /> it is still crawling away from its start at 0 and 1, at
              least three times further off (this seed and two others we tried).
            </Claim>{' '}
            <Claim id="l6-jitter">
              With <M tex="m = 0.99" /> it sits on the batch line and is just as jagged: from step to step it
              moves at least five times as much as with 0.1.
            </Claim>
          </p>
          <p>
            <Claim id="l6-same-loss">
              The loss curves of the three runs lie exactly on top of each other: training mode never reads
              the running statistics.
            </Claim>{' '}
            <Claim id="l6-accuracy">
              The test accuracy — measured in evaluation mode, with the running statistics — is where they
              part: at step 50 the 0.1 run is above 80 % while the 0.01 run is at least 35 points behind, with
              the very same weights.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'The Keras trap',
      body: (
        <>
          <p>
            Keras and TensorFlow write the same update the other way round: their <code>momentum=0.99</code>{' '}
            is the weight of the <em>old</em> value, so it means PyTorch's <M tex="m = 0.01" />. Their default
            epsilon is also larger (<M tex="10^{-3}" /> against PyTorch's <M tex="10^{-5}" />
            ). Copy <code>momentum=0.99</code> from a Keras model into PyTorch and the running statistics
            become, in effect, the last batch's statistics: as noisy as one batch, and only as good an
            estimate as that batch is a sample.{' '}
            <Claim id="l6-keras-fine">
              In this race that costs nothing you can see in the accuracy: the 0.99 run is even ahead of the
              0.1 run at step 25 (it has no slow start from 0 and 1 to shed) and within 5 points of it at
              steps 50 and 100, because a shuffled batch of 60 digits is a decent sample.
            </Claim>{' '}
            <Claim id="l6-jitter">What it does show is the jagged running line.</Claim> The race does not test
            small or unrepresentative batches, where the last batch is a poor estimate.
          </p>
          <p>
            Setting the momentum to <code>None</code> in PyTorch switches to a plain cumulative average over
            all batches seen, which is what the "re-estimate statistics" remedy in a later lesson uses.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_6,
    knobs: ['batchSize', 'seed'],
    views: ['drift', 'accuracy', 'runs', 'loss'],
    tryThis: [
      {
        label: 'Watch channel 5',
        look: 'Another channel, the same picture: the numbers in the text are medians over all 100 channels.',
        apply: (e) => ({ ...e, observe: { layer: 2, unit: 5 } }),
        claims: ['l6-converge'],
      },
      {
        label: 'Change the seed',
        look: 'New weights and batches: the slow run still lags, the 0.99 run still jitters.',
        apply: (e) => ({ ...e, config: { ...e.config, seed: e.config.seed + 1 } }),
        claims: ['l6-converge', 'l6-jitter'],
      },
      {
        label: 'Halve the batch size (30)',
        look: 'Every batch statistic is noisier now; watch how much of that noise reaches each running line.',
        apply: (e) => ({ ...e, config: { ...e.config, batchSize: 30 } }),
      },
    ],
  },
  takeaway: (
    <p>
      Training mode normalizes with the batch; evaluation mode with running averages collected during
      training. The momentum sets how far back those averages look — and its meaning is flipped between
      PyTorch and Keras.
    </p>
  ),
  references,
  predict: LESSON_6_PREDICT,
  quiz: {
    question:
      'A PyTorch BN layer with momentum 0.1 has seen one batch whose feature mean was 2.0. What is its running mean?',
    options: [
      {
        text: '0.2',
        correct: true,
        feedback: 'It starts at 0, and the new batch gets weight 0.1: 0.9·0 + 0.1·2.0 = 0.2.',
        claims: ['l6-update'],
      },
      {
        text: '1.8',
        correct: false,
        feedback:
          'That would weight the new batch by 0.9 (Keras’s reading of 0.1 is the opposite: 0.1 on the old value).',
      },
      {
        text: '2.0',
        correct: false,
        feedback:
          'Only with momentum 1 (or a cumulative average after one batch) would it equal the first batch.',
      },
    ],
  },
};
