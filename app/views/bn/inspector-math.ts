// The BN arithmetic inspector's model: the tracked unit's batch values, the statistics they
// were normalized with, and each cell's arithmetic with the real numbers substituted
// ("x̂₃ = (0.412 − 0.127) / √(0.089 + 0.00001) = 0.955"). Pure; no DOM. BatchNorm's mean and
// variance come from the engine; the per-sample statistics of LN / GN / IN / RMSNorm are
// pooled from the observation's per-cell statistics (set-stats.ts), when those cover the set.

import { normInfo, type Observation } from '#engine';
import {
  type Cells,
  describeSet,
  type NormSet,
  normSets,
  poolCells,
  type SetNorm,
  type SetStats,
  setContaining,
} from './set-stats.ts';

export type Inspector = NonNullable<Observation['inspector']>;

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

/** 12 → "₁₂". */
export function subscript(i: number): string {
  return String(i).replace(/\d/g, (d) => SUBSCRIPT[Number(d)]);
}

/** A true minus sign (U+2212) for negative numbers. */
function minus(text: string): string {
  return text.replace(/^-/, '−').replace(/e-/, 'e−');
}

/** Readable numbers for the table and the arithmetic: 0.412, −1.250, 0.0043, 1.2e−5; '—' if not finite. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3)
    return minus(
      v
        .toExponential(2)
        .replace(/\.?0+e/, 'e')
        .replace('e+', 'e'),
    );
  if (a < 0.01) return minus(v.toPrecision(2));
  return minus(v.toFixed(3));
}

/** Epsilon as written in the formula: 0.00001, 0.001, 1.19e−7. */
export function formatEps(eps: number): string {
  if (!Number.isFinite(eps)) return '—';
  if (eps >= 1e-6) return String(Number(eps.toPrecision(3)));
  return minus(eps.toExponential(2).replace(/\.?0+e/, 'e'));
}

/** A value as a term after "+" or "−": negative values in parentheses. */
function term(v: number): string {
  return v < 0 ? `(${formatValue(v)})` : formatValue(v);
}

export interface InspectorInput {
  kind: SetNorm;
  /** The tracked unit (channel or feature), 0-based. */
  unit: number;
  inspector: Inspector;
  /** Samples in the batch (N) and values per channel per sample (H × W; 1 for dense). */
  batchSize: number;
  spatial: number;
  /** Channels (features) of the layer, and GroupNorm's group count. */
  channels: number;
  groups: number;
  cells: Cells | null;
}

export interface InspectorModel {
  kind: SetNorm;
  unit: number;
  /** Rows shown (the first batch samples, at most 16). Row i is sample i. */
  rows: number;
  /** Values behind each mean and variance. */
  m: number;
  /** BatchNorm's batch statistics of the unit's channel (null for per-sample normalizers). */
  batch: { mean: number; variance: number } | null;
  /** Per-sample statistics (LN / GN / IN / RMSNorm) of each row's set, when the cells cover it. */
  perRow: (SetStats | null)[] | null;
  /** The set each row's statistics come from (per-sample normalizers). */
  rowSets: (NormSet | null)[] | null;
  /** Why per-row statistics could not be computed, in words (null when they could, or for BN). */
  perRowProblem: string | null;
}

/** Values behind one statistic of `kind` (m in the formulas). */
export function valuesPerStatistic(
  kind: SetNorm,
  batchSize: number,
  spatial: number,
  channels: number,
  groups: number,
): number {
  switch (normInfo(kind).shares) {
    case 'channel':
      return batchSize * spatial;
    case 'sample':
      return channels * spatial;
    case 'group':
      return (channels / groups) * spatial;
    case 'instance':
      return spatial;
  }
}

