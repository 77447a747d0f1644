// Re-binning of histograms: the metric history re-bins a layer's rows when its range grows,
// and the activation views re-bin every run onto the widest range, so a bar means one interval.

/**
 * Moves `values` of equal bins over [lo, hi] onto `bins` equal bins over [targetLo, targetHi],
 * splitting each source bin by overlap. Exact when the source edges nest in the target's (the
 * engine's ranges are powers of two, so a narrower run's bins always nest in a wider run's);
 * anything outside the target range lands in the end bins, as in the engine's histogram.
 */
export function rebin(
  values: ArrayLike<number>,
  lo: number,
  hi: number,
  targetLo: number,
  targetHi: number,
  bins = values.length,
): Float64Array {
  const out = new Float64Array(bins);
  const n = values.length;
  if (n === 0 || bins === 0) return out;
  if (lo === targetLo && hi === targetHi && n === bins) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  const w = (hi - lo) / n;
  const tw = (targetHi - targetLo) / bins;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!v || !Number.isFinite(v)) continue;
    const a = lo + i * w;
    const b = a + w;
    if (b <= targetLo) {
      out[0] += v;
      continue;
    }
    if (a >= targetHi) {
      out[bins - 1] += v;
      continue;
    }
    let start = a;
    let end = b;
    if (a < targetLo) {
      out[0] += (v * (targetLo - a)) / w;
      start = targetLo;
    }
    if (b > targetHi) {
      out[bins - 1] += (v * (b - targetHi)) / w;
      end = targetHi;
    }
    let j = Math.min(bins - 1, Math.max(0, Math.floor((start - targetLo) / tw)));
    while (end - start > 1e-12 * w && j < bins) {
      const edge = Math.min(end, targetLo + (j + 1) * tw);
      if (edge > start) out[j] += (v * (edge - start)) / w;
      start = Math.max(start, edge);
      j++;
    }
  }
  return out;
}
