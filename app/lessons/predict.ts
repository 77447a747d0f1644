// "Predict, then run" exercises (d2l.ai style): the reader commits to a guess about one number of
// a lesson's experiment, presses Run, and the page compares the guess with what the live run
// measured. An exercise is data: the experiment Run starts, what is measured from its runs at the
// checkpoint (`measure`), and the ranges the guesses name (`cuts`). The outcome rule lives here
// once: the claim tests call `predictOutcome` on their three seeds, the page on the live run.

import type { LessonExperiment } from './lesson-experiment.ts';

/**
 * What an exercise reads off the runs when Play pauses at the experiment's checkpoint (`stopAt`),
 * each a fraction of the test set answered correctly, as the run table and the accuracy chart show it:
 * - `accuracy`: run `run`'s test accuracy;
 * - `lead`: run `run`'s test accuracy minus run `over`'s (a positive lead: `run` is ahead).
 * Runs are named by their id (`norm=batchnorm`, as planRuns names a comparison's arms).
 */
export type PredictMeasure = { kind: 'accuracy'; run: string } | { kind: 'lead'; run: string; over: string };

export interface PredictExercise {
  /** Unique within its lesson; the saved guess is kept under it. */
  id: string;
  question: string;
  /** What Run starts (from step 0); measured at its `stopAt`. */
  experiment: LessonExperiment & { stopAt: number };
  measure: PredictMeasure;
  /** Ascending cut points: choice i is right for a measured value v with cuts[i - 1] ≤ v < cuts[i]. */
  cuts: readonly number[];
  /** One answer per range, cuts.length + 1 of them, lowest first. */
  choices: readonly string[];
  /** The choice the lesson's claim tests find on seeds 1, 2 and 3 (each asserts it with predictOutcome). */
  expected: number;
  /** Why it comes out so; shown with the result. */
  explain: string;
  /** Claim ids (see Claim.tsx) of the tests that assert `expected` and state `explain`. */
  claims: readonly string[];
}

/** What a run shows to the measure: its id and latest test evaluation. */
export interface MeasuredRun {
  id: string;
  test: { step: number; accuracy: number } | null;
}

/** The runs a measure reads (one or two ids). */
export function measuredRunIds(measure: PredictMeasure): string[] {
  return measure.kind === 'accuracy' ? [measure.run] : [measure.run, measure.over];
}

/**
 * The measured value at `step`, or null until every run it reads has been tested at exactly that
 * step (before the checkpoint, or after training went on past it, there is no answer to read).
 */
export function measureRuns(
  measure: PredictMeasure,
  runs: readonly MeasuredRun[],
  step: number,
): number | null {
  const at = (id: string): number | null => {
    const test = runs.find((r) => r.id === id)?.test;
    return test && test.step === step ? test.accuracy : null;
  };
  const a = at(measure.run);
  if (a === null) return null;
  if (measure.kind === 'accuracy') return a;
  const b = at(measure.over);
  return b === null ? null : a - b;
}

/** The choice a measured value falls in (the outcome rule): the number of cuts at or below it. */
export function predictOutcome(exercise: Pick<PredictExercise, 'cuts'>, value: number): number {
  return exercise.cuts.filter((cut) => value >= cut).length;
}

/** A measured value as the page states it: "50.0 %" test accuracy, or "+34.2 points" of lead. */
export function formatMeasured(measure: PredictMeasure, value: number): string {
  if (measure.kind === 'accuracy') return `${(value * 100).toFixed(1)} %`;
  const points = (value * 100).toFixed(1);
  return `${value >= 0 ? '+' : '−'}${points.replace('-', '')} points`;
}

/** The spec's own rules (checked by predict.test.ts for every lesson's exercises). */
export function exerciseProblems(exercise: PredictExercise): string[] {
  const problems: string[] = [];
  const { cuts, choices, expected } = exercise;
  if (choices.length !== cuts.length + 1)
    problems.push(`${exercise.id}: ${choices.length} choices for ${cuts.length} cuts`);
  for (let i = 1; i < cuts.length; i++)
    if (!(cuts[i] > cuts[i - 1])) problems.push(`${exercise.id}: cuts must ascend`);
  if (!Number.isInteger(expected) || expected < 0 || expected >= choices.length)
    problems.push(`${exercise.id}: expected ${expected} is not a choice`);
  if (!/^[a-z0-9-]{1,40}$/.test(exercise.id)) problems.push(`${exercise.id}: id must be kebab-case`);
  if (exercise.claims.length === 0) problems.push(`${exercise.id}: no claim backs the expected answer`);
  return problems;
}
