import { describe, expect, it } from 'vitest';
import { configProblems, planArms } from '#engine';
import { LESSON_CONTENT } from './content.ts';
import type { LessonExperiment } from './lesson-experiment.ts';

/** Every run an experiment starts, with what the rules say about it. */
function problemsOf(experiment: LessonExperiment): string[] {
  return planArms(experiment.config, experiment.comparison).flatMap((arm) =>
    configProblems(arm.config).map((p) => `${arm.id}: ${p}`),
  );
}

describe('lesson experiments obey the experiment rules', () => {
  it('every preset, every try-this applied to it, and every "Open in Lab" experiment can run (e.g. no BatchNorm at batch size 1)', () => {
    for (const content of Object.values(LESSON_CONTENT)) {
      if (!content) continue;
      const live = content.live;
      if (live.kind === 'network') {
        expect(problemsOf(live.preset), `lesson ${content.id} preset`).toEqual([]);
        live.tryThis.forEach((t, i) => {
          expect(problemsOf(t.apply(live.preset)), `lesson ${content.id} try-this ${i + 1}`).toEqual([]);
        });
      } else if (live.lab) {
        expect(problemsOf(live.lab), `lesson ${content.id} lab`).toEqual([]);
      }
    }
  });
});
