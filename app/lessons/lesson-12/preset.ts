// Lesson 12, "noise as regularization": a 784-64-64-10 MLP with BatchNorm before each ReLU trains
// on MNIST with plain SGD; the spread panel then follows one test digit's logits over random
// batch-mates, and the fit table gives the train/test gap. Claims checked (seeds 1-3) in
// app/lessons/lesson-12/claims.test.ts; the thresholds below are the ones the prose may quote.

import { NORM_KNOB_DEFAULTS } from '#engine';
import type { LessonExperiment } from '../lesson-experiment.ts';

/**
 * Every field spelled out, so a change of the Lab defaults cannot move the lesson.
 * - SGD without momentum at lr 0.5 (BN tolerates it), batch 32: 300 steps are 1.2 epochs of the
 *   8,000 training digits, a few seconds in the browser worker.
 */
export const LESSON_12: LessonExperiment = {
  config: {
    ...NORM_KNOB_DEFAULTS,
    dataset: 'mnist',
    noise: 0,
    model: 'mlp',
    depth: 2,
    width: 64,
    activation: 'relu',
    norm: 'batchnorm',
    placement: 'before',
    optimizer: 'sgd',
    lr: 0.5,
    momentum: 0.9,
    weightDecay: 0,
    batchSize: 32,
    accumSteps: 1,
    eps: 1e-5,
    init: 'kaiming',
    initStd: 1,
    dropout: 0,
    seed: 1,
    residual: 'none',
    normLogits: 'off',
  },
  comparison: null,
  sweep: null,
  observe: null,
  stopAt: 300,
};

/** Try this: the same MLP without and with BatchNorm, side by side (the fit table shows both). */
export const LESSON_12_NORM: LessonExperiment = {
  ...LESSON_12,
  comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
};

/** Try this: the same pair at batch size 128 (4× the images in the same 300 steps, a quarter of the noise). */
export const LESSON_12_NORM_128: LessonExperiment = {
  ...LESSON_12_NORM,
  config: { ...LESSON_12.config, batchSize: 128 },
};

/** Try this: the BN MLP without and with dropout 0.3 after each hidden block. */
export const LESSON_12_DROPOUT: LessonExperiment = {
  ...LESSON_12,
  comparison: { knob: 'dropout', values: [0, 0.3] },
};

/** Try this: the BN MLP without and with weight decay 0.01 (SGD's L2 term, on every parameter). */
export const LESSON_12_WEIGHT_DECAY: LessonExperiment = {
  ...LESSON_12,
  comparison: { knob: 'weightDecay', values: [0, 0.01] },
};

/** The numbers the lesson may quote; the claim test asserts each for seeds 1, 2 and 3. */
export const LESSON_12_CLAIMS = {
  // Measured at step 300 (seeds 1 / 2 / 3). Spread of test digit 0 (the panel's first request:
  // 32 draws per B, draw seed 1): 2.26 / 2.33 / 2.24 at B = 4, 0.58 / 0.63 / 0.52 at B = 64, ratio
  // 3.91 / 3.72 / 4.29, fitted exponent −0.486 / −0.478 / −0.521; averaged over 20 digits ratio
  // 3.34 / 3.43 / 3.65, exponent −0.428 / −0.437 / −0.462. Gap (train − test accuracy, points) at
  // batch 32: BN 4.05 / 3.96 / 3.45, no norm 3.29 / 3.26 / 2.76; test accuracy BN 91.2 / 91.8 /
  // 92.5 %, no norm 89.3 / 89.3 / 90.5 %. Batch 128: BN 5.91 / 5.40 / 6.20, no norm 4.14 / 3.84 /
  // 4.31. Dropout 0.3: loss gap 0.104 / 0.107 / 0.094 against 0.145 / 0.139 / 0.113, test
  // accuracy 89.8 / 90.3 / 89.9 %. Weight decay 0.01: ‖W‖ 7.73 / 7.66 / 7.74 against 18.96 /
  // 18.89 / 18.92 (at step 1,000: 7.36 / 7.46 / 7.70 against 22.0 / 21.9 / 21.8); effective step
  // 1.34 / 1.33 / 1.35 against 0.187 / 0.189 / 0.189; test accuracy 86.6 / 86.8 / 82.6 %.
  /** Digit 0's spread falls at least this many times from B = 4 to B = 64... */
  spreadRatio: 3.5,
  /** ...with a fitted log-log exponent within this of −0.5. */
  exponentTolerance: 0.05,
  /** Averaged over `averageDigits` digits: ratio at least this, exponent in this range. */
  averageDigits: 20,
  averageRatio: 3.0,
  averageExponent: [-0.5, -0.4],
  /** BN's accuracy gap exceeds the plain network's by at least this many points (batch 32)... */
  bnGapWider: 0.3,
  /** ...while its test accuracy is higher by at least this many points. */
  bnTestBetter: 1,
  /** At batch 128: BN's gap exceeds the plain network's by at least this, and its own gap at batch 32 too. */
  bnGapWider128: 1,
  /** Dropout 0.3: the loss gap is smaller by at least this; test accuracy lower by at least this many points. */
  dropoutLossGapNarrower: 0.01,
  dropoutTestCost: 0.5,
  /** Weight decay 0.01: ‖W‖ at most this fraction of the run without; at step 1,000 within this of its step-300 value. */
  wdNormFraction: 0.5,
  wdNormSteady: 0.1,
  /** Without weight decay ‖W‖ grows by at least this fraction from step 300 to 1,000. */
  noWdNormGrowth: 0.1,
  /** The effective step with weight decay is at least this many times larger; test accuracy lower by at least this many points. */
  wdStepRatio: 5,
  wdTestCost: 2,
  /** The step the weight-norm comparison is continued to. */
  longStop: 1000,
} as const;
