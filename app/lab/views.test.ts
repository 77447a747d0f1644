// The view registry against the lessons: every view a lesson shows has something to show for the
// lesson's own experiment (a drift view beside a run without BatchNorm would only show its note).

import { describe, expect, it } from 'vitest';
import { LESSON_CONTENT } from '../lessons/content.ts';
import { planRuns } from '../runtime/controller.ts';
import { LAB_VIEWS, unmetNeeds, VIEWS } from './views.tsx';

const networkLessons = Object.values(LESSON_CONTENT).flatMap((c) =>
  c && c.live.kind === 'network' ? [{ id: c.id, live: c.live }] : [],
);

describe('view registry', () => {
  it('the Lab shows every registered view once', () => {
    expect(LAB_VIEWS).toEqual(Object.keys(VIEWS));
    expect(new Set(LAB_VIEWS).size).toBe(LAB_VIEWS.length);
  });

  it('finds the network lessons', () => {
    expect(networkLessons.length).toBeGreaterThan(0);
  });

  it.each(networkLessons)('lesson $id shows only views its experiment can fill', ({ live }) => {
    const runs = planRuns(live.preset.config, live.preset.comparison).map((r) => r.config);
    for (const view of live.views)
      expect({ view, unmet: unmetNeeds(view, runs) }).toEqual({ view, unmet: [] });
  });

  it('names what a view misses', () => {
    const spiral = { ...networkLessons[0].live.preset.config, dataset: 'spiral', norm: 'none' } as const;
    expect(unmetNeeds('drift', [spiral])).toEqual(['running statistics']);
    expect(unmetNeeds('serving', [spiral])).toEqual(['mnist']);
    expect(unmetNeeds('featureMaps', [{ ...spiral, dataset: 'mnist' }])).toEqual(['cnn']);
    expect(unmetNeeds('featureMaps', [{ ...spiral, dataset: 'mnist', model: 'cnn' }])).toEqual([]);
    expect(unmetNeeds('boundary', [spiral])).toEqual([]);
    expect(unmetNeeds('boundary', [{ ...spiral, dataset: 'mnist' }])).toEqual(['2-d data']);
    expect(unmetNeeds('drift', [spiral, { ...spiral, norm: 'batchnorm' }])).toEqual([]);
    expect(unmetNeeds('drift', [{ ...spiral, norm: 'batchrenorm' }])).toEqual([]); // running statistics too
  });
});
