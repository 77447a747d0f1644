// A lesson's experiment on the app's runtime (the same workers and store as the Lab): load it
// into the store and rebuild its runs, read the store's back, compare two, link it to the Lab.
// Apart from NetworkLesson.tsx, so the home page's hero can start lesson 2's race without
// loading a lesson's live panel (its knobs, views and code twin).

import { raiseBatchSize } from '#engine';
import { controller } from '../runtime/app-controller.ts';
import { store } from '../store/index.ts';
import { formatExperimentParams } from '../url/experiment-codec.ts';
import { type LessonExperiment, preferredObserve } from './lesson-experiment.ts';

/** The store's experiment as a lesson experiment (observe and checkpoint from the lesson). */
export function currentExperiment(preset: LessonExperiment): LessonExperiment {
  const { config, comparison, sweep } = store.getState();
  return { ...preset, config, comparison, sweep };
}

/** Whether two experiments train the same runs (observe and checkpoint aside). */
export function sameExperiment(a: LessonExperiment, b: LessonExperiment): boolean {
  return (
    formatExperimentParams({ config: a.config, comparison: a.comparison, sweep: a.sweep }) ===
    formatExperimentParams({ config: b.config, comparison: b.comparison, sweep: b.sweep })
  );
}

/** Replaces the store's experiment and rebuilds every run at step 0 (a fresh, fair start). */
export function startLessonExperiment(experiment: LessonExperiment): void {
  const s = store.getState();
  const c = controller();
  c.pause();
  c.cancelSweep();
  s.setSweepProgress(null);
  s.selectLayer(null);
  s.setPreferredObserve(preferredObserve(experiment));
  c.setStopAt(experiment.stopAt);
  s.setSweep(experiment.sweep);
  // A try-this applied to the reader's settings may ask for a batch its normalizer cannot train with.
  const issues: string[] = [];
  s.setConfig(raiseBatchSize(experiment.config, experiment.comparison, issues));
  if (issues.length > 0) s.addNotices(issues);
  s.setComparison(experiment.comparison);
  c.reset();
}

/** The Lab link of an experiment. */
export function labHref(experiment: LessonExperiment): string {
  const { config, comparison, sweep } = experiment;
  return `#/lab?${formatExperimentParams({ config, comparison, sweep })}`;
}
