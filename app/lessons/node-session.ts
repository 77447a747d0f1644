// Node-side twin of what a lesson page runs: the lesson's experiment (with an optional seed
// override) planned into runs exactly as the controller plans them, configured in the engine's
// Session (the class the worker runs), with the MNIST asset loaded when the experiment needs it.
// Claim tests train through this, so a claim is checked on the very runs the reader sees.

import type { EngineEvent, ExperimentConfig, ObserveRequest, Request } from '#engine';
import { handleCommand, Session } from '#engine/testing';
import { loadMnist } from '#engine/testing/node';
import { EVAL_EVERY, planRuns } from '../runtime/controller.ts';
import { type LessonExperiment, preferredObserve } from './lesson-experiment.ts';
import {
  isWorkerMeasure,
  type MeasuredRun,
  measuredRunIds,
  measureRuns,
  type PredictExercise,
  readWorkerReply,
  workerRequest,
} from './predict.ts';

/** Everything observed, as the lesson views ask for it. */
export function observeRequest(experiment: LessonExperiment): ObserveRequest {
  return {
    layer: preferredObserve(experiment)?.layer ?? { activation: 0 },
    unit: experiment.observe?.unit ?? 0,
    ...(experiment.observe?.probe ? { probe: { count: experiment.observe.probe } } : {}),
    activations: true,
    channels: true,
    diagnostics: true,
    inspector: false,
    boundary: 0,
  };
}

/** The experiment's config with the seed replaced (claims are checked for several seeds). */
export function withSeed(experiment: LessonExperiment, seed: number): LessonExperiment {
  return { ...experiment, config: { ...experiment.config, seed } };
}

/** A Session holding the experiment's runs (one, or one per comparison value). */
export function lessonSession(
  experiment: LessonExperiment,
  options: { observe?: ObserveRequest; configs?: ExperimentConfig[]; evalEvery?: number } = {},
): { session: Session; ids: string[] } {
  const session = new Session(() => performance.now());
  const plans = options.configs
    ? options.configs.map((config, i) => ({ id: `run${i}`, config }))
    : planRuns(experiment.config, experiment.comparison).map((p) => ({ id: p.id, config: p.config }));
  if (plans.some((p) => p.config.dataset === 'mnist')) session.mnist = loadMnist();
  session.configure(plans, options.observe ?? observeRequest(experiment), options.evalEvery ?? EVAL_EVERY);
  return { session, ids: plans.map((p) => p.id) };
}

/** The first reply of the session's worker to `request` that is not an error (the page's reply). */
export function askSession(session: Session, request: Request): EngineEvent {
  const replies = handleCommand(session, request).events;
  const reply = replies.find((e) => e.type !== 'error');
  if (!reply) throw new Error(replies.map((e) => ('message' in e ? e.message : e.type)).join('; '));
  return reply;
}

/**
 * What a predict-then-run exercise measures on a session trained to its checkpoint, exactly as the
 * page measures it: a run-table measure from the test accuracy the run table shows (the evaluation
 * subset, eval mode), a worker measure from the worker's reply to the exercise's request.
 */
export function measureExercise(session: Session, exercise: PredictExercise): number {
  const { measure, experiment } = exercise;
  let value: number | null;
  if (isWorkerMeasure(measure)) {
    const replies = handleCommand(session, workerRequest(measure)).events;
    const reply = replies.find((e) => e.type !== 'error');
    if (!reply)
      throw new Error(
        `${exercise.id}: ${replies.map((e) => ('message' in e ? e.message : e.type)).join('; ')}`,
      );
    value = readWorkerReply(reply);
  } else {
    const runs: MeasuredRun[] = measuredRunIds(measure).map((id) => {
      const run = session.run(id);
      return { id, test: session.evaluateRun(run, run.evalSplit) };
    });
    value = measureRuns(measure, runs, experiment.stopAt);
  }
  if (value === null) throw new Error(`${exercise.id}: nothing measured at step ${experiment.stopAt}`);
  return value;
}
