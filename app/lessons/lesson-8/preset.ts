// Lesson 8, "where to put BatchNorm, and how deep it can go": a 32-hidden-layer BN-ReLU MLP on the
// spiral, as a plain stack, with post-activation residual blocks and with pre-activation ones, side
// by side; and, in try-this prompts, a shallow MNIST MLP with BN before vs after the activation and
// with BN on the logits. Claims checked (seeds 1-3) in ./claims.test.ts; the measured numbers are
// written beside each threshold there.

import { type ExperimentConfig, NORM_KNOB_DEFAULTS } from '#engine';
import type { LessonExperiment } from '../lesson-experiment.ts';

/** The step the depth claims are checked at; Play pauses there. */
export const LESSON_8_STOP_AT = 600;
/** The step the placement and logits claims are checked at (the MNIST MLP). */
export const LESSON_8_MNIST_STOP_AT = 400;

/**
 * Every field spelled out, so a change of the Lab defaults cannot move the lesson. 32 hidden layers of
 * 16 ReLU units, BatchNorm before each ReLU, Kaiming init, SGD + momentum 0.9 at lr 0.05, batch 32:
 * the Lab's defaults but for depth and activation.
 */
const DEEP: ExperimentConfig = {
  ...NORM_KNOB_DEFAULTS,
  dataset: 'spiral',
  noise: 0.1,
  model: 'mlp',
  depth: 32,
  width: 16,
  activation: 'relu',
  norm: 'batchnorm',
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
  init: 'kaiming',
  initStd: 1,
  dropout: 0,
  seed: 1,
  residual: 'none',
  normLogits: 'off',
};

/** The lesson's experiment: plain vs post-activation vs pre-activation residual blocks at depth 32. */
export const LESSON_8: LessonExperiment = {
  config: DEEP,
  comparison: { knob: 'residual', values: ['none', 'post', 'pre'] },
  sweep: null,
  observe: null,
  stopAt: LESSON_8_STOP_AT,
};

/** The placement and logits prompts' network: 784-32-32-10 on MNIST, BN before each ReLU. */
const SHALLOW: ExperimentConfig = { ...DEEP, dataset: 'mnist', noise: 0, depth: 2, width: 32 };

/** Try this: BN before vs after the activation. */
export const LESSON_8_PLACEMENT: LessonExperiment = {
  config: SHALLOW,
  comparison: { knob: 'placement', values: ['before', 'after'] },
  sweep: null,
  observe: null,
  stopAt: LESSON_8_MNIST_STOP_AT,
};

/** Try this: BN also on the logits (after the last dense layer), against the usual plain logits. */
export const LESSON_8_LOGITS: LessonExperiment = {
  ...LESSON_8_PLACEMENT,
  comparison: { knob: 'normLogits', values: ['off', 'on'] },
};

/** The thresholds the prose may quote; the claim test asserts each for seeds 1, 2 and 3. */
export const LESSON_8_CLAIMS = {
  /** At init (the first step's gradients): plain stack ‖∇W₁‖ / ‖∇W_out‖ at least this. */
  plainInitRatio: 100,
  /** ...and with residual blocks (post or pre) at most this. */
  residualInitRatio: 10,
  /** Step 600, train loss over the last 50 steps: pre-activation at least this much below plain. */
  preLossGain: 0.05,
  /** ...post-activation below plain by at least this, and pre below post by at least this. */
  stepLossGain: 0.015,
  /** Step 600, test accuracy: plain at most this; pre-activation at least this. */
  plainAccuracy: 0.65,
  preAccuracy: 0.68,
  /** MNIST MLP at step 400: |before − after| test accuracy at most this (fraction). */
  placementGap: 0.04,
  /** BN on the logits: test accuracy at most this much below plain logits... */
  logitsAccuracyLoss: 0.02,
  /** ...while the train loss is at least this many times higher. */
  logitsLossRatio: 1.05,
  /** ‖∇b‖ / ‖∇W‖ of a dense layer's bias right before BN: at most this. */
  biasGradRatio: 1e-6,
} as const;
