import { describe, expect, it } from 'vitest';
import { randomInput } from '../testing/grad-check.ts';
import { roundToHalf } from './half.ts';
import { refMeanVar } from './reference.ts';
import { blockLayout, channelLayout, meanSquare, meanVariance } from './stats.ts';

/** Relative accuracy asked of float64 statistics against the exact or reference value. */
const STAT_REL_TOLERANCE = 1e-12;

/** One group of the given values, as a one-block layout. */
function statsOf(values: ArrayLike<number>, half = false): { mean: number; variance: number } {
  const x = Float64Array.from(values as number[]);
  const mean = new Float64Array(1);
  const variance = new Float64Array(1);
  meanVariance(x, blockLayout(1, x.length), half, mean, variance);
  return { mean: mean[0], variance: variance[0] };
}

describe('meanVariance', () => {
  it.each([
    ['float32 values, m=7', Float32Array, 7],
    ['float64 values, m=3', Float64Array, 3],
  ] as const)('constant group, %s: mean exact, variance exactly 0', (_, Storage, m) => {
    // In float64, 0.1 + 0.1 + 0.1 = 0.30000000000000004: the correction pass is what makes this exact.
    for (const v of [0.1, -3.7, 12345.678, 1e-4]) {
      const x = new Storage(m).fill(v);
      const mean = new Float64Array(1);
      const variance = new Float64Array(1);
      meanVariance(x, blockLayout(1, m), false, mean, variance);
      expect(mean[0]).toBe(x[0]);
      expect(variance[0]).toBe(0);
    }
  });

  it('values around 1e4 with spread 1, float32 storage, m=400: exact mean 1e4 and variance 1.25', () => {
    // 1e4 + {-1.5, -0.5, 0.5, 1.5} are exact in float32; mean 1e4, biased variance 1.25 exactly.
    const x = new Float32Array(400);
    for (let i = 0; i < x.length; i++) x[i] = 1e4 + [-1.5, -0.5, 0.5, 1.5][i % 4];
    const mean = new Float64Array(1);
    const variance = new Float64Array(1);
    meanVariance(x, blockLayout(1, x.length), false, mean, variance);
    expect(mean[0]).toBe(1e4);
    expect(variance[0]).toBe(1.25);
  });

  it('the one-pass E[x^2] - E[x]^2 in float32 arithmetic fails on the same data (why two passes)', () => {
    // Demonstrates the failure the two-pass algorithm avoids: float32 accumulation of x^2 ~ 1e8
    // carries ~8 units of rounding per add, swamping a variance of 1.25.
    const f = Math.fround;
    let sum = 0;
    let sumSq = 0;
    const m = 400;
    for (let i = 0; i < m; i++) {
      const v = 1e4 + [-1.5, -0.5, 0.5, 1.5][i % 4];
      sum = f(sum + v);
      sumSq = f(sumSq + f(v * v));
    }
    const mean = f(sum / m);
    const onePass = f(f(sumSq / m) - f(mean * mean));
    expect(Math.abs(onePass - 1.25)).toBeGreaterThan(1);
  });

  it('tiny values around 1e-4 with spread 1e-6, m=1000: matches the float64 reference', () => {
    const x = randomInput(1000, 11, 1e-6, 1e-4);
    const got = statsOf(x);
    const ref = refMeanVar(Array.from(x));
    expect(Math.abs(got.mean - ref.mean) / ref.mean).toBeLessThan(STAT_REL_TOLERANCE);
    expect(Math.abs(got.variance - ref.variance) / ref.variance).toBeLessThan(STAT_REL_TOLERANCE);
    expect(ref.variance).toBeGreaterThan(0.5e-12);
  });

  it('channel layout, NCHW n=3 c=2 h=2 w=2: each channel over (N, H, W)', () => {
    const n = 3;
    const C = 2;
    const S = 4;
    const x = randomInput(n * C * S, 5);
    const mean = new Float64Array(C);
    const variance = new Float64Array(C);
    meanVariance(x, channelLayout(n, C, S), false, mean, variance);
    for (let c = 0; c < C; c++) {
      const values: number[] = [];
      for (let i = 0; i < n; i++) for (let s = 0; s < S; s++) values.push(x[(i * C + c) * S + s]);
      const ref = refMeanVar(values);
      expect(mean[c]).toBeCloseTo(ref.mean, 14);
      expect(variance[c]).toBeCloseTo(ref.variance, 14);
    }
  });

  it('half precision: the mean is rounded to float16, the variance taken about it and rounded', () => {
    const x = randomInput(64, 3, 1, 1e4 + 3);
    const exact = refMeanVar(Array.from(x));
    const mean16 = roundToHalf(exact.mean);
    let squares = 0;
    for (const v of x) squares += (v - mean16) ** 2;
    const got = statsOf(x, true);
    expect(got.mean).toBe(mean16);
    expect(got.variance).toBe(roundToHalf(squares / x.length));
  });
});

describe('meanSquare', () => {
  it('block layout n=2 length 3: mean of squares per block; half rounds and overflows to Infinity', () => {
    const x = Float64Array.from([1, 2, 2, 300, 300, 300]);
    const out = new Float64Array(2);
    meanSquare(x, blockLayout(2, 3), false, out);
    expect(Array.from(out)).toEqual([3, 90000]);
    meanSquare(x, blockLayout(2, 3), true, out);
    expect(Array.from(out)).toEqual([3, Number.POSITIVE_INFINITY]);
  });
});
