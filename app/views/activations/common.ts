// Shared helpers of the activation view's layouts: number formatting for labels and summaries,
// the panel grid that puts runs side by side (or stacks them on narrow screens), and the
// histogram arithmetic (shares, re-binning onto a shared range, mean/sd from bins). Pure.

/** A value for text: 3 significant figures at most, a true minus sign, never "−0.00". */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  let text: string;
  if (a >= 1000) text = `${Number((v / 1000).toPrecision(3))}k`;
  else if (a >= 100) text = v.toFixed(0);
  else if (a >= 10) text = v.toFixed(1);
  else text = v.toFixed(2);
  if (/^-0(\.0+)?$/.test(text)) text = text.slice(1);
  return text.replace('-', '−');
}

/** A share in [0, 1] as a percentage tick: 0 %, 5 %, 12.5 %. */
export function formatShare(v: number): string {
  if (!Number.isFinite(v) || v <= 0) return '0 %';
  return `${Number((v * 100).toPrecision(2))} %`;
}

/** A step count with thousands separators. */
export function formatStep(step: number): string {
  return Math.round(step).toLocaleString('en-US');
}

/**
 * How many run panels fit side by side in `width` px (each at least `minPanel` wide, `gap`
 * apart) and how wide each is. Runs that do not fit wrap onto the next row.
 */
export function panelGrid(
  width: number,
  count: number,
  minPanel: number,
  gap: number,
): { cols: number; panelWidth: number } {
  const n = Math.max(1, count);
  const cols = Math.max(1, Math.min(n, Math.floor((width + gap) / (minPanel + gap))));
  return { cols, panelWidth: Math.max(1, Math.floor((width - gap * (cols - 1)) / cols)) };
}

/** Counts → shares of their total (summing to 1); non-finite or negative counts count as 0. */
export function shares(counts: ArrayLike<number>): Float64Array {
  const out = new Float64Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    const v = Number.isFinite(c) && c > 0 ? c : 0;
    out[i] = v;
    total += v;
  }
  if (total > 0) for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/**
 * Mean and standard deviation of a binned distribution, each value taken at its bin centre
 * (so approximate by up to a bin width); null when every share is 0.
 */
export function binnedStats(
  s: ArrayLike<number>,
  lo: number,
  hi: number,
): { mean: number; sd: number } | null {
  const n = s.length;
  const w = (hi - lo) / n;
  let total = 0;
  let sum = 0;
  for (let b = 0; b < n; b++) {
    total += s[b];
    sum += s[b] * (lo + (b + 0.5) * w);
  }
  if (!(total > 0)) return null;
  const mean = sum / total;
  let sq = 0;
  for (let b = 0; b < n; b++) {
    const d = lo + (b + 0.5) * w - mean;
    sq += s[b] * d * d;
  }
  return { mean, sd: Math.sqrt(sq / total) };
}

/** The largest finite |lo| or |hi| of the given ranges (1 if none): every run's shared x range. */
export function sharedRange(ranges: Iterable<{ lo: number; hi: number } | number | null>): number {
  let r = 0;
  for (const x of ranges) {
    if (x === null) continue;
    const vals = typeof x === 'number' ? [x] : [x.lo, x.hi];
    for (const v of vals) if (Number.isFinite(v) && Math.abs(v) > r) r = Math.abs(v);
  }
  return r > 0 ? r : 1;
}
