// Lesson 3, "BatchNorm, one step at a time": no training run, one worked example. The lesson
// page shows BatchStepView with this example and seed; the claims
// (app/lessons/lesson-3/claims.test.ts) are checked for LESSON_3_CLAIM_SEEDS.

import type { StepExample } from '../../views/bn-step/batch-step.ts';

export interface Lesson3Example {
  /** The 8 × 4 dense batch first; the lesson's second screen switches to 'conv'. */
  example: StepExample;
  /** Seed of the batch (engine Rng); "New batch" in the view moves to seed + 1. */
  seed: number;
}

export const LESSON_3_EXAMPLE: Lesson3Example = { example: 'dense', seed: 1 };

/** The seeds every lesson-3 claim is checked for. */
export const LESSON_3_CLAIM_SEEDS = [1, 2, 3] as const;