/** Builds the model the table and the arithmetic read; pure. */
export function inspectorModel(input: InspectorInput): InspectorModel {
  const { kind, unit, inspector, batchSize, spatial, channels, groups, cells } = input;
  const rows = inspector.x.length;
  const m = valuesPerStatistic(kind, batchSize, spatial, channels, groups);
  const shares = normInfo(kind).shares;
  if (shares === 'channel') {
    return {
      kind,
      unit,
      rows,
      m,
      batch: { mean: inspector.mean, variance: inspector.variance },
      perRow: null,
      rowSets: null,
      perRowProblem: null,
    };
  }
  let perRowProblem: string | null = null;
  let perRow: (SetStats | null)[] | null = null;
  let rowSets: (NormSet | null)[] | null = null;
  if (!cells) {
    perRowProblem = 'the per-cell statistics of this layer are not available yet';
  } else if (
    cells.c < channels &&
    shares !== 'instance' &&
    !(shares === 'group' && groupFits(cells, unit, channels, groups))
  ) {
    perRowProblem = `this layer has ${channels} channels and the per-cell statistics cover only the first ${cells.c}`;
  } else if (cells.spatial !== spatial) {
    perRowProblem = 'the per-cell statistics belong to another layer shape';
  } else {
    // The sets are those of the real layer (all its channels), restricted to rows the cells hold.
    const sets = normSets(kind, cells.n, channels, shares === 'group' ? groups : 1);
    rowSets = [];
    perRow = [];
    for (let i = 0; i < rows; i++) {
      const set = i < cells.n ? setContaining(sets, i, unit) : null;
      rowSets.push(set);
      perRow.push(set && set.channel1 <= cells.c ? poolCells(cells, set) : null);
    }
    if (perRow.every((s) => s === null)) perRowProblem = 'the per-cell statistics do not cover these rows';
  }
  return { kind, unit, rows, m, batch: null, perRow, rowSets, perRowProblem };
}

function groupFits(cells: Cells, unit: number, channels: number, groups: number): boolean {
  const size = channels / groups;
  return (Math.floor(unit / size) + 1) * size <= cells.c;
}

/** A clickable cell of the inspector. Row cells carry the sample index. */
export type CellKey =
  | { col: 'x' | 'xhat' | 'y' | 'rowMean' | 'rowVariance' | 'rowMeanSquare'; row: number }
  | { col: 'mean' | 'variance' | 'eps' | 'gamma' | 'beta' };

export function cellId(key: CellKey): string {
  return 'row' in key ? `${key.col}-${key.row}` : key.col;
}

/** Which values a statistic averages, in words. */
function setWords(model: InspectorModel, input: InspectorInput, row: number): string {
  const { spatial, channels, batchSize } = input;
  if (batchWide(model)) {
    const what = spatial > 1 ? `channel ${model.unit}` : `unit ${model.unit}`;
    const per = spatial > 1 ? ` × ${spatial} positions = ${model.m} values` : '';
    return `${what} over all ${batchSize} samples${per}`;
  }
  const set = model.rowSets?.[row];
  const where = set ? describeSet(model.kind, set, input.cells?.n ?? 0, channels) : `sample ${row}`;
  return `${where}: ${model.m} values`;
}

/** Sum of the shown values (all of them when the table shows every value, else abbreviated). */
function sumText(values: string[], m: number, symbol: (i: number) => string): string {
  if (values.length === m && m <= 16) return values.join(' + ');
  return `${symbol(0)} + ${symbol(1)} + … + ${symbol(m - 1)}`;
}

