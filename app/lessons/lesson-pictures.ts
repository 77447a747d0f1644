// Node only: each lesson's course-map picture, measured from its own experiment. A network
// lesson trains its preset (every run of its comparison, same seed) through the engine's Session
// (node-session.ts, the class the worker runs) and keeps the train-loss curves; a widget lesson's
// folder says what to draw in `lesson-N/picture.ts`. The build runs these through
// scripts/lesson-pictures-plugin.ts, which caches each picture by its job's key.

import { OBSERVE_NOTHING } from '#engine';
import { planRuns } from '../runtime/controller.ts';
import { LESSON_CONTENT } from './content.ts';
import type { LessonExperiment } from './lesson-experiment.ts';
import { lessonSession } from './node-session.ts';
import { type LessonPicture, PICTURE_POINTS, type PictureJob, type PictureSeries } from './picture.ts';

/**
 * Steps trained for a picture: the lesson's own stop (its checkpoint) up to this many, so the
 * whole course map costs seconds, not the minutes the claim tests take. The picture says how many.
 */
export const PICTURE_MAX_STEPS = 300;
/** The same, for the convolutional lessons (about 20× the work per step of the MLPs). */
export const PICTURE_MAX_CNN_STEPS = 60;
/** Steps trained for a lesson without a checkpoint (stopAt null). */
export const PICTURE_DEFAULT_STEPS = 200;

/** A widget lesson's picture maker, `lesson-N/picture.ts`: its preset in, its picture out. */
export type PictureMaker = (lesson: number, preset: unknown) => LessonPicture;

const makers = import.meta.glob<PictureMaker>('./lesson-*/picture.ts', { eager: true, import: 'picture' });

function makerFor(lesson: number): PictureMaker | undefined {
  return makers[`./lesson-${lesson}/picture.ts`];
}

/** The steps a network lesson's picture trains. */
export function pictureSteps(experiment: LessonExperiment): number {
  const cap = experiment.config.model === 'cnn' ? PICTURE_MAX_CNN_STEPS : PICTURE_MAX_STEPS;
  return Math.min(experiment.stopAt ?? PICTURE_DEFAULT_STEPS, cap);
}

/** Means of `values` over `bins` equal runs of steps: [step at the bin's end, mean] pairs. */
export function binnedCurve(values: ArrayLike<number>, bins: number): number[] {
  const n = values.length;
  const out: number[] = [];
  const count = Math.min(bins, n);
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * n) / count);
    const to = Math.floor(((b + 1) * n) / count);
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i];
    out.push(to, sum / (to - from));
  }
  return out;
}

/** Nothing observed: a picture reads the losses, or asks the trained runs afterwards. */
export const QUIET = { ...OBSERVE_NOTHING, layer: { activation: 0 } } as const;

/**
 * The experiment's runs trained `steps` steps (its picture's steps unless given), without
 * observations or evaluations, for a picture that then asks them what the lesson's panel asks
 * (`askSession`: serve, shifted, spread, …).
 */
export function trainedSession(
  experiment: LessonExperiment,
  steps = pictureSteps(experiment),
): TrainedSession {
  const { session, ids } = lessonSession(experiment, { observe: QUIET, evalEvery: 0 });
  const pending = () => session.runs.filter((r) => r.step < steps && !r.diverged && !r.failed);
  for (let left = pending(); left.length > 0; left = pending())
    session.step(Math.min(50, steps - Math.min(...left.map((r) => r.step))));
  return { session, ids, steps };
}

export interface TrainedSession {
  session: ReturnType<typeof lessonSession>['session'];
  ids: string[];
  steps: number;
}

/** The train-loss curves of every run of a lesson's experiment, trained from step 0. */
export function networkPicture(lesson: number, experiment: LessonExperiment): LessonPicture {
  const steps = pictureSteps(experiment);
  const plans = planRuns(experiment.config, experiment.comparison);
  // No test-set evaluations: the picture is the train loss.
  const { session, ids } = lessonSession(experiment, { observe: QUIET, evalEvery: 0 });
  const losses = new Map<string, number[]>(ids.map((id) => [id, []]));
  const diverged = new Map<string, number>();
  while (session.runs.some((r) => r.step < steps && !r.diverged && !r.failed)) {
    const { snapshots, events } = session.step(Math.min(50, steps - session.runs[0].step));
    for (const s of snapshots) losses.get(s.runId)?.push(...s.losses);
    for (const e of events) if (e.type === 'diverged') diverged.set(e.runId, e.step);
    if (session.runs.every((r) => r.step >= steps || r.diverged || r.failed)) break;
  }
  const series: PictureSeries[] = plans.map((plan) => {
    // A diverged run's last loss is not finite (or huge): the curve ends before it.
    const values = (losses.get(plan.id) ?? []).filter(
      (v, i, all) => Number.isFinite(v) && i < all.length - (diverged.has(plan.id) ? 1 : 0),
    );
    const xy = binnedCurve(values, Math.max(2, Math.round((PICTURE_POINTS * values.length) / steps)));
    return { label: plan.label, color: plan.color, kind: 'line', xy };
  });
  const ys = series.flatMap((s) => s.xy.filter((_, i) => i % 2 === 1)).filter((v) => v > 0);
  const low = Math.min(...ys);
  const high = Math.max(...ys);
  const names = plans.map((p) => {
    const at = diverged.get(p.id);
    return at === undefined ? p.label : `${p.label} (diverged at step ${at})`;
  });
  return {
    lesson,
    description: `Training loss over the first ${steps} steps of this lesson's experiment: ${names.join(' vs ')}.`,
    x: [0, steps],
    y: [low, high],
    yLog: true,
    series,
  };
}

/** Every lesson's picture job, in course order. */
export function pictureJobs(): PictureJob[] {
  return Object.values(LESSON_CONTENT)
    .filter((c) => c !== undefined)
    .sort((a, b) => a.id - b.id)
    .map((content) => {
      const { id, live } = content;
      const maker = makerFor(id);
      if (maker) {
        return {
          lesson: id,
          key: JSON.stringify({ custom: id, preset: live.preset }),
          make: () => maker(id, live.preset),
        };
      }
      if (live.kind !== 'network')
        throw new Error(`lesson ${id} is a widget lesson without lesson-${id}/picture.ts`);
      const experiment = live.preset;
      return {
        lesson: id,
        key: JSON.stringify({ network: experiment, steps: pictureSteps(experiment), points: PICTURE_POINTS }),
        make: () => networkPicture(id, experiment),
      };
    });
}
