// Lesson 1: why normalize at all — gradient descent on a 2-feature linear model whose features
// differ in scale by 100×, on the exact loss contours; standardizing makes the path straight
// and a 1,000× larger learning rate stable.

import { LANDSCAPE_LIMITS, type LandscapeOptions } from '#engine';
import { LandscapeView } from '../../views/landscape/LandscapeView.tsx';
import { formatLr } from '../../views/landscape/landscape-layout.ts';
import { Claim } from '../Claim.tsx';
import { Formula, M } from '../Formula.tsx';
import type { LessonContent, WidgetLive } from '../lesson-types.ts';
import { hasAny, readFlag, readNumber } from '../widget-params.ts';
import { LESSON_1_PREDICT } from './predict.ts';
import {
  LESSON_1_JUST_TOO_FAST,
  LESSON_1_LANDSCAPE,
  LESSON_1_MILD_SCALE,
  LESSON_1_RAW_FAST,
  LESSON_1_STANDARDIZED_FAST,
} from './preset.ts';
import { references } from './sources.ts';

const KEYS = ['scale', 'standardize', 'lr', 'seed'] as const;

const live: WidgetLive<LandscapeOptions> = {
  kind: 'widget',
  preset: LESSON_1_LANDSCAPE,
  read: (params) => {
    if (!hasAny(params, KEYS)) return null;
    const issues: string[] = [];
    const p = LESSON_1_LANDSCAPE;
    const value: LandscapeOptions = {
      ...p,
      scale: readNumber(params, 'scale', LANDSCAPE_LIMITS.scale, p.scale, issues),
      standardize: readFlag(params, 'standardize', p.standardize, issues),
      lr: readNumber(params, 'lr', LANDSCAPE_LIMITS.lr, p.lr, issues),
      seed: readNumber(params, 'seed', { min: 0, max: 2 ** 31 - 1, integer: true }, p.seed, issues),
    };
    return { value, issues };
  },
  write: (o) => [
    ['scale', String(o.scale)],
    ['standardize', o.standardize ? '1' : '0'],
    ['lr', String(o.lr)],
    ['seed', String(o.seed)],
  ],
  render: (value, onChange, tries) => (
    <LandscapeView options={value} onOptionsChange={onChange} playRequest={tries} />
  ),
  tryThis: [
    {
      label: 'Make the scales closer (5× instead of 100×)',
      look: 'The classic zig-zag: the path bounces across a still-narrow valley but makes progress, reaching the minimum in about 60 steps.',
      apply: () => LESSON_1_MILD_SCALE,
      claims: ['l1-mild'],
    },
    {
      label: 'Standardize, and raise the learning rate to 0.1',
      look: 'Round contours, a straight path, the minimum in about 20 steps — at a learning rate 1,000× larger than before.',
      apply: () => LESSON_1_STANDARDIZED_FAST,
      claims: ['l1-fast-std', 'l1-straight'],
    },
    {
      label: 'Same learning rate 0.1, without standardizing',
      look: 'Diverged at the very first step: along the steep direction, 0.1 is 1,000× too large.',
      apply: () => LESSON_1_RAW_FAST,
      claims: ['l1-fast-raw'],
    },
    {
      label: `Just above the limit (learning rate ${formatLr(LESSON_1_JUST_TOO_FAST.lr)})`,
      look: 'Each bounce is a little larger than the last; after about 20 steps the path flies off.',
      apply: () => LESSON_1_JUST_TOO_FAST,
      claims: ['l1-just-too-fast'],
    },
  ],
  predict: LESSON_1_PREDICT,
};

