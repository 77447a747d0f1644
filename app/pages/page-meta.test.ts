import { describe, expect, it } from 'vitest';
import { LESSONS } from '../lessons/catalog.ts';
import { parseRoute } from '../route.ts';
import { pageMeta } from './page-meta.ts';

describe('pageMeta', () => {
  it('names each lesson by its number and outline title, described by its summary', () => {
    for (const lesson of LESSONS) {
      const meta = pageMeta(parseRoute(`#/lessons/${lesson.id}`));
      expect(meta.title).toBe(`${lesson.id}. ${lesson.title} · NormLab`);
      expect(meta.description).toBe(lesson.summary);
    }
  });

  it('gives every page a distinct title', () => {
    const hashes = [
      '#/',
      '#/lessons',
      '#/lab',
      '#/nowhere',
      '#/lessons/99',
      ...LESSONS.map((l) => `#/lessons/${l.id}`),
    ];
    const titles = hashes.map((h) => pageMeta(parseRoute(h)).title);
    expect(new Set(titles).size).toBe(titles.length);
    for (const h of hashes) expect(pageMeta(parseRoute(h)).description.length).toBeGreaterThan(40);
  });

  it('names an unknown lesson as not found instead of borrowing another title', () => {
    expect(pageMeta(parseRoute('#/lessons/99')).title).toBe('Lesson not found · NormLab');
  });
});
