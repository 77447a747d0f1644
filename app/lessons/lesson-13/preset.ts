// Lesson 13, "shipping it": lesson 7's small MNIST CNN (BatchNorm on both conv maps) trains for
// 200 steps and pauses; the fold view then folds both BatchNorms into the convolutions before
// them on the run's worker and compares the folded model with the original. Claims checked
// (seeds 1-3) in claims.test.ts; the thresholds below are the ones the prose may quote.

import { LESSON_7 } from '../lesson-7/preset.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';

/**
 * Lesson 7's experiment exactly (every field spelled out there): Adam 0.005, batch 32, BN before
 * the ReLU with PyTorch's momentum 0.1 and eps 1e-5, stopping at step 200 (~94 % test accuracy).
 * The course's one CNN, so the reader folds the very model lesson 7 served.
 */
export const LESSON_13: LessonExperiment = { ...LESSON_7 };

/**
 * Try this: running statistics that have not settled. With momentum 0.001 (the knob's lowest
 * value) their start (mean 0, variance 1) still weighs 0.999²⁰⁰ ≈ 82 % after 200 steps; the fold
 * bakes them in as they are.
 */
export const LESSON_13_SLOW_STATS: LessonExperiment = {
  ...LESSON_13,
  config: { ...LESSON_13.config, bnMomentum: 0.001 },
};

/** Try this: GroupNorm (4 groups): statistics of each input, computed at inference — nothing to fold. */
export const LESSON_13_GROUPNORM: LessonExperiment = {
  ...LESSON_13,
  config: { ...LESSON_13.config, norm: 'groupnorm', groups: 4 },
};

/** The numbers the lesson may quote; the claim test asserts each for seeds 1, 2 and 3. */
export const LESSON_13_CLAIMS = {
  // Measured at step 200 on the fold view's 500 test images (seeds 1 / 2 / 3): eval-mode max
  // |folded − unfolded| logit 1.9e-6 / 1.9e-6 / 2.9e-6, no prediction changes; 10 → 8 layers,
  // 2 → 0 BN layers, 299,488 → 290,080 multiplies per image (−9,408, 3.1 %); against the
  // unfolded model in train mode (batches of 32) the logits differ by up to 1.34 / 1.99 / 1.56
  // and 1.4 / 1.6 / 0.6 % of answers differ. Momentum 0.001: folded (= eval) accuracy below the
  // train-mode accuracy of the same weights (the view's 500 images: 88.0 vs 92.4, 92.2 vs 93.6,
  // 91.0 vs 94.2 %; on all 2,000: 89.7 vs 93.3, 91.3 vs 93.7, 90.6 vs 94.6 %), train-mode logits
  // 10.7 / 11.5 / 9.4 apart; at momentum 0.1 the gap is 0.8 / 0.4 / 0.2 points.
  /** Eval mode: the largest |folded − unfolded| logit stays below this (float32 rounding). */
  maxFoldDifference: 1e-5,
  /** Layers, BN layers and multiplies per image before → after, for the CNN. */
  layers: [10, 8],
  batchNorms: [2, 0],
  multiplies: [299_488, 290_080],
  /** Folded vs the unfolded model in train mode: logits differ by at least this, some answers change. */
  trainModeDifference: 0.5,
  /** Momentum 0.001: the folded model scores at least this much below the same weights in train mode (fraction). */
  slowStatsGap: 0.01,
  /** ...while at the default momentum 0.1 the two lie within this of each other. */
  settledGap: 0.01,
  /** Momentum 0.001: train-mode logits differ from the folded ones by at least this. */
  slowStatsTrainDifference: 5,
} as const;

/**
 * The precision widget's experiments (precision.ts), thresholds from measurement (seeds 1 / 2 / 3
 * draw the channel's 256 values):
 * - Overflow: values with std 20 square-sum to 110,488 / 99,572 / 89,793 — past float16's 65,504,
 *   so the float16 sum is Infinity; float32's sum is within 3e-7 of exact.
 * - Cancellation: mean 100, std 1: E[x²] − E[x]² in float16 gives 0 / 0 / −8 (exact 1.07 / 0.96 /
 *   0.88); float32 is within 0.1 %; two passes in float16 (mean first) within 0.8 %.
 * - Stall: momentum 0.01 toward 100 from 0: float16 stops at 96.875 after 333 updates; float32
 *   reaches 99.9996. Momentum 0.1 stops at 99.75, 0.001 at 68.75.
 */
export const LESSON_13_PRECISION = {
  overflowStd: 20,
  /** float32's sum of squares: relative error below this. */
  float32SumTolerance: 1e-6,
  cancelMean: 100,
  /** float16 one-pass variance is off by at least this fraction of the true variance. */
  float16CancelError: 0.5,
  float32CancelTolerance: 0.005,
  twoPassTolerance: 0.02,
  stallMomentum: 0.01,
  stallTarget: 100,
  stallAt: 96.875,
  stallUpdates: 2000,
  float32StallTolerance: 1e-3,
} as const;
