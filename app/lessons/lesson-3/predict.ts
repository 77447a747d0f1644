// Lesson 3's predict-then-run exercises (app/lessons/predict.ts), on the one-batch widget: Run shows
// the exercise's batch in the widget and measures it on the x̂ that the engine's BatchNorm produced
// for it (runBatchStep, what the widget shows). Each expected answer is asserted on seeds 1, 2 and 3
// by the claim tests its `claims` name, with the same outcome rule.

import {
  channelIndices,
  makeBatch,
  runBatchStep,
  STEP_SHAPES,
  spatialSize,
} from '../../views/bn-step/batch-step.ts';
import type { WidgetPredictExercise } from '../predict.ts';
import { LESSON_3_EXAMPLE, type Lesson3Example } from './preset.ts';

/** One training-mode forward of the widget's batch: channel c's x̂ values, image by image (NCHW order). */
function xhatOf(setup: Lesson3Example, c: number): number[] {
  const step = runBatchStep(makeBatch(setup.example, setup.seed));
  return channelIndices(step.batch.shape, c).map((i) => step.xhat[i]);
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The variance of feature `c`'s x̂ column divided by m − 1 instead of m (the unbiased estimate). */
export function unbiasedXhatVariance(setup: Lesson3Example, c: number): number {
  const v = xhatOf(setup, c);
  const mean = sum(v) / v.length;
  return sum(v.map((x) => (x - mean) ** 2)) / (v.length - 1);
}

/** |mean| of image 0's part (H · W values) of channel `c` of x̂. */
export function firstImageXhatMean(setup: Lesson3Example, c: number): number {
  const part = xhatOf(setup, c).slice(0, spatialSize(STEP_SHAPES[setup.example]));
  return Math.abs(sum(part) / part.length);
}

const DENSE_M = STEP_SHAPES.dense.n;
const CONV = STEP_SHAPES.conv;

export const LESSON_3_PREDICT: readonly WidgetPredictExercise<Lesson3Example>[] = [
  {
    id: 'unbiased-check',
    question: `You check BN’s work on the ${DENSE_M} × 4 batch: you take feature 0’s column of x̂ and compute its variance the unbiased way, dividing by m − 1 = ${DENSE_M - 1}. You get about…`,
    setup: { ...LESSON_3_EXAMPLE, example: 'dense' },
    measured: `Feature 0’s x̂ variance, divided by ${DENSE_M - 1}`,
    measure: (setup) => unbiasedXhatVariance(setup, 0),
    format: (v) => v.toFixed(4),
    cuts: [0.94, 1.07],
    choices: [`0.875 (${DENSE_M - 1}/${DENSE_M})`, '1.000', `1.143 (${DENSE_M}/${DENSE_M - 1})`],
    expected: 2,
    explain: `BN normalizes with the biased variance, dividing by m = ${DENSE_M}: measured that way, each column of x̂ has variance a hair under 1. Divide the same squared deviations by ${DENSE_M - 1} and you get ${DENSE_M}/${DENSE_M - 1} of it. The same factor m/(m − 1) turns σ²_B into the unbiased variance the running statistics store.`,
    claims: ['l3-xhat', 'l3-unbiased-check', 'l3-running'],
  },
  {
    id: 'one-image-mean',
    question: `Now the conv map: ${CONV.n} images × ${CONV.c} channels × ${CONV.h}×${CONV.w}. Take only image 0’s ${CONV.h * CONV.w} values of channel 0 in x̂. Their mean is…`,
    setup: { ...LESSON_3_EXAMPLE, example: 'conv' },
    measured: 'The size of that mean, |mean|',
    measure: (setup) => firstImageXhatMean(setup, 0),
    format: (v) => v.toFixed(3),
    cuts: [0.01],
    choices: ['0, to rounding: each image is centred', 'Clearly not 0'],
    expected: 1,
    explain: `A channel’s one mean and variance come from all ${CONV.n * CONV.h * CONV.w} of its values, over both images, so only that whole set is centred. Each image’s part sits above or below 0, and moves when the other image changes: in training mode, one image’s output depends on its batch-mates.`,
    claims: ['l3-per-channel', 'l3-image-mean'],
  },
];
