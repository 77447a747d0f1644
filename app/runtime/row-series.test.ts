import { describe, expect, it } from 'vitest';
import { RowSeries } from './row-series.ts';

describe('RowSeries', () => {
  it('stores rows until full, then merges pairs and keeps covering the whole run', () => {
    const s = new RowSeries(2, 4);
    for (let t = 1; t <= 4; t++) s.push(t, [t, 10 * t]);
    expect(s.length).toBe(4);
    s.push(5, [5, 50]);
    expect(s.span).toBe(2);
    expect(Array.from(s.steps.subarray(0, s.length))).toEqual([2, 4, 5]);
    expect(Array.from(s.row(0))).toEqual([1.5, 15]);
    expect(Array.from(s.column(1))).toEqual([15, 35, 50]);
  });

  it('stays bounded over 100,000 snapshots', () => {
    const s = new RowSeries(3, 64);
    for (let t = 0; t < 100_000; t++) s.push(t, [1, 2, 3]);
    expect(s.length).toBeLessThanOrEqual(64);
    expect(s.steps[s.length - 1]).toBe(99_999);
    expect(Array.from(s.row(s.length - 1))).toEqual([1, 2, 3]);
  });

  it('never stores NaN', () => {
    const s = new RowSeries(2, 4);
    s.push(1, [Number.NaN, Number.POSITIVE_INFINITY]);
    expect(Array.from(s.row(0))).toEqual([0, 0]);
  });
});
