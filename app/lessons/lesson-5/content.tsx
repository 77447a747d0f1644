// Lesson 5: higher learning rates — a learning-rate sweep of a 6-layer ReLU MLP with plain SGD,
// with and without BatchNorm, and a live race at a rate only the BN network survives.

import { SMOOTHNESS_EVERY, SMOOTHNESS_STEP_FACTORS } from '#engine';
import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { ViewLink } from '../ViewLink.tsx';
import { LESSON_5_PREDICT } from './predict.ts';
import {
  LESSON_5,
  LESSON_5_SMOOTH_GRAD_MEASURED,
  LESSON_5_SMOOTH_GRAD_RATIO,
  LESSON_5_SMOOTH_LRS,
  LESSON_5_STEPS,
} from './preset.ts';
import { references } from './sources.ts';

/** "0.1, 0.5 and 2". */
function listRates(rates: readonly number[]): string {
  return rates.length < 2
    ? rates.join('')
    : `${rates.slice(0, -1).join(', ')} and ${rates[rates.length - 1]}`;
}

export const content: LessonContent = {
  id: 5,
  screens: [
    {
      title: 'How fast can you go?',
      body: (
        <>
          <p>
            The learning rate is the one knob every practitioner touches first. Too small and training crawls;
            too large and a step overshoots, the next overshoots further, and the loss explodes. The largest
            rate a network tolerates decides how fast it can learn.
          </p>
          <p>
            The race in the live panel trains a 6-layer ReLU network on the two-moons problem with plain SGD
            at learning rate 3 — with and without BatchNorm. Press <kbd>Play</kbd>.{' '}
            <Claim id="l5-live">
              The plain network is marked <strong>diverged</strong> within a few steps
            </Claim>
            : its loss left any sensible range, so NormLab stops that run and says why instead of drawing
            nonsense. <Claim id="l5-live">The BN network trains on.</Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Why BN tolerates more',
      body: (
        <>
          <p>
            BatchNorm makes a layer's output blind to the scale of its weights. For any factor{' '}
            <M tex="a > 0" />,
          </p>
          <Formula
            tex={String.raw`\mathrm{BN}(a\,W x) = \mathrm{BN}(W x), \qquad \frac{\partial L}{\partial (aW)} = \frac{1}{a}\,\frac{\partial L}{\partial W}.`}
          />
          <p>
            <Claim id="l5-halves">
              So if a too-large step makes the weights grow, the gradients that follow shrink in proportion
            </Claim>
            . The weights themselves are not held back —{' '}
            <Claim id="l5-weights-grow">
              in the BN run at learning rate 3 every layer's weights end 1.4 to 2.5 times as large as they
              started (three seeds)
            </Claim>{' '}
            — but their size stops mattering for the output, and each step changes them relatively less: the
            effective learning rate is <M tex={String.raw`\eta/\lVert W\rVert^2`} />, which falls as the
            weights grow. A plain network has no such brake. A large step changes a layer's output scale, that
            change is multiplied through the layers above, and the next gradient is larger still.
          </p>
        </>
      ),
    },
    {
      title: 'The sweep',
      body: (
        <>
          <p>
            One race proves little. Press <strong>Run sweep</strong> (or the first "try this"): both networks
            train 300 steps at each of eight learning rates from 0.1 to 10, and the chart plots the final loss
            against the rate. A cross marks a run that diverged.
          </p>
          <p>
            Read the chart from left to right.{' '}
            <Claim id="l5-sweep">
              The plain network is fine up to 0.5; at 1 and 2 it no longer explodes but collapses to chance
              (loss about 0.69, the dots jump up), and from 3 on it diverges. The BN network is still stable
              at 3, and fails only at 5 or 10.
            </Claim>{' '}
            <Claim id="l5-factor">
              On this seed and two others we tried, the largest stable rate with BN is six times the largest
              without: 3 against 0.5.
            </Claim>
          </p>
          <p>
            That headroom is what made BN famous: faster schedules, less tuning. It is a range, not a licence
            — past some rate, BN networks diverge too.
          </p>
        </>
      ),
    },
    {
      title: 'A smoother landscape?',
      body: (
        <>
          <p>
            Santurkar, Tsipras, Ilyas and Mądry (2018) proposed another reason: with BN the loss landscape is
            smoother, so the gradient you compute here still points the right way a step further on, and a
            larger step is safe. They measured it during training: take the gradient{' '}
            <M tex={String.raw`g = \nabla L(w)`} /> on the current batch, look at points a few learning rates
            down the slope, <M tex={String.raw`w_f = w - f\,\eta\,g`} /> with{' '}
            <M tex={String.raw`f \in \{${SMOOTHNESS_STEP_FACTORS.join(', ')}\}`} />, and record
          </p>
          <Formula
            tex={String.raw`\underbrace{\max_f \frac{\lVert \nabla L(w_f) - g \rVert}{\lVert g \rVert}}_{\text{gradient change}} \qquad \underbrace{\max_{f} L(w_f) - \min_{f} L(w_f)}_{\text{loss variation } (f = 0 \text{ included})}`}
          />
          <p>
            {/* The quotes inside the links: a button is a box the line may break before, which would
                leave an opening quote alone at a line's end. */}
            The charts <ViewLink view="smoothness">“Gradient change along the step”</ViewLink> and{' '}
            <ViewLink view="smoothness">“Loss variation along the step”</ViewLink> do exactly this every{' '}
            {SMOOTHNESS_EVERY} steps, for both networks{' '}
            <Claim id="l5-smooth-untouched">
              (the weights and BN's running statistics are put back after each probe, so training is
              untouched)
            </Claim>
            . A smaller gradient change means a more predictive gradient.{' '}
            <Claim id="l5-live">
              At the race's rate 3 the plain network diverges within a few steps and its lines stop there
            </Claim>
            ; press <strong>Probe at learning rate 0.1</strong> to watch both.
          </p>
          <p>
            What the probes show here, median over the first {LESSON_5_STEPS} steps, on this seed and two
            others:{' '}
            <Claim id="l5-smooth-grad">
              at learning rates {listRates(LESSON_5_SMOOTH_LRS)} the gradient changes, relative to its own
              size, at least {(1 / LESSON_5_SMOOTH_GRAD_RATIO).toFixed(1)} times less with BN than without
              (measured: {LESSON_5_SMOOTH_GRAD_MEASURED[0]} to {LESSON_5_SMOOTH_GRAD_MEASURED[1]} times less)
            </Claim>
            , <Claim id="l5-smooth-abs">and at 0.1 and 0.5 it also changes less in absolute size</Claim>.{' '}
            <Claim id="l5-smooth-loss">
              The loss variation does not separate the two so cleanly: at 0.5 it is smaller with BN on all
              three seeds, at 0.1 it is not (on one seed it is larger).
            </Claim>{' '}
            So{' '}
            <Claim id="l5-smooth-grad">
              the gradient half of the smoothness picture holds in this network
            </Claim>
            ; <Claim id="l5-smooth-loss">the loss half only at some rates</Claim>.
          </p>
          <p>
            Mind the differences. Santurkar et al. measured VGG networks on CIFAR-10 over much longer
            training;{' '}
            <Claim id="l5-smooth-setup">
              this is a 16-unit, 6-layer MLP on two moons for {LESSON_5_STEPS} steps, trained with plain SGD
              (no momentum), so a real step is exactly <M tex={String.raw`\eta\,g`} />, the probe at{' '}
              <M tex="f = 1" />
            </Claim>
            . Smoothness and the scale invariance of the previous screen are two explanations of the same
            headroom, not rivals. Source: S. Santurkar, D. Tsipras, A. Ilyas, A. Mądry, "How Does Batch
            Normalization Help Optimization?", NeurIPS 2018.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_5,
    knobs: ['lr', 'batchSize'],
    views: ['sweep', 'loss', 'runs', 'smoothness'],
    tryThis: [
      {
        label: 'Run the learning-rate sweep',
        look: 'Sixteen short runs. Where does each line end in crosses? Compare the last dot before the crosses.',
        apply: (e) => e,
        start: 'sweep',
      },
      {
        label: 'Race at learning rate 0.5',
        look: 'Both networks train now: 0.5 is the largest rate the plain network survived in the sweep.',
        apply: (e) => ({ ...e, config: { ...e.config, lr: 0.5 } }),
        claims: ['l5-sweep'],
      },
      {
        label: 'Race at learning rate 10',
        look: 'Past BN’s range as well: both runs diverge.',
        apply: (e) => ({ ...e, config: { ...e.config, lr: 10 } }),
        claims: ['l5-sweep'],
      },
      {
        label: 'Probe at learning rate 0.1',
        look: 'Both networks train. In the gradient-change chart the plain network’s line lies mostly above the BN network’s; the loss-variation chart separates them less reliably from seed to seed.',
        apply: (e) => ({ ...e, config: { ...e.config, lr: 0.1 } }),
        claims: ['l5-smooth-grad', 'l5-smooth-loss'],
      },
    ],
  },
  predict: LESSON_5_PREDICT,
  takeaway: (
    <p>
      <Claim id="l5-factor">
        A BN network keeps training at learning rates that blow a plain network up — here six times higher, on
        each of three seeds
      </Claim>{' '}
      —{' '}
      <Claim id="l5-halves">
        because normalization makes each layer's output blind to the scale of its weights: when a large step
        inflates the weights, the gradients that follow shrink in proportion
      </Claim>
      . The range grows; it does not become endless.
    </p>
  ),
  references,
  quiz: {
    question:
      'A layer followed by BN has its weights doubled by one large update. What happens to the next gradient of those weights?',
    options: [
      {
        text: 'It halves: BN removed the scale from the output, so the loss is as sensitive to a relative change as before.',
        correct: true,
        feedback:
          'BN(2Wx) = BN(Wx), so the gradient with respect to the doubled weights is half as large — a built-in brake.',
        claims: ['l5-halves'],
      },
      {
        text: 'It doubles.',
        correct: false,
        feedback:
          'Not with BN: the output is unchanged, so the gradient with respect to the doubled weights is half (exactly, but for the small ε under the square root). Without normalization there is no such rule — how the gradient changes depends on every layer above.',
        claims: ['l5-halves'],
      },
      {
        text: 'It is unchanged.',
        correct: false,
        feedback: 'The output is unchanged, but the gradient with respect to the weights scales by 1/2.',
        claims: ['l5-halves'],
      },
    ],
  },
};
