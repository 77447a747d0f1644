// Lesson 12: noise as regularization — one MNIST digit's logits move with its batch-mates (about
// as 1/√B), then what that noise, dropout and weight decay do to the train/test gap at this scale.

import { SPREAD_BATCH_SIZES, SPREAD_DRAWS } from '#engine';
import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { LESSON_12_PREDICT } from './predict.ts';
import {
  LESSON_12,
  LESSON_12_DROPOUT,
  LESSON_12_NORM,
  LESSON_12_NORM_128,
  LESSON_12_WEIGHT_DECAY,
} from './preset.ts';
import { references } from './sources.ts';

const FIRST_B = SPREAD_BATCH_SIZES[0];
const LAST_B = SPREAD_BATCH_SIZES[SPREAD_BATCH_SIZES.length - 1];

export const content: LessonContent = {
  id: 12,
  screens: [
    {
      title: 'A batch is a sample',
      body: (
        <>
          <p>
            In training mode a BatchNorm layer normalizes each feature with the mean and variance of the
            current mini-batch. Those are estimates from <M tex="B" /> samples, not the population's values,
            and an estimate from a sample wobbles: the standard error of a mean falls as one over the square
            root of the sample size.
          </p>
          <Formula
            tex={String.raw`\hat x_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}, \qquad \mathrm{sd}(\mu_B) = \frac{\sigma}{\sqrt{B}}.`}
          />
          <p>
            So the same image, sent through the same weights, comes out differently depending on which other
            images share its batch. The live panel measures exactly that. Press <kbd>Play</kbd>: a
            784-64-64-10 network with BatchNorm before each ReLU trains on MNIST for 300 steps with plain SGD
            and pauses. Then test digit #0 goes through it in training mode beside {SPREAD_DRAWS} random sets
            of batch-mates for each batch size from {FIRST_B} to {LAST_B}, and the chart plots how much its
            ten logits vary.
          </p>
          <p>
            <Claim id="l12-spread-panel">
              For the default seed the panel reads a spread of 2.3 at B = {FIRST_B} and 0.58 at B = {LAST_B}:
              3.9× smaller, with a fitted log-log slope of −0.49.
            </Claim>{' '}
            <Claim id="l12-spread">
              On three seeds this digit's spread shrinks 3.7–4.3× over that range, where{' '}
              <M tex="1/\sqrt{B}" /> predicts 4×, with slopes from −0.48 to −0.52. Averaged over 20 digits it
              shrinks a little more slowly, 3.3–3.7× (slopes −0.43 to −0.46).
            </Claim>{' '}
            <Claim id="l12-no-norm">
              Without BatchNorm nothing in the network looks at the batch, and the spread is exactly zero.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Does the noise regularize?',
      body: (
        <>
          <p>
            Noise during training that is absent at test time is what dropout adds on purpose, and Ioffe and
            Szegedy reported that BatchNorm's version of it helped their large ImageNet networks generalize,
            enough that they could drop dropout. Luo et al. later wrote the effect out as an explicit
            regularizer (a decay on γ) whose strength falls as the batch grows — derived for one building
            block, a linear layer, BN and a nonlinearity. The honest test is the gap between training and test
            accuracy: a regularizer should make it narrower.
          </p>
          <Formula
            tex={String.raw`\text{gap} = \text{accuracy}_{\text{train}} - \text{accuracy}_{\text{test}}`}
          />
          <p>
            The first try-this trains the network with and without BatchNorm side by side and fills the table
            with both gaps at step 300. At this scale the textbook effect does not appear.{' '}
            <Claim id="l12-gap-bn">
              BatchNorm's gap is wider, not narrower: 4.0 points against 3.3 for the default seed, and 0.7–0.8
              points wider on each of three seeds — while its test accuracy is higher, 91.2–92.5 % against
              89.3–90.5 %.
            </Claim>{' '}
            <Claim id="l12-gap-bn">
              BatchNorm here mostly makes the network learn faster, which raises both accuracies and the
              training one more.
            </Claim>{' '}
            <Claim id="l12-gap-batch">
              At batch size 128, a quarter of the noise, BatchNorm's gap grows to 5.4–6.2 points and stays
              wider than the plain network's 3.8–4.3 — but in the same 300 steps the larger batch also shows
              the network four times as many images, so this comparison is not clean either.
            </Claim>
          </p>
          <p>
            <Claim id="l12-dropout">
              Dropout, by contrast, narrows the gap in loss on all three seeds (test minus training loss 0.104
              against 0.145 on the default seed), but at step 300 it costs 1.4–2.6 points of test accuracy: it
              also slows training down.
            </Claim>{' '}
            In 300 steps of 32 this network sees each training digit about 1.2 times; the regularization
            reported for BatchNorm was measured on far larger networks trained far longer.
          </p>
        </>
      ),
    },
    {
      title: 'Weight decay meets BatchNorm',
      body: (
        <>
          <p>
            Weight decay (an L2 penalty) is meant to limit a network by keeping its weights small. But lesson
            5 showed that a weight matrix followed by BatchNorm can be rescaled without changing the output:
            each row <M tex="w" /> feeding a BN feature is scale-invariant, and its gradient shrinks as it
            grows.
          </p>
          <Formula
            tex={String.raw`\mathrm{BN}(a\,w^\top x) = \mathrm{BN}(w^\top x), \qquad \eta_{\text{eff}} = \frac{\eta}{\lVert w\rVert^2}.`}
          />
          <p>
            <Claim id="l12-scale">
              So shrinking these weights cannot limit what the network computes in training mode: scale the
              trained network's first layer by 3 and its outputs for a batch stay the same.
            </Claim>{' '}
            What it changes is the effective step, as van Laarhoven and Zhang et al. argued. The last try-this
            trains with and without weight decay 0.01; the table shows each run's weight norm and effective
            step (the mean of <M tex={String.raw`\eta/\lVert w\rVert^2`} /> over the rows BN follows).
          </p>
          <p>
            <Claim id="l12-wd-norm">
              Without weight decay the hidden weights' norm grows, from 16.0 at initialization to about 19 at
              step 300 and 22 at step 1,000 (press Play again and pause near step 1,000 to see it). With
              weight decay it is 7.7 at step 300 and stays between 7.4 and 7.7 at step 1,000.
            </Claim>{' '}
            <Claim id="l12-wd-step">
              The effective step is about 7× larger with weight decay (1.3 against 0.19 for the default seed,
              7.0–7.2× on three seeds). At learning rate 0.5 that is too large: test accuracy at step 300
              falls by 4.6–9.9 points on three seeds.
            </Claim>{' '}
            With BatchNorm, weight decay is a learning-rate knob in disguise.
          </p>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_12,
    knobs: [],
    views: ['spread', 'fit', 'loss', 'accuracy'],
    tryThis: [
      {
        label: 'Compare with no normalization',
        look: 'Two runs side by side. The spread panel shows the first, without normalization: its spread is 0 at every batch size (pick the BatchNorm run in the panel to compare). In the table, BatchNorm’s gap is wider (4.0 against 3.3 points for the default seed), yet its test accuracy is higher.',
        apply: () => LESSON_12_NORM,
        claims: ['l12-no-norm', 'l12-gap-bn'],
      },
      {
        label: 'The same at batch size 128',
        look: 'A quarter of the batch noise: BatchNorm’s gap grows to 5.4–6.2 points on three seeds, still wider than without normalization (3.8–4.3).',
        apply: () => LESSON_12_NORM_128,
        claims: ['l12-gap-batch'],
      },
      {
        label: 'Add dropout 0.3',
        look: 'The loss gap narrows (0.104 against 0.145 for the default seed), but test accuracy at step 300 is lower.',
        apply: () => LESSON_12_DROPOUT,
        claims: ['l12-dropout'],
      },
      {
        label: 'Add weight decay 0.01',
        look: 'Weight norm 7.7 against about 19, effective step about 7× larger, test accuracy several points lower at step 300.',
        apply: () => LESSON_12_WEIGHT_DECAY,
        claims: ['l12-wd-norm', 'l12-wd-step'],
      },
    ],
  },
  predict: LESSON_12_PREDICT,
  takeaway: (
    <p>
      <Claim id="l12-spread">
        Batch statistics make each example's output depend on its batch-mates, with a spread that shrinks
        about as <M tex="1/\sqrt{B}" />.
      </Claim>{' '}
      Whether that noise regularizes is an empirical question:{' '}
      <Claim id="l12-gap-bn">on this small MNIST network it does not narrow the train/test gap at all</Claim>,
      and{' '}
      <Claim id="l12-wd-step">
        weight decay on BN-normalized weights acts through the effective learning rate, not through capacity
      </Claim>
      .
    </p>
  ),
  references,
  quiz: {
    question: 'A network has BatchNorm after every linear layer. You add weight decay. What changes, mainly?',
    options: [
      {
        text: 'The weight norm stays small, so each step changes the weights relatively more: a larger effective learning rate.',
        correct: true,
        feedback:
          'The output does not depend on the scale of BN-normalized weights, so weight decay cannot limit the function; it keeps η/‖w‖² large. Here 1.3 against 0.19 at step 300 for the default seed.',
        claims: ['l12-wd-step', 'l12-wd-norm'],
      },
      {
        text: 'The network becomes less able to fit the training set, because its weights are smaller.',
        correct: false,
        feedback:
          'Not through the weights BN normalizes: scaling them leaves the output unchanged. Accuracy did drop here, but because the effective step became too large.',
        claims: ['l12-wd-step'],
      },
      {
        text: 'Nothing: BatchNorm already regularizes, so weight decay has no effect.',
        correct: false,
        feedback:
          'Weight decay has a large effect here (weight norm 7.7 against 19), just not the one its name suggests. And on this network BN did not narrow the train/test gap.',
        claims: ['l12-wd-norm', 'l12-gap-bn'],
      },
    ],
  },
};
