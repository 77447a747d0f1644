// Lesson 1 (input scaling): the landscape experiment's default options and the variants its
// "try this" prompts switch to. Each changes one knob from the default; the claims in
// app/lessons/lesson-1/claims.test.ts check what each one shows, for seeds 1, 2 and 3.

import type { LandscapeOptions } from '#engine';

/**
 * Feature 2 is 100x feature 1's scale, inputs not standardized, and a learning rate of 0.9x the
 * largest stable one (2 / λmax = 1e-4 here): the path zig-zags across the narrow valley, then
 * crawls along it (still far from the minimum after 200 steps; it needs ~24,000).
 */
export const LESSON_1_LANDSCAPE: LandscapeOptions = {
  scale: 100,
  standardize: false,
  lr: 9e-5,
  seed: 1,
  start: [-2, 2],
  steps: 200,
};

/** The raw features' largest stable learning rate 2/λmax, as the lesson quotes it (every seed; claims.test.ts). */
export const LESSON_1_RAW_LIMIT = 1e-4;

/** Standardize at the same learning rate: the path goes straight, but this rate is now tiny. */
export const LESSON_1_STANDARDIZED: LandscapeOptions = { ...LESSON_1_LANDSCAPE, standardize: true };

/** Standardized, with a 1000x larger learning rate (still well below its limit of ~1): minimum in ~20 steps. */
export const LESSON_1_STANDARDIZED_FAST: LandscapeOptions = {
  ...LESSON_1_LANDSCAPE,
  standardize: true,
  lr: 0.1,
};

/** The same large learning rate without standardization: diverges at the first step. */
export const LESSON_1_RAW_FAST: LandscapeOptions = { ...LESSON_1_LANDSCAPE, lr: 0.1 };

/** Just above the unstandardized limit (1.2x): the zig-zag grows step by step until it diverges (step 21). */
export const LESSON_1_JUST_TOO_FAST: LandscapeOptions = { ...LESSON_1_LANDSCAPE, lr: 1.2e-4 };

/**
 * Features only 5x apart, at 0.9x that case's largest stable rate (0.04): the classic zig-zag that
 * still makes progress along the valley (minimum in ~60 steps).
 */
export const LESSON_1_MILD_SCALE: LandscapeOptions = { ...LESSON_1_LANDSCAPE, scale: 5, lr: 0.036 };
