// Lesson 6's course-map picture: the lesson's three runs (BN momentum 0.01, 0.1, 0.99) trained to
// its checkpoint, with the test accuracy the page's run table shows, measured in eval mode, so
// through the running statistics. The train-loss curves a network lesson draws would be one line
// here: training never reads the running statistics, so the three losses are identical
// (claims.test.ts checks it), while the eval-mode accuracy is where the momentum shows.

import { planRuns } from '../../runtime/controller.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';
import { type PictureMaker, pictureSteps, QUIET } from '../lesson-pictures.ts';
import { lessonSession } from '../node-session.ts';
import type { PictureSeries } from '../picture.ts';

/** Steps between two test evaluations: 20 points over the lesson's 100 steps. */
export const PICTURE_EVAL_EVERY = 5;

const percent = (v: number) => `${(v * 100).toFixed(1)} %`;

export const picture: PictureMaker = (lesson, preset) => {
  const experiment = preset as LessonExperiment;
  const steps = pictureSteps(experiment);
  const plans = planRuns(experiment.config, experiment.comparison);
  const { session, ids } = lessonSession(experiment, { observe: QUIET, evalEvery: PICTURE_EVAL_EVERY });
  const accuracy = new Map<string, number[]>(ids.map((id) => [id, []]));
  while (session.runs.some((r) => r.step < steps && !r.diverged && !r.failed)) {
    const { snapshots } = session.step(1);
    for (const s of snapshots) if (s.test) accuracy.get(s.runId)?.push(s.test.step, s.test.accuracy);
  }
  const series: PictureSeries[] = plans.map((plan) => ({
    label: plan.label,
    color: plan.color,
    kind: 'line',
    xy: accuracy.get(plan.id) ?? [],
  }));
  const ys = series.flatMap((s) => s.xy.filter((_, i) => i % 2 === 1));
  const last = (s: PictureSeries) => s.xy[s.xy.length - 1];
  return {
    lesson,
    description: `Test accuracy in eval mode (through the running statistics) over the first ${steps} steps; at step ${steps}: ${series.map((s) => `${s.label} ${percent(last(s))}`).join(', ')}. The training losses of the three are identical.`,
    x: [0, steps],
    y: [Math.max(0, Math.min(...ys) - 0.02), Math.min(1, Math.max(...ys) + 0.02)],
    yLog: false,
    series,
  };
};
