// Float64 reference statistics for the normalizer tests, written independently of stats.ts:
// values are gathered by explicit NCHW index formulas into plain arrays, then a textbook
// two-pass mean and biased variance is taken. Test support only; no layer imports this.

/** Mean and biased variance of a list of numbers (two passes, float64). */
export function refMeanVar(values: readonly number[]): { mean: number; variance: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, variance: squares / values.length };
}

/** The values of channel c over (N, S) of an NCHW batch: BatchNorm's group. */
export function channelValues(x: ArrayLike<number>, n: number, C: number, S: number, c: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let s = 0; s < S; s++) out.push(x[(i * C + c) * S + s]);
  return out;
}

/** The values of channels [c0, c1) of sample i over S: a GroupNorm group (c0 = 0, c1 = C for LayerNorm). */
export function sampleValues(
  x: ArrayLike<number>,
  i: number,
  C: number,
  S: number,
  c0 = 0,
  c1 = C,
): number[] {
  const out: number[] = [];
  for (let c = c0; c < c1; c++) for (let s = 0; s < S; s++) out.push(x[(i * C + c) * S + s]);
  return out;
}

/** Largest |a - b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
