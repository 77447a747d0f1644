// Lesson 9: small batches break BatchNorm — test error vs batch size for BN, GN and LN on the
// MNIST MLP (the shape of Wu & He 2018, Figure 1), and the remedies tried live: gradient
// accumulation (which is not one), ghost batches and Batch Renormalization.

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { LESSON_9_PREDICT } from './predict.ts';
import {
  LESSON_9,
  LESSON_9_ACCUMULATE,
  LESSON_9_GHOST,
  LESSON_9_RENORM,
  LESSON_9_SAMPLES,
} from './preset.ts';
import { references } from './sources.ts';

const images = LESSON_9_SAMPLES.toLocaleString('en-US');

export const content: LessonContent = {
  id: 9,
  screens: [
    {
      title: 'The batch is part of the layer',
      body: (
        <>
          <p>
            In training, a BatchNorm layer normalizes each feature with the mean and variance of the batch in
            front of it. For a dense layer and a batch of <M tex="B" /> samples, that is <M tex="B" /> numbers
            per feature:
          </p>
          <Formula
            tex={String.raw`\mu_B = \frac{1}{B}\sum_{i=1}^{B} x_i, \qquad \sigma_B^2 = \frac{1}{B}\sum_{i=1}^{B} (x_i - \mu_B)^2, \qquad \hat x_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}`}
          />
          <p>
            With a batch of 32 those are decent estimates of the population's statistics. With a batch of 2
            they are not estimates at all:{' '}
            <Claim id="l9-two">
              every feature of the two samples becomes <M tex="\pm 1" /> (up to ε), whatever the inputs were
            </Claim>
            .{' '}
            <Claim id="l9-two">
              The network trains on signs; at test time the running averages (lesson 6) hand it real values it
              never saw in training.
            </Claim>{' '}
            <Claim id="l9-batch-one">At batch 1 there is no variance to divide by:</Claim> PyTorch stops with
            “Expected more than 1 value per channel when training”.{' '}
            <Claim id="l9-batch-one">
              Drag the batch-size slider in the live panel to 1 and NormLab refuses the same way for the
              BatchNorm run, while GroupNorm and LayerNorm would train: their statistics come from one
              sample's own features.
            </Claim>
          </p>
          <p>
            The live panel trains the same MNIST network — 784 inputs, two hidden layers of 64 ReLU units,
            Adam at learning rate 0.002 — three times: with BatchNorm, GroupNorm (4 groups) and LayerNorm
            before each ReLU, all at batch size 2. Press <kbd>Play</kbd>;{' '}
            <Claim id="l9-budget">each run stops after {images} images</Claim>.
          </p>
        </>
      ),
    },
    {
      title: 'Error against batch size',
      body: (
        <>
          <p>
            Wu and He (2018) drew the picture that made GroupNorm famous: ResNet-50 on ImageNet, validation
            error against images per GPU. In their figures BN goes from 23.6 % at 32 images per GPU through
            23.7, 24.8 and 27.3 % to 34.7 % at 2, while GN stays at 24.1, 24.2, 24.0, 24.2 and 24.1 %. Those
            are their numbers, from a network and data set far larger than anything a browser can train.
          </p>
          <p>
            Press <strong>Run sweep</strong> for the same shape here:{' '}
            <Claim id="l9-budget">
              each of the three networks trains at batch sizes 2, 4, 8, 16 and 32, every point on the same{' '}
              {images} images (so batch 2 takes sixteen times as many steps as batch 32), and the chart plots
              test error on 2,000 test digits
            </Claim>
            .
          </p>
          <p>
            <Claim id="l9-sweep">
              At batch 2 BatchNorm misclassifies 39 to 45 % of the test digits on this seed and two others,
              against 10 to 12 % for GroupNorm and LayerNorm; at batch 4 it is already down to about 13 %, and
              at batch 32 it is within 3 points of GroupNorm.
            </Claim>{' '}
            <Claim id="l9-gn-flat">
              GroupNorm's line is flat: batch 2 and batch 32 differ by less than 3 points.
            </Claim>{' '}
            <Claim id="l9-none">
              At batch 2, BatchNorm is far worse than no normalization at all (11 to 12 %).
            </Claim>
          </p>
          <p>
            This lesson uses the MLP, not lesson 7's small CNN, on purpose:{' '}
            <Claim id="l9-conv">
              a convolutional BN layer pools each channel over every pixel position of every image in the
              batch, so two 28×28 images already give it 1,568 values per channel
            </Claim>
            . Dense features get exactly <M tex="B" />.{' '}
            <Claim id="l9-cnn">
              On that CNN, at batch 2 and on the same {images} images, BatchNorm's test error (6 to 8 %) stays
              within 2 points of GroupNorm's on all three seeds: no breakdown to see.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Remedies, and one that is not',
      body: (
        <>
          <p>
            <strong>Gradient accumulation</strong> is the usual answer when memory only fits 2 samples: run 16
            micro-batches, add up their gradients, take one optimizer step.
          </p>
          <Formula
            tex={String.raw`g = \frac{1}{16}\sum_{k=1}^{16} \nabla_\theta L\big(\mathrm{BN}_{\mu_k,\sigma_k}(\text{micro-batch } k)\big)`}
          />
          <p>
            <Claim id="l9-accum-exact">Without BatchNorm this is exactly one step on a batch of 32.</Claim>{' '}
            The optimizer now sees a batch of 32, but each BN statistic <M tex="\mu_k, \sigma_k" /> still
            comes from 2 samples.{' '}
            <Claim id="l9-accum">
              On the same {images} images BatchNorm ends at 48 to 55 % test error — no better than plain batch
              2, in fact worse, since it took 16 times fewer steps with statistics just as noisy. GroupNorm
              and LayerNorm, which normalize each sample on its own, train like a real batch of 32: the same
              test error to within half a point.
            </Claim>
          </p>
          <p>
            <strong>Ghost batches</strong> (Hoffer, Hubara and Soudry, 2017) run the other way: a large batch
            whose BN statistics are taken over smaller sub-batches.{' '}
            <Claim id="l9-ghost">
              A batch of 32 in ghost batches of 2 is as bad as a batch of 2 (52 to 55 %); in ghost batches of
              8 it is back to 11–12 %.
            </Claim>{' '}
            <Claim id="l9-ghost">
              What decides BN's quality is the number of samples per statistic, not the optimizer's batch.
            </Claim>
          </p>
          <p>
            <strong>Batch Renormalization</strong> (Ioffe, 2017) keeps the batch statistics but corrects them
            toward the running ones, treating the correction as a constant in the backward pass:
          </p>
          <Formula
            tex={String.raw`\begin{gathered} \hat x = \frac{x - \mu_B}{\sigma_B}\, r + d, \\ r = \operatorname{clip}_{[1/r_{\max},\, r_{\max}]}\!\Big(\frac{\sigma_B}{\sigma}\Big), \\ d = \operatorname{clip}_{[-d_{\max},\, d_{\max}]}\!\Big(\frac{\mu_B - \mu}{\sigma}\Big) \end{gathered}`}
          />
          <p>
            <Claim id="l9-brn">
              At batch 2 (r<sub>max</sub> 3, d<sub>max</sub> 5) it ends at 27 to 34 % test error on the three
              seeds: it closes 18 to 52 % of BatchNorm's gap to batch 32, depending on the seed, but stays
              well above GroupNorm.
            </Claim>
          </p>
          <p>
            <strong>Synchronized BN</strong> (PyTorch's <code>SyncBatchNorm</code>) is the remedy when the
            small batches are small only per device: the devices exchange their sums so every BN layer
            normalizes over the whole global batch, at the price of communication in every layer. NormLab runs
            on one device, so it is explained here, not shown. And the simplest remedy is the one from the
            sweep: a normalizer whose statistics do not involve the batch.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_9,
    knobs: ['batchSize', 'accumSteps', 'ghostBatch'],
    views: ['sweep', 'runs', 'loss'],
    tryThis: [
      {
        label: 'Run the batch-size sweep',
        look: 'Fifteen runs on the same number of images. Where does the BatchNorm line leave the other two?',
        apply: (e) => e,
        start: 'sweep',
        claims: ['l9-sweep', 'l9-gn-flat'],
      },
      {
        label: 'Accumulate 16 micro-batches of 2',
        look: 'Each step now sees 32 images, yet BatchNorm’s test accuracy in the runs table stays far below the others.',
        apply: () => LESSON_9_ACCUMULATE,
        claims: ['l9-accum'],
      },
      {
        label: 'Batch 32 in ghost batches of 2',
        look: 'A real batch of 32 — but BN’s statistics come from pairs, and its test accuracy collapses again.',
        apply: () => LESSON_9_GHOST,
        claims: ['l9-ghost'],
      },
      {
        label: 'Race Batch Renorm at batch 2',
        look: 'Batch Renorm lands between BatchNorm and GroupNorm in the runs table.',
        apply: () => LESSON_9_RENORM,
        claims: ['l9-brn'],
      },
    ],
  },
  predict: LESSON_9_PREDICT,
  takeaway: (
    <p>
      <Claim id="l9-sweep">
        BatchNorm's statistics are only as good as the number of values behind them: on dense layers at batch
        2 its test error here is about four times GroupNorm's or LayerNorm's
      </Claim>
      . <Claim id="l9-accum">Accumulating gradients does not help</Claim>, because BN still normalizes each
      micro-batch; ghost batches, Batch Renorm and synchronized BN change what BN normalizes over, and
      GroupNorm or LayerNorm avoid the batch altogether.
    </p>
  ),
  references,
  quiz: {
    question:
      'Your GPU fits 2 images. You accumulate gradients over 16 micro-batches to get an effective batch of 32. What batch does a BatchNorm layer normalize over?',
    options: [
      {
        text: '2 images: each micro-batch goes forward on its own, so BN sees 2 samples per statistic.',
        correct: true,
        feedback:
          'Accumulation enlarges the optimizer’s batch, not BN’s. Here it left BN at 48–55 % test error.',
        claims: ['l9-accum'],
      },
      {
        text: '32 images: accumulation makes it equivalent to a batch of 32.',
        correct: false,
        feedback:
          'Only without BN (or with per-sample normalizers): then 16 accumulated micro-batches of 2 give exactly the gradient of a batch of 32. BN’s forward pass has already normalized each pair on its own.',
        claims: ['l9-accum-exact'],
      },
      {
        text: 'It depends on the learning rate.',
        correct: false,
        feedback: 'The learning rate scales the step, not the statistics: BN still sees 2 samples at a time.',
        claims: ['l9-accum'],
      },
    ],
  },
};
