// Which elements of an (N, C, H×W) tensor share one mean and variance under each normalizer,
// and those sets' statistics pooled exactly from per-(sample, channel) cell statistics (the
// observation's `cells`). Pure; no DOM. Indices are 0-based, as in PyTorch (x[n, c]).
//
// Pooling equal-sized cells k = 1..K (each S values, mean m_k, biased variance v_k):
//   mean = Σ m_k / K,  variance = Σ (v_k + (m_k − mean)²) / K   (biased, exact),
//   mean square = variance + mean²                              (what RMSNorm divides by).

import { commonDivisors, isNormKind, NORM_KINDS, type NormKind, normInfo, type Observation } from '#engine';

/** Every normalizer (the catalog's order); each row says which elements share a statistic. */
export const SET_NORMS = NORM_KINDS;
export type SetNorm = NormKind;

export type Cells = NonNullable<Observation['cells']>;

export const SET_NORM_LABEL = Object.fromEntries(SET_NORMS.map((k) => [k, normInfo(k).label])) as Record<
  SetNorm,
  string
>;

export const SET_NORM_SHORT = Object.fromEntries(SET_NORMS.map((k) => [k, normInfo(k).short])) as Record<
  SetNorm,
  string
>;

/** One statistics set: the cells with sample in [sample0, sample1) and channel in [channel0, channel1). */
export interface NormSet {
  index: number;
  sample0: number;
  sample1: number;
  channel0: number;
  channel1: number;
}

export interface SetStats {
  /** Values pooled: cells × spatial. */
  count: number;
  mean: number;
  /** Biased variance (what every normalizer here divides by). */
  variance: number;
  /** mean(x²) = variance + mean² (RMSNorm; no mean subtracted). */
  meanSquare: number;
}

export function isSetNorm(kind: string): kind is SetNorm {
  return isNormKind(kind);
}

/** Divisors of c in increasing order: the group counts GroupNorm accepts. */
export function divisors(c: number): number[] {
  return commonDivisors([c]);
}

/**
 * The sets of an n × c grid of cells under `norm`, in reading order (sample-major, then channel).
 * By the catalog's `shares`: per channel (BN) one set per channel over all samples; per sample
 * (LN, RMSNorm) one per sample over all channels; per group (GN) one per (sample, group of
 * c / groups consecutive channels); per instance (IN) one per cell.
 */
export function normSets(norm: SetNorm, n: number, c: number, groups = 1): NormSet[] {
  if (!Number.isInteger(n) || !Number.isInteger(c) || n < 1 || c < 1)
    throw new Error(`the grid needs at least one sample and one channel (n=${n}, c=${c})`);
  const sets: NormSet[] = [];
  const push = (sample0: number, sample1: number, channel0: number, channel1: number) =>
    sets.push({ index: sets.length, sample0, sample1, channel0, channel1 });
  const shares = normInfo(norm).shares;
  switch (shares) {
    case 'channel':
      for (let ch = 0; ch < c; ch++) push(0, n, ch, ch + 1);
      return sets;
    case 'sample':
      for (let s = 0; s < n; s++) push(s, s + 1, 0, c);
      return sets;
    case 'group': {
      if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0)
        throw new Error(`groups must divide channels (c=${c}, g=${groups})`);
      const size = c / groups;
      for (let s = 0; s < n; s++) for (let g = 0; g < groups; g++) push(s, s + 1, g * size, (g + 1) * size);
      return sets;
    }
    case 'instance':
      for (let s = 0; s < n; s++) for (let ch = 0; ch < c; ch++) push(s, s + 1, ch, ch + 1);
      return sets;
    default: {
      const unknown: never = shares;
      throw new Error(`unknown statistics set '${unknown as string}'`);
    }
  }
}

/** Set index of every cell, row-major (sample * c + channel). */
export function membership(norm: SetNorm, n: number, c: number, groups = 1): Int32Array {
  const out = new Int32Array(n * c);
  for (const set of normSets(norm, n, c, groups))
    for (let s = set.sample0; s < set.sample1; s++)
      for (let ch = set.channel0; ch < set.channel1; ch++) out[s * c + ch] = set.index;
  return out;
}

/** The set that holds cell (sample, channel). */
export function setContaining(sets: readonly NormSet[], sample: number, channel: number): NormSet | null {
  return (
    sets.find(
      (t) => sample >= t.sample0 && sample < t.sample1 && channel >= t.channel0 && channel < t.channel1,
    ) ?? null
  );
}

/**
 * Exact statistics of a set pooled from its cells. The set must lie inside the cell grid
 * (`set must lie inside the 4 × 8 cells`); returns null when a cell statistic is not finite.
 */
export function poolCells(cells: Cells, set: NormSet): SetStats | null {
  if (set.sample1 > cells.n || set.channel1 > cells.c || set.sample0 < 0 || set.channel0 < 0)
    throw new Error(`set must lie inside the ${cells.n} × ${cells.c} cells`);
  let k = 0;
  let sumMean = 0;
  for (let s = set.sample0; s < set.sample1; s++)
    for (let ch = set.channel0; ch < set.channel1; ch++) {
      sumMean += cells.mean[s * cells.c + ch];
      k++;
    }
  const mean = sumMean / k;
  let sumVar = 0;
  for (let s = set.sample0; s < set.sample1; s++)
    for (let ch = set.channel0; ch < set.channel1; ch++) {
      const d = cells.mean[s * cells.c + ch] - mean;
      sumVar += cells.variance[s * cells.c + ch] + d * d;
    }
  const variance = sumVar / k;
  if (!Number.isFinite(mean) || !Number.isFinite(variance)) return null;
  return { count: k * cells.spatial, mean, variance, meanSquare: variance + mean * mean };
}

/** Every set of the cell grid under `norm` with its pooled statistics. */
export function groupStats(
  cells: Cells,
  norm: SetNorm,
  groups = 1,
): (NormSet & { stats: SetStats | null })[] {
  return normSets(norm, cells.n, cells.c, groups).map((set) => ({ ...set, stats: poolCells(cells, set) }));
}

function range(lo: number, hi: number): string {
  return hi - lo === 1 ? String(lo) : `${lo}–${hi - 1}`;
}

/** What a set covers, in words: "sample 2, channels 4–7" (n, c: the grid the set belongs to). */
export function describeSet(norm: SetNorm, set: NormSet, n: number, c: number): string {
  switch (normInfo(norm).shares) {
    case 'channel':
      return `channel ${set.channel0}, all ${n} samples`;
    case 'sample':
      return `sample ${set.sample0}, all ${c} channels`;
    case 'group':
      return `sample ${set.sample0}, channels ${range(set.channel0, set.channel1)}`;
    case 'instance':
      return `sample ${set.sample0}, channel ${set.channel0}`;
  }
}

/** Accessible name of a set: "GroupNorm set: sample 2, channels 4–7". */
export function setLabel(norm: SetNorm, set: NormSet, n: number, c: number): string {
  return `${SET_NORM_LABEL[norm]} set: ${describeSet(norm, set, n, c)}`;
}
