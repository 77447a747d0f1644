// "Predict, then run" exercises (d2l.ai style): the reader commits to a guess about one number of
// a lesson's experiment, presses Run, and the page compares the guess with what the live run
// measured. An exercise is data: the experiment Run starts, what is measured from its runs at the
// checkpoint (`measure`), and the ranges the guesses name (`cuts`). The outcome rule lives here
// once: the claim tests call `predictOutcome` on their three seeds, the page on the live run.
// A measure is read off the run table (test accuracies), or asked of a run's worker with the
// request its lesson's panel sends (serve, shifted, fold), read by `readWorkerReply` on the page
// and in node alike.

import type { EngineEvent, Request } from '#engine';
import type { Prediction } from '../persist.ts';
import { FOLD_TRAIN_BATCH } from '../views/fold/fold-format.ts';
import { ADAPT_BATCH, type ShiftId, shiftRow } from '../views/shift/shifts.ts';
import type { LessonExperiment } from './lesson-experiment.ts';

/**
 * What an exercise reads off the runs when Play pauses at the experiment's checkpoint (`stopAt`),
 * each a fraction of the test set answered correctly, as the run table and the accuracy chart show it:
 * - `accuracy`: run `run`'s test accuracy;
 * - `lead`: run `run`'s test accuracy minus run `over`'s (a positive lead: `run` is ahead);
 * - `spread`: the best of `runs`' test accuracies minus the worst.
 * Runs are named by their id (`norm=batchnorm`, as planRuns names a comparison's arms).
 */
export type RunTableMeasure =
  | { kind: 'accuracy'; run: string }
  | { kind: 'lead'; run: string; over: string }
  | { kind: 'spread'; runs: readonly string[] };

/**
 * What an exercise asks run `run`'s worker at the checkpoint (`workerRequest`), with the request
 * its lesson's panel sends; nothing of the run changes:
 * - `trainModeServing` (lesson 7's serving panel): the first `count` test digits served in batches of
 *   `batchSize`, train-mode accuracy minus eval mode's (the eval-mode serve measures train mode too
 *   and puts the running statistics back);
 * - `adaBN` (lesson 11's shift panel): the share of the accuracy shift `shift` costs that AdaBN on
 *   `adaptBatches` batches of unlabeled shifted digits wins back (`recoveredShare`'s formula);
 * - `foldChanged` (lesson 13's fold view): how many of the first `count` test digits change their
 *   answer when the BatchNorms are folded into the layers before them (eval mode).
 */
export type WorkerMeasure =
  | { kind: 'trainModeServing'; run: string; batchSize: number; count: number }
  | { kind: 'adaBN'; run: string; shift: ShiftId; adaptBatches: number }
  | { kind: 'foldChanged'; run: string; count: number };

export type PredictMeasure = RunTableMeasure | WorkerMeasure;

