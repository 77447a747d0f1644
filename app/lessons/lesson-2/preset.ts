// Lesson 2, "Deep nets without normalization": an 8-hidden-layer tanh MLP whose weights are drawn
// too large (normal, std 2), with and without BatchNorm, on the circles set. Without BN every tanh
// saturates, the first layers' gradients vanish and the loss stays at chance; with BN it trains.
// The claims (and their measured numbers) are in ./claims.test.ts.

import { type ExperimentConfig, NORM_KNOB_DEFAULTS } from '#engine';
import type { LessonExperiment } from '../lesson-experiment.ts';

/** The step the lesson's claims are checked at; Play pauses there. */
export const LESSON_2_STOP_AT = 500;

const CONFIG: ExperimentConfig = {
  ...NORM_KNOB_DEFAULTS,
  dataset: 'circles',
  noise: 0.1,
  model: 'mlp',
  depth: 8,
  width: 16,
  activation: 'tanh',
  norm: 'none',
  placement: 'before',
  groups: 4,
  optimizer: 'momentum',
  lr: 0.05,
  momentum: 0.9,
  weightDecay: 0,
  batchSize: 32,
  accumSteps: 1,
  bnMomentum: 0.1,
  eps: 1e-5,
  init: 'normal',
  initStd: 2,
  dropout: 0,
  seed: 1,
  residual: 'none',
  normLogits: 'off',
};

export const LESSON_2: LessonExperiment = {
  config: CONFIG,
  comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
  sweep: null,
  // The 4th tanh of 8: in the middle of the net, saturated without BN.
  observe: { activation: 3, unit: 0 },
  stopAt: LESSON_2_STOP_AT,
};

/** Try this: the same net with Xavier init. At this depth the plain net trains too; init scale was the problem. */
export const LESSON_2_TRY_XAVIER: LessonExperiment = {
  ...LESSON_2,
  config: { ...CONFIG, init: 'xavier' },
};

/**
 * Try this: sigmoid with Xavier init (Glorot & Bengio's setting). No unit saturates, yet the plain
 * net's first-layer gradient is still thousands of times smaller than the last layer's (σ' ≤ 1/4
 * per layer) and the loss stays at chance; BN trains.
 */
export const LESSON_2_TRY_SIGMOID: LessonExperiment = {
  ...LESSON_2,
  config: { ...CONFIG, activation: 'sigmoid', init: 'xavier' },
};
