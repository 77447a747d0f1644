// Lesson 6, "Training mode vs inference mode: running statistics": lesson 4's BatchNorm network
// trained three times with only the BN momentum changed (PyTorch convention, the weight of the new
// batch): 0.01 (what Keras' default momentum=0.99 means), 0.1 (PyTorch's default) and 0.99 (Keras'
// number typed into PyTorch). Claims checked (seeds 1-3) in app/lessons/lesson-6/claims.test.ts.

import { LESSON_4 } from '../lesson-4/preset.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';

/**
 * Model-layer index of the first BatchNorm (flatten 0, dense 1, batchnorm 2, sigmoid 3, …): the
 * layer the drift view must watch. `observe` cannot name a normalizer (it counts activations), so
 * the page selects this layer itself (runtime/actions.ts selectObservedLayer(LESSON_6_BN_LAYER, 0)).
 * Its input (x·Wᵀ of the first dense layer) is the same in train and eval mode, so its population
 * statistics are well defined at any step.
 */
export const LESSON_6_BN_LAYER = 2;

export const LESSON_6: LessonExperiment = {
  config: { ...LESSON_4.config, norm: 'batchnorm', bnMomentum: 0.1 },
  comparison: { knob: 'bnMomentum', values: [0.01, 0.1, 0.99] },
  sweep: null,
  // The first BatchNorm (all three runs have the same layers): the drift view's channels.
  observe: { layer: LESSON_6_BN_LAYER, unit: 0 },
  stopAt: 100,
};

/**
 * The numbers the lesson may quote; the claim test asserts each for seeds 1, 2 and 3.
 *
 * Population statistics of a channel at step t: the mean and unbiased variance of the BN layer's
 * input over all 8,000 training digits with the weights after step t (what the running statistics
 * estimate). Errors, per channel, then the median over the 100 channels:
 *   mean error = |running_mean − population mean| / population std,
 *   var error  = |running_var / population var − 1|.
 */
export const LESSON_6_CLAIMS = {
  /** Step where convergence is checked (the reader sees it on the way to stopAt). */
  convergedAt: 50,
  /** With momentum 0.1 at step 50: median mean error at most this (population std units)… */
  meanTolerance: 0.15,
  /** …and median variance error at most this (10 %). */
  varTolerance: 0.1,
  /** Momentum 0.01 is still this many times further off at step 50 (mean; variance: `varSlowerBy`). */
  meanSlowerBy: 3,
  varSlowerBy: 5,
  /** At step 100 (the stop) momentum 0.01's mean error is still at least twice 0.1's. */
  meanSlowerAt100: 2,
  /**
   * Eval-mode test accuracy (uses the running statistics; 500-image subset): at step 50, momentum
   * 0.1 reaches this, 0.01 stays this far behind; at step 100 still `accuracyGapAt100` behind.
   */
  accuracyAt50: 0.8,
  accuracyGapAt50: 0.35,
  accuracyGapAt100: 0.15,
  /**
   * Jitter: mean |running_mean(t) − running_mean(t−1)| over steps 51–100, in units of the channel's
   * batch std, median over channels. Momentum 0.99 jitters at least this many times more than 0.1
   * (its running line is the batch line: as noisy as one batch of 60).
   */
  jitterRatio: 5,
  /** Momentum 0.99's eval-mode test accuracy is ahead of 0.1's at step 25 and within this of it at steps 50 and 100. */
  kerasAccuracyGap: 0.05,
} as const;