/** What every exercise states, whatever runs it: the question, the ranges its answers name, the expected answer. */
export interface PredictQuestion {
  /** Unique within its lesson; the saved guess is kept under it. */
  id: string;
  question: string;
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

/** A network lesson's exercise: Run trains `experiment` in the live panel; `measure` reads it at `stopAt`. */
export interface PredictExercise extends PredictQuestion {
  /** What Run starts (from step 0); measured at its `stopAt`. */
  experiment: LessonExperiment & { stopAt: number };
  measure: PredictMeasure;
}

/**
 * A widget lesson's exercise (a lesson whose experiment is its own component, like lesson 1's loss
 * landscape): Run puts `setup` into the lesson's widget, and `measure` computes, with the engine on
 * the page, the number the widget shows for that setup. The claim tests call the same `measure` on
 * the setup with seeds 1, 2 and 3.
 */
export interface WidgetPredictExercise<T> extends PredictQuestion {
  setup: T;
  /** What is measured, in words: "The steps gradient descent needs to reach the minimum". */
  measured: string;
  /** The measured number, or null when the setup gives none. */
  measure: (setup: T) => number | null;
  /** The number as the page states it: "24,135 steps". */
  format: (value: number) => string;
}

/** What a run shows to the measure: its id and latest test evaluation. */
export interface MeasuredRun {
  id: string;
  test: { step: number; accuracy: number } | null;
}

/** The runs a measure reads (one id, two, or a comparison's several). */
export function measuredRunIds(measure: PredictMeasure): string[] {
  switch (measure.kind) {
    case 'lead':
      return [measure.run, measure.over];
    case 'spread':
      return [...measure.runs];
    default:
      return [measure.run];
  }
}

export function isWorkerMeasure(measure: PredictMeasure): measure is WorkerMeasure {
  return measure.kind === 'trainModeServing' || measure.kind === 'adaBN' || measure.kind === 'foldChanged';
}

/** The test accuracy of each run at exactly `step`, or null for a run not tested there. */
function accuraciesAt(ids: readonly string[], runs: readonly MeasuredRun[], step: number): number[] | null {
  const out: number[] = [];
  for (const id of ids) {
    const test = runs.find((r) => r.id === id)?.test;
    if (!test || test.step !== step) return null;
    out.push(test.accuracy);
  }
  return out;
}

/**
 * A run-table measure's value at `step`, or null until every run it reads has been tested at
 * exactly that step (before the checkpoint, or after training went on past it, there is no answer
 * to read); null for a worker measure (asked with `workerRequest` once `checkpointReached`).
 */
export function measureRuns(
  measure: PredictMeasure,
  runs: readonly MeasuredRun[],
  step: number,
): number | null {
  if (isWorkerMeasure(measure)) return null;
  const acc = accuraciesAt(measuredRunIds(measure), runs, step);
  if (acc === null) return null;
  switch (measure.kind) {
    case 'accuracy':
      return acc[0];
    case 'lead':
      return acc[0] - acc[1];
    case 'spread':
      return Math.max(...acc) - Math.min(...acc);
  }
}

/** Whether every run the measure reads has been tested at exactly `step` (Play paused there). */
export function checkpointReached(
  measure: PredictMeasure,
  runs: readonly MeasuredRun[],
  step: number,
): boolean {
  return accuraciesAt(measuredRunIds(measure), runs, step) !== null;
}

/** The request a worker measure sends to its run's worker (the one its lesson's panel sends). */
export function workerRequest(measure: WorkerMeasure): Request & { runId: string } {
  switch (measure.kind) {
    case 'trainModeServing':
      return {
        type: 'serve',
        runId: measure.run,
        mode: 'eval',
        batchSize: measure.batchSize,
        offset: 0,
        count: measure.count,
      };
    case 'adaBN':
      return {
        type: 'shifted',
        runId: measure.run,
        shift: shiftRow(measure.shift).spec,
        adaptBatches: measure.adaptBatches,
        batchSize: ADAPT_BATCH,
      };
    case 'foldChanged':
      return { type: 'fold', runId: measure.run, count: measure.count, batchSize: FOLD_TRAIN_BATCH };
  }
}

/**
 * A worker measure's value from the reply to its `workerRequest` (the page's reply event, or
 * handleCommand's in node); null for a reply that answers no measure (an error, a failed serve).
 */
export function readWorkerReply(reply: EngineEvent): number | null {
  switch (reply.type) {
    case 'served': {
      const r = reply.result;
      return r.error || r.otherError ? null : r.otherAccuracy - r.accuracy;
    }
    case 'shifted': {
      const m = reply.result;
      const lost = m.cleanAccuracy - m.shiftedAccuracy;
      // A shift that cost nothing has nothing to win back (the exercises' shifts cost 55+ points).
      return lost > 0 ? (m.adaptedAccuracy - m.shiftedAccuracy) / lost : 0;
    }
    case 'folded':
      return Math.round(reply.result.changedFromEval * reply.result.images);
    default:
      return null;
  }
}

/**
 * The decimals of the percentage (or points) a measure is stated in (formatMeasured); null for a
 * count, stated whole.
 */
function statedDecimals(measure: PredictMeasure): number | null {
  switch (measure.kind) {
    case 'accuracy':
    case 'lead':
    case 'trainModeServing':
    case 'spread':
      return 1;
    case 'adaBN':
      return 0;
    case 'foldChanged':
      return null;
  }
}

/**
 * A measured value rounded as the page states it (formatMeasured): a spread of 79 of 2,000 test
 * digits, 0.0395, reads "4.0 points", so it is 0.04 here. The outcome rule judges this value, so the
 * range the verdict names is the one its printed number lies in: judged raw, "4.0 points" stood
 * beside “Less than 4 points apart”, and "85.0 %" (1,699 of 2,000) beside “From 70 % to 85 %”.
 * Dividing the printed number by 100 gives the same double as a cut written as a literal (0.04).
 */
export function statedValue(measure: PredictMeasure, value: number): number {
  const decimals = statedDecimals(measure);
  return decimals === null ? value : Number((value * 100).toFixed(decimals)) / 100;
}

/**
 * The choice a measured value falls in (the outcome rule): the number of cuts at or below it. A
 * network exercise's value is judged as the page states it (`statedValue`); a widget exercise's
 * as measured.
 */
export function predictOutcome(
  exercise: Pick<PredictQuestion, 'cuts'> | Pick<PredictExercise, 'cuts' | 'measure'>,
  value: number,
): number {
  const judged =
    'measure' in exercise && typeof exercise.measure === 'object'
      ? statedValue(exercise.measure, value)
      : value;
  return exercise.cuts.filter((cut) => judged >= cut).length;
}

/** A saved prediction as the page judges it (`judgePrediction`). */
export interface JudgedPrediction {
  guess: number;
  measured: number;
  /** The choice the measured value falls in. */
  outcome: number;
  /** Whether the guess named that choice. */
  right: boolean;
}

/**
 * The saved guess, or null when none is saved or it names no choice of this version of the
 * exercise (a guess saved before its choices changed counts as none).
 */
export function committedGuess(
  exercise: Pick<PredictQuestion, 'choices'>,
  saved: Prediction | null | undefined,
) {
  return saved && saved.guess < exercise.choices.length ? saved : null;
}

/**
 * The verdict on a saved prediction: the choice its measured value falls in and whether the guess
 * named it; null until it was measured, or when its guess counts as none (`committedGuess`).
 */
export function judgePrediction(
  exercise: Parameters<typeof predictOutcome>[0] & Pick<PredictQuestion, 'choices'>,
  saved: Prediction | null | undefined,
): JudgedPrediction | null {
  const committed = committedGuess(exercise, saved);
  if (!committed || committed.measured === undefined) return null;
  const outcome = predictOutcome(exercise, committed.measured);
  return {
    guess: committed.guess,
    measured: committed.measured,
    outcome,
    right: outcome === committed.guess,
  };
}

/**
 * A measured value as the page states it: "50.0 %" test accuracy, "+34.2 points" of lead (or of
 * train mode over eval mode), "3.6 points" of spread, "98 %" of the loss won back, "0 of 500" answers.
 */
export function formatMeasured(measure: PredictMeasure, value: number): string {
  const fixed = (v: number) => v.toFixed(statedDecimals(measure) ?? 0);
  const signedPoints = () => `${value >= 0 ? '+' : '−'}${fixed(Math.abs(value * 100))} points`;
  switch (measure.kind) {
    case 'accuracy':
      return `${fixed(value * 100)} %`;
    case 'lead':
    case 'trainModeServing':
      return signedPoints();
    case 'spread':
      return `${fixed(value * 100)} points`;
    case 'adaBN':
      return `${fixed(value * 100).replace('-', '−')} %`;
    case 'foldChanged':
      return `${value.toLocaleString('en-US')} of ${measure.count.toLocaleString('en-US')}`;
  }
}

/** The spec's own rules (checked by predict.test.ts for every lesson's exercises). */
export function exerciseProblems(exercise: PredictQuestion): string[] {
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