export const content: LessonContent = {
  id: 1,
  screens: [
    {
      title: 'Two features, two scales',
      body: (
        <>
          <p>
            Before any network, one question: what does the <em>scale</em> of the inputs do to gradient
            descent? Take the simplest model there is, a linear predictor with two weights and no bias, fitted
            by mean squared error:
          </p>
          <Formula
            tex={String.raw`\hat y = w_1 x_1 + w_2 x_2, \qquad L(w) = \frac{1}{N}\sum_{i=1}^{N}\big(\hat y_i - y_i\big)^2`}
          />
          <p>
            The two features are unrelated random numbers, except that <M tex="x_2" /> is measured in units a
            hundred times smaller than <M tex="x_1" />: its values are about 100 times larger. Think of a
            house's number of rooms next to its area in square metres.
          </p>
          <p>
            The chart in the live panel is the loss over every pair <M tex="(w_1, w_2)" />, drawn as contour
            lines, and the path gradient descent takes from the start point. It is trained by NormLab's
            engine: a real dense layer, a real MSE loss, real SGD steps.
          </p>
        </>
      ),
    },
    {
      title: 'The stretched valley',
      body: (
        <>
          <p>
            Press <strong>Play</strong> in the chart. The contours are ellipses so stretched that they look
            like lines:{' '}
            <Claim id="l1-condition">
              the loss is 10,000 times more sensitive to <M tex="w_2" /> than to <M tex="w_1" />, because the
              curvature in each direction grows with the square of that feature's scale.
            </Claim>
          </p>
          <p>
            One learning rate serves both directions. It must be small enough for the steep direction —{' '}
            <Claim id="l1-limit">
              beyond <M tex={String.raw`2/\lambda_{\max}`} />, where <M tex={String.raw`\lambda_{\max}`} /> is
              the largest curvature, every step overshoots by more than it corrects and the path diverges.
            </Claim>{' '}
            <Claim id="l1-default">
              The default rate is 90 % of that limit. Along the flat direction the same rate is hopelessly
              small: the path bounces across the valley and barely moves along it. The readout says how many
              steps it would need to reach the minimum: over 24,000.
            </Claim>
          </p>
        </>
      ),
    },
    {
      title: 'Standardize',
      body: (
        <>
          <p>
            Now tick <strong>Standardize inputs</strong> and set the learning rate to 0.1 (the second "try
            this" below does both): each feature is shifted and scaled to mean 0, variance 1,
          </p>
          <Formula tex={String.raw`x_j \;\mapsto\; \frac{x_j - \mu_j}{\sigma_j}`} />
          <p>
            <Claim id="l1-straight">
              The contours become nearly circles, and the gradient points straight at the minimum.
            </Claim>{' '}
            <Claim id="l1-std-limit">
              Both directions now have nearly the same curvature, so a learning rate about 10,000 times larger
              is stable,
            </Claim>{' '}
            <Claim id="l1-fast-std">and at 0.1 the minimum is reached in about 20 steps.</Claim> Ticking
            Standardize alone, at the old rate of {formatLr(LESSON_1_LANDSCAPE.lr)}, would not be faster:{' '}
            <Claim id="l1-same-lr">
              the path goes straight but crawls, needing about as many steps as before
            </Claim>
            ; what standardizing buys is the larger rate it makes safe.
          </p>
          <p>
            <Claim id="l1-speedup">
              Run each setting at 90 % of its own largest stable rate, and standardized inputs reach the
              minimum at least 500 times sooner: 21 steps against more than 24,000, on this seed and two
              others we tried.
            </Claim>{' '}
            <Claim id="l1-fast-raw">
              A learning rate of 0.1, which converges in at most 25 steps on standardized inputs, diverges at
              the very first step on the raw ones.
            </Claim>
          </p>
          <p>
            <Claim id="l1-independent">
              The circles come out round because these two features are unrelated. Had they been correlated,
              standardizing would leave the ellipses tilted and stretched; rounding those takes{' '}
              <em>whitening</em>, which also removes the correlation.
            </Claim>{' '}
            BatchNorm (lesson 3) does not whiten: it standardizes each feature on its own, over the samples of
            a batch, inside the network — where the "features" are the previous layer's outputs and their
            scales change as the network learns. Its relatives normalize other sets of numbers: LayerNorm,
            GroupNorm and InstanceNorm work within one sample, and RMSNorm rescales without subtracting the
            mean.
          </p>
        </>
      ),
    },
  ],
  live,
  takeaway: (
    <p>
      <Claim id="l1-limit">
        Features on different scales stretch the loss surface: the learning rate has to suit the steepest
        direction, and progress along the flattest one crawls.
      </Claim>{' '}
      <Claim id="l1-independent">
        Standardizing independent inputs makes the surface round, so descent goes straight and a far larger
        learning rate is safe; correlated inputs would also need decorrelating.
      </Claim>
    </p>
  ),
  references,
  quiz: {
    question:
      'Why can’t gradient descent on the raw features simply use a larger learning rate to go faster?',
    options: [
      {
        text: 'The steep direction (the large-scale feature) would overshoot and diverge; one rate has to suit every direction.',
        correct: true,
        feedback:
          'The largest stable rate is set by the largest curvature, 2/λ_max, which the 100× feature makes 10,000× larger.',
        claims: ['l1-limit', 'l1-condition'],
      },
      {
        text: 'Larger learning rates are always unstable, standardized or not.',
        correct: false,
        feedback:
          'Standardized, a rate 1,000× larger converges in about 20 steps. Stability depends on the curvature, which standardizing evens out.',
        claims: ['l1-fast-std'],
      },
      {
        text: 'The model has no bias, so it cannot move faster.',
        correct: false,
        feedback:
          'The target is centred, so no bias is needed; the slow progress comes from the stretched loss surface.',
      },
    ],
  },
};
