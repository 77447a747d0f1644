// Lesson 11: domain shift and re-estimated statistics — a small MNIST MLP with BatchNorm trains here,
// then meets shifted test digits; AdaBN re-estimates its BN statistics on unlabeled shifted digits
// (forward passes only) and the shift panel shows what that wins back, shift by shift.

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { LESSON_11_PREDICT } from './predict.ts';
import { LESSON_11, LESSON_11_GROUPNORM } from './preset.ts';
import { references } from './sources.ts';

export const content: LessonContent = {
  id: 11,
  screens: [
    {
      title: 'New digits, old statistics',
      body: (
        <>
          <p>
            A model is trained on one kind of data and then used on another: a new camera, a new scanner, a
            new hospital. The labels mean the same thing, the pixels do not. This is <em>domain shift</em>,
            and BatchNorm has a specific weakness here: the statistics it stores were measured on the training
            data.
          </p>
          <p>
            Press <kbd>Play</kbd>. The network in the live panel is an MLP (784 → 64 → 64 → 10, BatchNorm
            before each ReLU) and trains on MNIST for 300 steps — a few seconds — then pauses.{' '}
            <Claim id="l11-trained">
              It then classifies 91.9 % of the 2,000 clean test digits correctly (over 90 % on this seed and
              two others).
            </Claim>
          </p>
          <p>
            The shift panel then shows the same test digits changed in one of five ways, each drawn beside its
            original.{' '}
            <Claim id="l11-drops">
              Every shift costs accuracy. Inverting the digits costs the most (4.3 % right, worse than
              guessing); moving them 3 pixels leaves 11.9 % and washing them out 22.9 %; the darker and the
              noisy digits lose 31 and 26 points on this seed.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Why the stored statistics are the wrong ones',
      body: (
        <>
          <p>In eval mode each BN unit normalizes with the mean and variance it averaged during training:</p>
          <Formula
            tex={String.raw`y = \gamma\,\frac{h - \hat\mu}{\sqrt{\hat\sigma^2 + \varepsilon}} + \beta`}
          />
          <p>
            Take the washed-out digits: every pixel <M tex="p" /> becomes <M tex="0.5\,p + 0.5" />. The first
            dense layer has no bias (BN follows it), so each unit's input <M tex="h = w^\top x" /> becomes
          </p>
          <Formula tex={String.raw`h' = 0.5\,h + c, \qquad c = 0.5\,\textstyle\sum_i w_i`} />
          <p>
            Its mean moves to <M tex="0.5\,\mu + c" /> and its spread halves, but BN still subtracts{' '}
            <M tex="\hat\mu" /> and divides by <M tex="\hat\sigma" />: every unit is off by a different
            amount, and the layers above see values they never saw in training.{' '}
            <Claim id="l11-affine">
              Yet if BN normalized with the <em>new</em> statistics,{' '}
              <M tex="(h' - \mu')/\sigma' = (h - \mu)/\sigma" /> — exactly the value it had on clean digits.
            </Claim>{' '}
            The weights are fine; the statistics are stale.
          </p>
        </>
      ),
    },
    {
      title: 'AdaBN: re-estimate, no gradient step',
      body: (
        <>
          <p>
            AdaBN (Li et al., 2016) does just that. Reset every BN layer's running statistics, then run{' '}
            <M tex="K" /> batches of <em>unlabeled</em> target data forward in training mode, averaging each
            batch's statistics with equal weight (PyTorch's <code>momentum=None</code>):
          </p>
          <Formula
            tex={String.raw`\hat\mu = \frac{1}{K}\sum_{k=1}^{K} \mu_k, \qquad \hat\sigma^2 = \frac{1}{K}\sum_{k=1}^{K} s_k^2`}
          />
          <p>
            (<M tex="s_k^2" /> is batch <M tex="k" />
            's unbiased variance.){' '}
            <Claim id="l11-restore">
              No label is read and no weight moves; the panel's <strong>Adapt</strong> does this on shifted{' '}
              <em>training</em> digits, then measures the shifted test digits, then puts the old statistics
              back exactly, so training can go on as if nothing happened.
            </Claim>
          </p>
          <p>
            <Claim id="l11-recover">
              On the washed-out digits, 8 batches of 32 bring this seed from 22.9 % back to 92.0 % — all of
              the lost accuracy (at least 97 % of it on each of three seeds).
            </Claim>{' '}
            <Claim id="l11-batches">
              On this seed one batch of 32 unlabeled digits already wins back 95 % of it (88.5 %), and four
              batches all of it (at least 90 % and 97 % on each of three seeds).
            </Claim>{' '}
            <Claim id="l11-affine">
              The darker digits end at exactly the same accuracy as the washed-out ones: both are{' '}
              <M tex="p \to a\,p + b" />, and re-estimated statistics cancel any such change.
            </Claim>
          </p>
          <p>
            <Claim id="l11-noise">
              Noise is not an affine change, and AdaBN only wins back part of it: on this seed 66.3 % becomes
              86.0 %, still 6 points below clean.
            </Claim>{' '}
            <Claim id="l11-nohelp">On inverted and moved digits it wins back nothing:</Claim> inversion gives{' '}
            <M tex="h' = \textstyle\sum_i w_i - h" />, and re-estimated statistics cannot undo a sign; a move
            puts ink on pixels whose weights never saw any. Those need new weights, not new statistics.
          </p>
        </>
      ),
    },
    {
      title: 'GroupNorm has nothing to adapt',
      body: (
        <>
          <p>
            <Claim id="l11-gn">
              GroupNorm computes its statistics per sample (lesson 10), so it stores none, and AdaBN has
              nothing to re-estimate.
            </Claim>{' '}
            Is it robust to shift instead? Partly.{' '}
            <Claim id="l11-gn">
              It is immune to the darker digits — a pure scale of each image, which per-sample normalization
              divides out — but the washed-out offset differs from unit to unit, and there GroupNorm drops to
              15.6 % on this seed, with no way back: BN plus AdaBN ends over 50 points higher on the
              washed-out digits and over 15 points higher on the noisy ones, on each of three seeds.
            </Claim>{' '}
            Try it with the first prompt below.
          </p>
        </>
      ),
    },
    {
      title: 'Fine-tuning with frozen BN — and a Keras trap',
      body: (
        <>
          <p>
            With some <em>labelled</em> target data you can fine-tune. A common recipe freezes BN: the step
            uses the stored statistics (eval mode) while <M tex="\gamma" />, <M tex="\beta" /> and the weights
            still learn. That protects the statistics from small or odd fine-tuning batches — but after a
            domain shift, the stored statistics are the problem.{' '}
            <Claim id="l11-finetune">
              Fine-tuning this seed on 20 labelled washed-out batches (Adam, learning rate 0.0005) reaches
              74.7 % with BN frozen (74.4 % with <M tex="\gamma" /> and <M tex="\beta" /> frozen too: within a
              point on each seed) and 88.8 % with BN left in training mode, which re-estimates as it goes;
              frozen BN alone keeps the clean accuracy (91.8 %) while training mode drops it to 57.7 %. AdaBN,
              with no labels at all, beat all three on each of three seeds.
            </Claim>
          </p>
          <p>
            Which mode you get is a framework detail worth knowing. In Keras (TensorFlow 2.0 and later),
            setting <code>trainable = False</code> on a <code>BatchNormalization</code> layer does more than
            freeze <M tex="\gamma" /> and <M tex="\beta" />: the layer then runs in inference mode, with its
            moving statistics, which it no longer updates — so freezing a base model for fine-tuning freezes
            its statistics too, whether you wanted that or not. In PyTorch, <code>requires_grad = False</code>{' '}
            freezes only <M tex="\gamma" /> and <M tex="\beta" />; the BN module keeps using batch statistics
            and updating its running ones until you call <code>.eval()</code> on it (and again after every{' '}
            <code>model.train()</code>).
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_11,
    knobs: [],
    views: ['shift', 'accuracy', 'runs'],
    tryThis: [
      {
        label: 'Use GroupNorm instead of BatchNorm',
        look: 'Train it (it stops at step 300), then pick Darker: no drop at all. Pick Washed out: it drops as far as BN does, and Adapt changes nothing — there are no statistics to re-estimate.',
        apply: () => LESSON_11_GROUPNORM,
        claims: ['l11-gn'],
      },
      {
        label: 'Back to BatchNorm',
        look: 'Train to step 300, pick Washed out and drag Target batches from 1 to 32: one batch of 32 digits already wins back most of the loss.',
        apply: () => LESSON_11,
        claims: ['l11-batches'],
      },
    ],
  },
  predict: LESSON_11_PREDICT,
  takeaway: (
    <p>
      BN stores the statistics of the data it was trained on. When the inputs shift, re-estimate them on
      unlabeled data from the new domain: a few forward passes, no labels, no gradient step.{' '}
      <Claim id="l11-recover">
        For a shift that changes brightness or contrast this wins back nearly everything
      </Claim>
      ;{' '}
      <Claim id="l11-nohelp">
        for one that changes the picture itself (inversion, translation) it wins back nothing
      </Claim>
      . And watch the freezing switch of your framework: in Keras, <code>trainable = False</code> also freezes
      BN's statistics.
    </p>
  ),
  references,
  quiz: {
    question:
      'Your BN model meets images from a new camera: fainter, on a grey background. You have thousands of its images, none labelled. What helps most?',
    options: [
      {
        text: 'Reset the BN statistics and re-average them over batches of the new images in training mode, with no gradient step (AdaBN).',
        correct: true,
        feedback:
          'Yes: the weights still fit; the stored means and variances do not. A brightness/contrast change of the pixels is undone exactly by new statistics — here one batch of 32 images already won back 95 % of the loss.',
        claims: ['l11-batches', 'l11-affine'],
      },
      {
        text: 'Fine-tune with BN frozen, so the stored statistics stay safe.',
        correct: false,
        feedback:
          'Fine-tuning needs labels, which you do not have — and here the stored statistics are the problem: with labels, frozen BN still ended well below AdaBN.',
        claims: ['l11-finetune'],
      },
      {
        text: 'Switch to GroupNorm: it has no statistics, so it cannot go stale.',
        correct: false,
        feedback:
          'It also has nothing to re-estimate. GroupNorm shrugged off a pure darkening but fell as far as BN on the grey background, and had no way back.',
        claims: ['l11-gn'],
      },
    ],
  },
};
