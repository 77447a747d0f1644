// Lesson 5, "Higher learning rates": a 6-hidden-layer ReLU MLP on moons with plain SGD, with and
// without BatchNorm. Live, at learning rate 3 the plain net diverges within a few steps while BN
// trains; the sweep (each compared run across eight learning rates, 300 steps each) draws final
// loss vs learning rate for both on one chart. Claims: ./claims.test.ts.

import { type ExperimentConfig, NORM_KNOB_DEFAULTS } from '#engine';
import type { LessonExperiment } from '../lesson-experiment.ts';

/** Steps per sweep point; the live race also pauses here, so it matches the sweep's lr = 3 points. */
export const LESSON_5_STEPS = 300;

/** The learning rates swept (1-2-5 plus 3, where BN still trains and the plain net diverges). */
export const LESSON_5_LRS = [0.1, 0.2, 0.5, 1, 2, 3, 5, 10];

/**
 * A sweep point is stable when it did not diverge and its final loss (the sweep chart's y value:
 * mean train loss over the last 10 % of steps) is below this: under half of chance level (ln 2).
 */
export const LESSON_5_STABLE_LOSS = 0.3;

/**
 * The loss-smoothness probes (Santurkar et al. 2018; engine/train/smoothness.ts), taken every
 * SMOOTHNESS_EVERY steps over the first LESSON_5_STEPS, are compared at these rates: both nets
 * train at 0.1 and 0.5, the plain one collapses to chance at 2. Claims: ./smoothness.claims.test.ts.
 */
export const LESSON_5_SMOOTH_LRS = [0.1, 0.5, 2];
/**
 * BN over plain: the median (over the probes) relative gradient change max ‖g − g′‖ / ‖g‖ is at
 * most this fraction, at every rate of LESSON_5_SMOOTH_LRS and every seed tested.
 */
export const LESSON_5_SMOOTH_GRAD_RATIO = 0.67;
/**
 * The same, as measured on seeds 1–3 at those rates: plain over BN between these factors (the
 * text quotes them; the claim test checks them to ±0.05).
 */
export const LESSON_5_SMOOTH_GRAD_MEASURED: readonly [number, number] = [1.9, 4.1];

const CONFIG: ExperimentConfig = {
  ...NORM_KNOB_DEFAULTS,
  dataset: 'moons',
  noise: 0.1,
  model: 'mlp',
  depth: 6,
  width: 16,
  activation: 'relu',
  norm: 'none',
  placement: 'before',
  groups: 4,
  optimizer: 'sgd',
  lr: 3,
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

export const LESSON_5: LessonExperiment = {
  config: CONFIG,
  comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
  sweep: { knob: 'lr', values: LESSON_5_LRS, steps: LESSON_5_STEPS },
  observe: null,
  stopAt: LESSON_5_STEPS,
};