/** The arithmetic behind one cell, with the numbers substituted. */
export function explain(model: InspectorModel, input: InspectorInput, key: CellKey): string {
  const { inspector } = input;
  const eps = formatEps(inspector.eps);
  const unitWords = input.spatial > 1 ? `channel ${model.unit}` : `unit ${model.unit}`;
  const info = normInfo(model.kind);
  const bn = batchWide(model);
  const rms = !info.centers;
  const label = info.label;
  switch (key.col) {
    case 'x': {
      const i = key.row;
      const where = input.spatial > 1 ? ` (its first of ${input.spatial} positions)` : '';
      return `x${subscript(i)} = ${formatValue(inspector.x[i])}: the input of ${unitWords} for sample ${i} of this batch${where}.`;
    }
    case 'mean': {
      if (!bn) return perSampleNote(model);
      const shown = Array.from(inspector.x, (v, i) => (i === 0 ? formatValue(v) : term(v)));
      const sum = sumText(shown, model.m, (i) => `x${subscript(i)}`);
      const tail =
        model.m > shown.length
          ? `: the mean of ${setWords(model, input, 0)} (the table shows ${shown.length})`
          : '';
      return `μ_B = (${sum}) / ${model.m} = ${formatValue(inspector.mean)}${tail}.`;
    }
    case 'variance': {
      if (!bn) return perSampleNote(model);
      const mu = term(inspector.mean);
      const shown = Array.from(inspector.x, (v) => `(${formatValue(v)} − ${mu})²`);
      const sum = sumText(shown, model.m, (i) => `(x${subscript(i)} − μ_B)²`);
      const tail = model.m > shown.length ? `, over ${setWords(model, input, 0)}` : '';
      return `σ²_B = (${sum}) / ${model.m} = ${formatValue(inspector.variance)}${tail}; biased: divided by m, not m − 1.`;
    }
    case 'eps':
      return `ε = ${eps}: added to the variance so the square root is never 0 (PyTorch's default is 1e−5).`;
    case 'gamma':
      return `γ = ${formatValue(inspector.gamma)}: the learned scale of ${unitWords}${bn ? ' (γ = √(σ²_B + ε) with β = μ_B would undo the normalization)' : ''}.`;
    case 'beta':
      return !info.beta
        ? `${label} has no β: y = γ · x̂.`
        : `β = ${formatValue(inspector.beta)}: the learned shift of ${unitWords}.`;
    case 'rowMean':
    case 'rowVariance':
    case 'rowMeanSquare': {
      const i = key.row;
      const stats = model.perRow?.[i] ?? null;
      if (!stats)
        return `The statistics of sample ${i} cannot be computed here: ${model.perRowProblem ?? 'no data'}.`;
      const over = setWords(model, input, i);
      if (key.col === 'rowMean') return `μ${subscript(i)} = ${formatValue(stats.mean)}: the mean of ${over}.`;
      if (key.col === 'rowVariance')
        return `σ²${subscript(i)} = ${formatValue(stats.variance)}: the biased variance of ${over}.`;
      return `ms${subscript(i)} = (1/${model.m}) Σ x² = ${formatValue(stats.meanSquare)}: the mean square of ${over}; no mean is subtracted.`;
    }
    case 'xhat': {
      const i = key.row;
      const x = formatValue(inspector.x[i]);
      const result = formatValue(inspector.xhat[i]);
      if (bn && info.correction)
        return `x̂${subscript(i)} = r · (${x} − ${term(inspector.mean)}) / √(${formatValue(inspector.variance)} + ${eps}) + d = ${result}: ${info.correction}`;
      if (bn)
        return `x̂${subscript(i)} = (${x} − ${term(inspector.mean)}) / √(${formatValue(inspector.variance)} + ${eps}) = ${result}`;
      const stats = model.perRow?.[i] ?? null;
      const s = subscript(i);
      if (rms) {
        if (!stats) return `x̂${s} = x${s} / √(ms${s} + ε) = ${x} / √(ms${s} + ${eps}) = ${result}`;
        return `x̂${s} = ${x} / √(${formatValue(stats.meanSquare)} + ${eps}) = ${result}`;
      }
      if (!stats) return `x̂${s} = (${x} − μ${s}) / √(σ²${s} + ${eps}) = ${result}`;
      return `x̂${s} = (${x} − ${term(stats.mean)}) / √(${formatValue(stats.variance)} + ${eps}) = ${result}`;
    }
    case 'y': {
      const i = key.row;
      const s = subscript(i);
      const g = formatValue(inspector.gamma);
      const xh = formatValue(inspector.xhat[i]);
      const result = formatValue(inspector.y[i]);
      if (!info.beta) return `y${s} = γ · x̂${s} = ${g} × ${xh} = ${result} (${label} has no β)`;
      return `y${s} = γ · x̂${s} + β = ${g} × ${xh} + ${term(inspector.beta)} = ${result}`;
    }
  }
}

function perSampleNote(model: InspectorModel): string {
  const info = normInfo(model.kind);
  return `${info.centers ? 'This normalizer' : info.label} has no batch-wide statistic: each sample has its own.`;
}

/** One mean and variance per channel over the whole batch (BatchNorm and its variants). */
function batchWide(model: InspectorModel): boolean {
  return normInfo(model.kind).shares === 'channel';
}

/** One sentence on where this normalizer's statistics come from (shown above the table). */
export function statisticsSentence(model: InspectorModel, input: InspectorInput): string {
  const c = input.channels;
  const positions = input.spatial > 1 ? ` × ${input.spatial} positions` : '';
  const info = normInfo(model.kind);
  const label = info.label;
  switch (info.shares) {
    case 'channel':
      return `${label} shares one mean and variance per channel across the whole batch: μ_B and σ²_B of ${input.spatial > 1 ? 'channel' : 'unit'} ${model.unit} over ${input.batchSize} samples${positions}.${info.correction ? ` ${info.correction}` : ''}`;
    case 'sample':
      if (!info.centers)
        return `${label} divides each sample by the root mean square of its ${c} channels${positions}: no mean is subtracted${info.beta ? '' : ' and there is no β'}; each row has its own mean square msᵢ.`;
      return `${label} normalizes each sample on its own, over all its ${c} channels${positions}, so there is no batch mean: each row has its own μᵢ and σ²ᵢ.`;
    case 'group':
      return `${label} normalizes each sample on its own, over its group of ${c / input.groups} channels${positions} (G = ${input.groups}), so each row has its own μᵢ and σ²ᵢ.`;
    case 'instance':
      return `${label} normalizes each sample and channel on its own, over its ${input.spatial} positions, so each row has its own μᵢ and σ²ᵢ.`;
  }
}
