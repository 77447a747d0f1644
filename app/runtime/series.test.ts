import { describe, expect, it } from 'vitest';
import { Series } from './series.ts';

describe('Series', () => {
  it('keeps every point while under capacity', () => {
    const s = new Series(8);
    for (let i = 0; i < 5; i++) s.push(i, i * 10);
    expect(s.length).toBe(5);
    expect(Array.from(s.mean.subarray(0, 5))).toEqual([0, 10, 20, 30, 40]);
    expect(s.last()).toBe(40);
  });

  it('stays bounded over a long run and keeps a spike visible in max', () => {
    const s = new Series(64);
    const steps = 100_000;
    for (let i = 0; i < steps; i++) s.push(i, i === 54_321 ? 1000 : 1);
    expect(s.length).toBeLessThanOrEqual(64);
    expect(s.total).toBe(steps);
    const maxes = Array.from(s.max.subarray(0, s.length));
    expect(Math.max(...maxes)).toBe(1000);
    const spike = maxes.indexOf(1000);
    expect(s.x[spike]).toBeLessThanOrEqual(54_321);
    expect(spike + 1 < s.length ? s.x[spike + 1] : steps).toBeGreaterThan(54_321);
    expect(Math.min(...Array.from(s.min.subarray(0, s.length)))).toBe(1);
  });

  it('bucket means are the means of the merged raw points', () => {
    const s = new Series(4);
    for (let i = 0; i < 8; i++) s.push(i, i);
    // width 2 after one compaction: buckets {0,1},{2,3},{4,5},{6,7}
    expect(s.width).toBe(2);
    expect(Array.from(s.mean.subarray(0, s.length))).toEqual([0.5, 2.5, 4.5, 6.5]);
    expect(Array.from(s.x.subarray(0, s.length))).toEqual([0, 2, 4, 6]);
  });

  it('drops non-finite values so no chart draws NaN or Infinity', () => {
    const s = new Series(8);
    s.push(0, 1);
    s.push(1, Number.NaN);
    s.push(2, Number.POSITIVE_INFINITY);
    expect(s.length).toBe(1);
    expect(s.total).toBe(1);
  });

  it('rejects an odd or tiny capacity with a named error', () => {
    expect(() => new Series(3)).toThrow('series capacity must be an even integer >= 2, got 3');
  });
});
