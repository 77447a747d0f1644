// Lesson 13: shipping it — fold BatchNorm into the convolution before it (the fold view, on lesson
// 7's CNN trained here), why normalization statistics stay in float32 (the precision widget), and
// the course's production checklist, each item linked to the lesson that showed it.

import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent } from '../lesson-types.ts';
import { PrecisionWidget } from './PrecisionWidget.tsx';
import { LESSON_13_PREDICT } from './predict.ts';
import { LESSON_13, LESSON_13_GROUPNORM, LESSON_13_SLOW_STATS } from './preset.ts';
import { references } from './sources.ts';

export const content: LessonContent = {
  id: 13,
  screens: [
    {
      title: 'Folding BatchNorm away',
      body: (
        <>
          <p>
            At serving time a BN layer in eval mode no longer computes anything from its input: its mean and
            variance are the stored running statistics, so per channel it is a fixed scale and shift. A
            convolution or dense layer right before it is also a multiply-and-add, and two affine maps in a
            row are one affine map. So the BN can be folded into the layer before it:
          </p>
          <Formula
            tex={String.raw`W' = W\cdot\frac{\gamma}{\sqrt{\hat\sigma^2+\varepsilon}},\qquad b' = (b-\hat\mu)\cdot\frac{\gamma}{\sqrt{\hat\sigma^2+\varepsilon}} + \beta`}
          />
          <p>
            one scale per output channel, applied to that channel's row of weights. Press <kbd>Play</kbd>: the
            live panel trains lesson 7's small CNN (two 3×3 convolutions, each followed by BN and ReLU) for
            200 steps, pauses, and folds it on the spot.
          </p>
          <p>
            <Claim id="l13-layers">
              The folded network has no BN layer left: 10 layers become 8, and both BatchNorms are gone.
            </Claim>{' '}
            <Claim id="l13-fold-exact">
              On the panel's 500 test digits its logits differ from the unfolded model's in eval mode by at
              most 1.9 × 10⁻⁶ on this seed (under 3 × 10⁻⁶ on the three seeds we tried) — float32 rounding —
              and not one answer changes.
            </Claim>{' '}
            <Claim id="l13-multiplies">
              It also does less work: 290,080 multiplies per image instead of 299,488, the 9,408 (3.1 %) that
              the two BNs spent scaling each of their outputs.
            </Claim>{' '}
            The saving is small because the convolutions do most of this network's work; what folding mainly
            buys in deployment is one operation fewer per block.
          </p>
        </>
      ),
    },
    {
      title: 'What a fold does not keep',
      body: (
        <>
          <p>
            A fold copies eval mode, nothing else. The panel's second line compares the folded model with the
            same weights in <em>train</em> mode, where each BN normalizes with the statistics of its batch.{' '}
            <Claim id="l13-batch-fold">
              Those are not the numbers the fold baked in: with batches of 32 the largest logit difference is
              1.3 to 2.0, and 0.6 to 1.6 % of the answers change, on the three seeds we tried.
            </Claim>{' '}
            So fold a model in eval mode, after training, and check it against eval mode; PyTorch's own fusion
            helper refuses modules that are still in training mode.
          </p>
          <p>
            The fold is only as good as the running statistics it copies. Lesson 6 showed that a small
            momentum makes them lag the batches; try BN momentum 0.001 below.{' '}
            <Claim id="l13-slow-stats">
              After 200 steps their starting values (mean 0, variance 1) still carry 82 % of the weight in the
              running statistics, and the folded model reproduces that stale eval model exactly: 88.0 %
              correct against 92.4 % for the same weights with batch statistics on this seed, 1.4 to 4.4
              points lower on the three seeds, while at the default momentum 0.1 the two lie within a point.
            </Claim>{' '}
            Fold once the statistics have settled, or re-estimate them first (lesson 11).
          </p>
          <p>
            <Claim id="l13-only-bn">
              Only BatchNorm folds. LayerNorm and GroupNorm compute their statistics from each input at
              inference, so there is no fixed scale to merge: with GroupNorm the table keeps all its layers
              and the same multiply count.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Statistics stay in float32',
      body: (
        <>
          <p>
            Mixed-precision training runs matrix products in 16-bit floats. float16 has 11 significant bits
            and its largest value is 65,504, and normalization statistics are exactly the computations that
            break first. Each part below rounds every operation to the format in its row:
          </p>
          <PrecisionWidget />
          <p>
            <Claim id="l13-overflow">
              Overflow: 256 activations with a standard deviation of 20 — not large — have a sum of squares
              around 90,000 to 110,000, past float16's 65,504, so the float16 sum becomes Infinity; float32's
              sum is within a millionth of exact.
            </Claim>
          </p>
          <p>
            <Claim id="l13-cancel">
              Cancellation: for a channel with mean 100 and standard deviation 1, <M tex="E[x^2]" /> is about
              10,001, where neighbouring float16 values are 8 apart, so <M tex="E[x^2]-E[x]^2" /> comes out 0
              or −8 instead of about 1; float32 is within 0.5 %, and subtracting the mean first (two passes)
              rescues even float16, within 2 %.
            </Claim>
          </p>
          <p>
            <Claim id="l13-stall">
              Stalling: a running mean updated with momentum 0.01 toward 100 stops at 96.875 in float16.
              Between 64 and 128 float16 values are 1/16 apart, and once 0.01 × (100 − mean) is at most half
              of that step the sum rounds back to the old value; float32 gets within 0.001 of 100. With
              momentum 0.1 it stops at 99.75, with 0.001 already at 68.75.
            </Claim>
          </p>
          <p>
            Frameworks therefore keep normalization in float32 under mixed precision. PyTorch's autocast lists
            layer_norm and group_norm among the operations it runs in float32; batch_norm is on neither of its
            lists, and its running statistics, γ and β stay float32 tensors (autocast changes the type of an
            operation's inputs, not a module's stored values). The mixed-precision paper that introduced the
            recipe asks for exactly this: accumulate normalization statistics in float32 (sources below).
          </p>
        </>
      ),
    },
    {
      title: 'The production checklist',
      body: (
        <>
          <p>The course in six lines, each with the lesson that showed why:</p>
          <ol className="checklist">
            <li>
              <strong>Eval mode everywhere at serving.</strong> In train mode answers depend on the
              batch-mates and serving rewrites the running statistics (<a href="#/lessons/7">lesson 7</a>).
            </li>
            <li>
              <strong>Log the serving batch size.</strong> If anything still normalizes with batch statistics,
              its answers change with it; small batches are where BatchNorm breaks (
              <a href="#/lessons/9">lesson 9</a>, <a href="#/lessons/7">lesson 7</a>).
            </li>
            <li>
              <strong>Re-estimate statistics after fine-tuning or a change of domain.</strong> Running
              statistics describe the data they were collected on (<a href="#/lessons/11">lesson 11</a>).
            </li>
            <li>
              <strong>Monitor running-statistics drift.</strong> They chase the batches at the momentum's pace
              and can lag or be corrupted silently (<a href="#/lessons/6">lesson 6</a>).
            </li>
            <li>
              <strong>Fold for deployment, in eval mode, after the statistics settle.</strong> Check the
              folded model against eval mode (<a href="#/lessons/13?step=1">this lesson</a>).
            </li>
            <li>
              <strong>Keep normalization in float32.</strong> Sums of squares overflow and cancel in float16,
              and slow averages stop moving (<a href="#/lessons/13?step=3">this lesson</a>).
            </li>
          </ol>
        </>
      ),
    },
  ],
  live: {
    kind: 'network',
    preset: LESSON_13,
    knobs: [],
    views: ['fold', 'accuracy', 'runs'],
    tryThis: [
      {
        label: 'Fold before the statistics settle (BN momentum 0.001)',
        look: 'Train to step 200: the eval-mode difference stays tiny, yet the folded model scores 88.0 % against 92.4 % for the same weights in train mode on this seed, and the train-mode logits are about 10 apart.',
        apply: () => LESSON_13_SLOW_STATS,
        claims: ['l13-slow-stats'],
      },
      {
        label: 'Use GroupNorm instead of BatchNorm',
        look: 'Nothing folds: the table keeps its 10 layers and its multiply count, and the note says why.',
        apply: () => LESSON_13_GROUPNORM,
        claims: ['l13-only-bn'],
      },
      {
        label: 'Back to the CNN with BatchNorm',
        look: 'The lesson’s model: train to step 200 and read the fold table.',
        apply: () => LESSON_13,
      },
    ],
  },
  predict: LESSON_13_PREDICT,
  takeaway: (
    <p>
      <Claim id="l13-fold-exact">
        In eval mode a BN is a fixed per-channel scale and shift, so it folds into the layer before it with
        the same answers
      </Claim>{' '}
      — <Claim id="l13-slow-stats">and with the same running statistics, settled or not</Claim>. Its
      statistics need float32: in float16 <Claim id="l13-overflow">sums of squares overflow</Claim>,{' '}
      <Claim id="l13-cancel">E[x²] − E[x]² cancels</Claim> and{' '}
      <Claim id="l13-stall">slow running averages stop moving</Claim>. Serve in eval mode, watch the
      statistics, and re-estimate them when the data changes.
    </p>
  ),
  references,
  quiz: {
    question:
      'Why can a BatchNorm be folded into the convolution before it at deployment, but a GroupNorm cannot?',
    options: [
      {
        text: 'In eval mode BN uses stored running statistics, so it is a fixed scale and shift per channel; GroupNorm computes its statistics from each input.',
        correct: true,
        feedback:
          'A fixed affine map merges into the weights and bias before it; statistics of the input itself cannot be precomputed.',
        claims: ['l13-only-bn'],
      },
      {
        text: 'GroupNorm has no learnable γ and β to fold.',
        correct: false,
        feedback:
          'It has them, one pair per channel. What blocks the fold is its mean and variance, computed per input.',
      },
      {
        text: 'Folding changes the predictions, and only BN tolerates that.',
        correct: false,
        feedback:
          'A correct fold does not change predictions: in eval mode the folded model matches the original up to float32 rounding.',
        claims: ['l13-fold-exact'],
      },
    ],
  },
};
