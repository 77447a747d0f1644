// Lesson 7: the eval() bug, live — a small MNIST CNN with BatchNorm on its conv maps, trained
// here, then served in train mode (batch statistics of the request) and in eval mode.

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { ViewLink } from '../ViewLink.tsx';
import { LESSON_7_PREDICT } from './predict.ts';
import { LESSON_7, LESSON_7_DENSE_BN, LESSON_7_GROUPNORM } from './preset.ts';
import { references } from './sources.ts';

export const content: LessonContent = {
  id: 7,
  screens: [
    {
      title: 'A model goes to production',
      body: (
        <>
          <p>
            Lesson 6 showed that a BN layer behaves differently in training and in evaluation mode. In PyTorch
            the switch is one call, <code>model.eval()</code>, and forgetting it is one of the most common
            bugs in deployed models: nothing crashes, the model just answers with the statistics of whatever
            batch it was handed.
          </p>
          <p>
            First, a model to serve. Press <kbd>Play</kbd>: the small CNN in the live panel (two 3×3
            convolutions with 8 and 16 channels, each followed by BatchNorm, ReLU and pooling, then one dense
            layer) trains on MNIST for 200 steps with Adam — ten to twenty seconds on a laptop — and pauses.{' '}
            <Claim id="l7-trained">
              It then classifies 93.7 % of the 2,000 test digits correctly (93.7–94.8 % on this seed and two
              others we tried).
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Serving in train mode',
      body: (
        <>
          <p>
            <ViewLink view="serving">The serving panel</ViewLink> sends 48 test digits through the trained
            model as requests, in small batches. In <strong>eval</strong> mode each BN layer uses its running
            statistics:
          </p>
          <Formula
            tex={String.raw`y = \gamma\,\frac{x - \hat\mu}{\sqrt{\hat\sigma^2 + \varepsilon}} + \beta`}
          />
          <p>
            In <strong>train</strong> mode it uses the mean and variance of the request itself. With a serving
            batch of one image, that is one image's own statistics: per channel, over its{' '}
            <M tex="H \times W" /> pixels.
          </p>
          <p>
            How much does that hurt? Less than folklore says, for this network. Each conv channel of a single
            digit still has 784 (then 196) values, so its own mean and variance are not absurd — they are just
            not the population's.{' '}
            <Claim id="l7-panel">
              On the panel's 48 digits, at serving batch size 1, the accuracy line reads 98 % in eval mode and
              85 % in train mode for this seed.
            </Claim>{' '}
            <Claim id="l7-drop">
              Over all 2,000 test digits the drop is 7.7 points (86.0 % against 93.7 %); the other two seeds
              we tried lose less, about 1 and 3 points.
            </Claim>{' '}
            <Claim id="l7-changed">On each of the three seeds at least 2.5 % of the answers change.</Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Batch-mates and a corrupted model',
      body: (
        <>
          <p>
            Worse than the lost accuracy is what train mode does to an answer: it depends on the other
            requests in the batch. Set the serving batch size to 2, click a digit and draw new batch-mates.{' '}
            <Claim id="l7-mates">
              In train mode the same image can get a different answer with different company (on this seed, 5
              of the 48 digits do);
            </Claim>{' '}
            <Claim id="l7-eval-same">
              in eval mode never — its answers are identical at any batch size, with any batch-mates, every
              time.
            </Claim>
          </p>
          <p>
            And train mode does not only read the batch statistics: it also updates the running ones, exactly
            as during training.{' '}
            <Claim id="l7-running">
              Serving the 48 digits once, one at a time, moves a running mean by up to 0.20 and a running
              variance by up to 24 % of its value on this seed
            </Claim>{' '}
            — silently, in the model that eval mode will use next.{' '}
            <Claim id="l7-running">
              The panel warns about it, naming the largest change of any running mean or variance as a plain
              difference: 0.58 for this seed when the first train-mode serve is the 48 digits at batch size 1.
            </Claim>
          </p>
          <p>
            Put BN in a <em>dense</em> layer and the picture changes completely: a single sample has one value
            per feature, so its "batch variance" is zero.{' '}
            <Claim id="l7-dense-error">
              PyTorch refuses outright — <code>Expected more than 1 value per channel when training</code>
            </Claim>{' '}
            — and{' '}
            <Claim id="l7-dense-pm1">
              at batch size 2 every feature is normalized to ±1, whatever the input
            </Claim>
            . Try it below.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_7,
    knobs: [],
    views: ['serving', 'featureMaps', 'accuracy', 'runs', 'loss'],
    tryThis: [
      {
        label: 'Serve an MLP with BN in its dense layers',
        look: 'Train it (it stops at step 200), then serve in train mode: batch size 1 is an error, and at batch size 2 the panel reads 48 % against 94 % in eval mode for the default seed (chance is 10 %; over all 2,000 test digits 43–44 % against 91–92 % on three seeds).',
        apply: () => LESSON_7_DENSE_BN,
        claims: ['l7-dense-error', 'l7-dense-two'],
      },
      {
        label: 'Use GroupNorm instead of BatchNorm',
        look: 'GroupNorm normalizes each image on its own and keeps no running statistics: train and eval mode give identical answers, and nothing drifts.',
        apply: () => LESSON_7_GROUPNORM,
        claims: ['l7-groupnorm'],
      },
      {
        label: 'Back to the CNN with BatchNorm',
        look: 'The lesson’s model: train to step 200, then compare the two modes at batch size 1.',
        apply: () => LESSON_7,
      },
    ],
  },
  predict: LESSON_7_PREDICT,
  takeaway: (
    <p>
      Serve in eval mode, always. In train mode a BN network answers with the statistics of the request batch:
      its predictions depend on the batch-mates, it quietly rewrites its running statistics, and how much
      accuracy it loses depends on the architecture —{' '}
      <Claim id="l7-drop">a few points or less for this CNN with BN on its conv maps</Claim>;{' '}
      <Claim id="l7-dense-two">
        with BN in a dense layer, an error at batch size 1 and under half the digits right at batch size 2
      </Claim>
      .
    </p>
  ),
  references,
  quiz: {
    question: 'A BN network serves requests in train mode, one image at a time. Which statement is true?',
    options: [
      {
        text: 'Each answer uses that image’s own statistics, and every request also changes the running statistics.',
        correct: true,
        feedback:
          'Both happen: train mode normalizes with the batch (here one image) and updates the running averages, as in training.',
        claims: ['l7-running'],
      },
      {
        text: 'The model is unaffected: running statistics are only used in training.',
        correct: false,
        feedback:
          'It is the other way round: running statistics are what eval mode uses; train mode uses the batch.',
      },
      {
        text: 'Every prediction becomes random, whatever the architecture.',
        correct: false,
        feedback:
          'Not for this CNN: a conv channel of one image still has hundreds of values, and accuracy drops by a few points at most. BN in a dense layer is the case that breaks: an error at batch size 1, under half right at batch size 2.',
        claims: ['l7-drop', 'l7-dense-two'],
      },
    ],
  },
};
