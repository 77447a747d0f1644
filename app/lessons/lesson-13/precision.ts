// Lesson 13's precision widget, computed on the main thread: three ways normalization statistics
// go wrong in float16 and not in float32, emulated with the engine's float16 rounding (every
// operation's result rounded, as half-precision hardware does) and Math.fround for float32.
// Exact references are float64.

import { HALF_MAX, Rng, roundToHalf } from '#engine';

export type Float = 'float16' | 'float32';

/** Rounds to the format: roundToHalf for float16, Math.fround for float32. */
export function rounder(format: Float): (x: number) => number {
  return format === 'float16' ? roundToHalf : Math.fround;
}

export { HALF_MAX };

/** Values in one channel of the widget's experiments (a 16×16 feature map). */
export const CHANNEL_VALUES = 256;

/** `count` seeded values with the given mean and standard deviation (float64, then stored in `format`). */
export function channelValues(mean: number, std: number, seed: number, count = CHANNEL_VALUES): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => mean + std * rng.normal());
}

/** Σ x², accumulated in `format` (each square and each partial sum rounded). */
export function sumOfSquares(values: readonly number[], format: Float): number {
  const r = rounder(format);
  let sum = 0;
  for (const v of values) {
    const x = r(v);
    sum = r(sum + r(x * x));
  }
  return sum;
}

/** Exact (float64) mean and biased variance, two passes. */
export function exactMoments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

/**
 * The one-pass formula Var = E[x²] − E[x]² with both moments stored in `format` (the moments
 * themselves exact before that rounding, so only the storage format is to blame).
 */
export function onePassVariance(values: readonly number[], format: Float): number {
  const r = rounder(format);
  const n = values.length;
  const meanSquare = values.reduce((s, v) => s + v * v, 0) / n;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  return r(r(meanSquare) - r(r(mean) * r(mean)));
}

/** Two passes in `format`: the mean rounded, then the mean of squared deviations from it. */
export function twoPassVariance(values: readonly number[], format: Float): number {
  const r = rounder(format);
  const n = values.length;
  const mean = r(values.reduce((s, v) => s + v, 0) / n);
  const deviations = values.reduce((s, v) => s + r(r(v) - mean) ** 2, 0) / n;
  return r(deviations);
}

export interface RunningTrace {
  /** Running mean after each update (index 0: the start, 0). */
  values: number[];
  /** The first update after which the value never changed again (null if it kept moving). */
  stalledAt: number | null;
}

/**
 * PyTorch's update running = running + momentum · (batch − running), every operation rounded to
 * `format`, from 0 toward a constant batch mean `target`, `updates` times.
 */
export function runningMeanTrace(
  target: number,
  momentum: number,
  updates: number,
  format: Float,
): RunningTrace {
  const r = rounder(format);
  const m = r(momentum);
  const t = r(target);
  const values = [0];
  let running = 0;
  let stalledAt: number | null = null;
  for (let k = 1; k <= updates; k++) {
    const next = r(running + r(m * r(t - running)));
    if (next === running && running !== t) stalledAt ??= k - 1;
    else stalledAt = null;
    running = next;
    values.push(running);
  }
  return { values, stalledAt };
}
