// Lesson 2: deep nets without normalization — an 8-layer tanh MLP with too-large initial
// weights saturates, its first layers' gradients vanish and it never learns; BN rescues it.

import { REFERENCE_LABEL } from '../../views/model/diagnostics-layout.ts';
import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { ViewLink } from '../ViewLink.tsx';
import { LESSON_2_PREDICT } from './predict.ts';
import { LESSON_2, LESSON_2_TRY_SIGMOID, LESSON_2_TRY_XAVIER } from './preset.ts';
import { references } from './sources.ts';

export const content: LessonContent = {
  id: 2,
  screens: [
    {
      title: 'Depth multiplies',
      body: (
        <>
          <p>
            Lesson 1 fixed the scale of the <em>inputs</em>. A deep network has that problem again at every
            layer: each layer's output is the next layer's input, and nothing keeps its scale in check. The
            network in the live panel has eight hidden layers of 16 tanh units, on a simple two-circle
            problem. Its weights were drawn from a normal distribution with standard deviation 2 — far too
            wide for 16 inputs per unit.
          </p>
          <p>Backpropagation sends the error signal down through every layer, multiplying as it goes:</p>
          <Formula
            tex={String.raw`\frac{\partial L}{\partial h_{1}} = \frac{\partial L}{\partial h_{8}}\;\prod_{l=8}^{2} \operatorname{diag}\!\big(\tanh'(z_l)\big)\,W_l`}
          />
          <p>
            When a tanh input <M tex="z" /> is large, the curve is flat there:{' '}
            <M tex={String.raw`\tanh'(z) = 1 - \tanh^2(z)`} /> is close to 0. Eight such factors in a row, and
            almost nothing reaches the first layer.
          </p>
        </>
      ),
    },
    {
      title: 'Saturation, layer by layer',
      body: (
        <>
          <p>
            Press <kbd>Play</kbd>. Two runs train side by side from the same weights: the plain network, and
            the same network with a BatchNorm layer before every tanh.
          </p>
          <p>
            <ViewLink view="diagnostics">The diagnostics view</ViewLink> shows, per layer, the share of
            saturated units (a tanh output within 0.02 of ±1). Pick the “No norm” run.{' '}
            <Claim id="l2-saturated-early">
              After the first step the first layer is only 6–10 % saturated, but the deeper layers already
              56–87 %
            </Claim>
            ;{' '}
            <Claim id="l2-saturated">
              by step 500, where Play pauses, at least 85 % of all units are, and at least 70 % in every layer
            </Claim>
            .{' '}
            <Claim id="l2-same-sign">
              Most of them (13 to 16 of the 16 units in each layer) give the same sign whatever the input
            </Claim>
            , and a flat tanh passes almost no gradient back.
          </p>
          <p>
            <ViewLink view="activations">The distribution view</ViewLink> shows the same thing from both sides
            of one tanh layer:{' '}
            <Claim id="l2-saturated">
              most of the plain run's inputs lie beyond ±2.3, where the slope of tanh is under 0.04, and its
              outputs pile up at −1 and +1; few of the BN run's do
            </Claim>
            .
          </p>
        </>
      ),
    },
    {
      title: 'Vanishing gradients',
      body: (
        <>
          <p>
            <ViewLink view="diagnostics">The gradient-norm panel</ViewLink> is on a log scale. In the plain
            run the lines fan out over several powers of ten:{' '}
            <Claim id="l2-vanished">
              the first layer's gradient is thousands of times smaller than the output layer's
            </Claim>
            , and{' '}
            <Claim id="l2-frozen">
              its update-to-weight ratio sits far below the “{REFERENCE_LABEL}” line that marks a healthy
              learning pace
            </Claim>
            .{' '}
            <Claim id="l2-stalled">
              The first layers are frozen, the loss stays at chance (about 0.69 for two classes) and test
              accuracy at 50 %.
            </Claim>
          </p>
          <p>
            <Claim id="l2-healthy">
              In the BN run the gradient norms of all layers stay within one power of ten of each other, few
              units saturate, and the loss falls.
            </Claim>{' '}
            Both runs started from the same weights; BN re-centred and re-scaled each layer's pre-activations,
            every batch, back into the range where tanh has a slope:
          </p>
          <Formula
            tex={String.raw`z \mapsto \gamma\,\frac{z - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}} + \beta`}
          />
          <p>
            Play pauses at step 500.{' '}
            <Claim id="l2-vanished">
              There, on this seed and two others we tried, the plain network's output-layer gradient is at
              least 1,000 times its first layer's
            </Claim>{' '}
            <Claim id="l2-saturated">and at least 85 % of its units are saturated</Claim>;{' '}
            <Claim id="l2-healthy">with BN the ratio is at most 10 and at most 10 % are</Claim>.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_2,
    knobs: ['init', 'initStd', 'depth', 'activation'],
    views: ['diagnostics', 'runs', 'loss', 'accuracy', 'activations'],
    tryThis: [
      {
        label: 'Use Xavier initialization',
        look: 'Weights scaled to the layer width: the plain network trains too and few units saturate. At this depth, a careful init is enough — BN makes the network forgive a careless one.',
        apply: () => LESSON_2_TRY_XAVIER,
        claims: ['l2-xavier'],
      },
      {
        label: 'Switch to sigmoid (with Xavier)',
        look: 'No unit saturates now, yet the plain network still stalls at chance: σ′ is at most 1/4, so eight layers shrink the gradient thousands of times. BN still trains.',
        apply: () => LESSON_2_TRY_SIGMOID,
        claims: ['l2-sigmoid'],
      },
      {
        label: 'Back to tanh, init std 2',
        look: 'The lesson’s setup: by step 500 the plain run’s saturation share is at least 70 % in every layer and 85 % on average.',
        apply: () => LESSON_2,
        claims: ['l2-saturated'],
        view: 'diagnostics',
      },
    ],
  },
  takeaway: (
    <p>
      Without normalization a deep network is only as trainable as its initial scales allow: too large and
      units saturate, too many shrinking factors and the first layers' gradients vanish.{' '}
      <Claim id="l2-healthy">
        BatchNorm resets the scale at every layer, every batch, so at this depth the signal — and its gradient
        — keeps a usable size.
      </Claim>{' '}
      It is no cure for depth itself:{' '}
      <Claim id="l2-deep-bn">
        without skip connections BN makes gradients grow towards the input at initialization, the more the
        deeper the network. In a ReLU network 64 units wide, the first layer's gradient is 1–8 times the
        output layer's at depth 8, about 200–1,100 times at depth 32 and over 100,000 times at depth 64
      </Claim>{' '}
      (Yang et al., 2019). Very deep networks add residual connections.
    </p>
  ),
  references,
  predict: LESSON_2_PREDICT,
  quiz: {
    question: 'In the plain run, why does the first layer barely change even though the loss is high?',
    options: [
      {
        text: 'Its gradient is the product of many near-zero tanh slopes from the saturated layers above.',
        correct: true,
        feedback:
          'The error signal passes through every layer above, and each saturated tanh multiplies it by almost zero.',
        claims: ['l2-vanished'],
      },
      {
        text: 'The learning rate is too small for the first layer.',
        correct: false,
        feedback:
          'All layers share one learning rate, and the BN run trains with the same one. The gradient reaching the first layer is what is tiny.',
        claims: ['l2-frozen'],
      },
      {
        text: 'The first layer has fewer weights than the others.',
        correct: false,
        feedback:
          'It has 2 × 16 weights against 16 × 16, but that does not stop it learning — the vanishing gradient does.',
      },
    ],
  },
};
