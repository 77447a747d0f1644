// Pure layout for the training-diagnostics small multiples: per parametrized layer over steps,
// the gradient norm (log), the share of saturated units (%) and the update-to-weight ratio
// (log, with the 1e-3 rule-of-thumb line). No DOM; unit-tested. Lines are decimated to one
// point per pixel column, so a redraw costs the same however long the run.

import { scaleLinear, scaleLog } from 'd3';
import type { LayerInfo } from '#engine';
import { stepAxisEnd, stepTicks } from '../../charts/loss-layout.ts';
import { LAYER_COLORS } from '../../colors.ts';
import type { RowSeries } from '../../runtime/row-series.ts';
import { moduleName } from '../layer-names.ts';

export type DiagnosticMetric = 'gradNorm' | 'saturated' | 'updateRatio';

export const DIAGNOSTIC_METRICS: readonly DiagnosticMetric[] = ['gradNorm', 'saturated', 'updateRatio'];

/** The common rule of thumb (Karpathy, CS231n): updates near 1e-3 of the weights per step. */
export const UPDATE_RATIO_REFERENCE = 1e-3;

export const METRIC_INFO: Record<
  DiagnosticMetric,
  { title: string; yLabel: string; scale: 'log' | 'percent'; emptyDomain: [number, number] }
> = {
  gradNorm: {
    title: 'Gradient norm',
    yLabel: '‖∇W‖₂ (log)',
    scale: 'log',
    emptyDomain: [1e-3, 10],
  },
  saturated: {
    title: 'Saturated units',
    yLabel: 'Units (%)',
    scale: 'percent',
    emptyDomain: [0, 100],
  },
  updateRatio: {
    title: 'Update-to-weight ratio',
    yLabel: '‖ΔW‖ / ‖W‖ (log)',
    scale: 'log',
    emptyDomain: [1e-5, 1e-1],
  },
};

export const DIAG_MARGIN = { top: 8, right: 14, bottom: 8, left: 58 } as const;
/** Extra room under the last panel for the shared step axis. */
export const DIAG_AXIS_HEIGHT = 34;

/** Parametrized layers: the columns of the diagnostics rows, in model order. */
export function isParametrized(layer: LayerInfo): boolean {
  return layer.kind === 'dense' || layer.kind === 'conv2d';
}

const ACTIVATIONS = new Set(['relu', 'tanh', 'sigmoid']);

/**
 * The activation whose saturation is reported for parametrized layer `index`: the first
 * activation after it and before the next parametrized layer (the engine's rule), or null
 * for the output layer, whose 0 % would mean "not measured", not "healthy".
 */
export function activationAfter(layers: readonly LayerInfo[], index: number): string | null {
  for (let i = index + 1; i < layers.length; i++) {
    if (isParametrized(layers[i])) return null;
    if (ACTIVATIONS.has(layers[i].kind)) return layers[i].kind;
  }
  return null;
}

/** A layer line's colour in each theme. */
export interface LayerColor {
  light: string;
  dark: string;
}

/** How many layer lines the chart tells apart: one per distinguishable layer colour. */
export const DISTINCT_LAYERS = LAYER_COLORS.light.length;

/**
 * The columns (weight layers) the panels draw: all of them up to DISTINCT_LAYERS, else (unless
 * the reader asked for `all`) DISTINCT_LAYERS of them evenly spaced through the depth, the first
 * and the output layer always among them, so every drawn line has a colour of its own. A
 * 33-layer network drawn whole repeats each colour three or four times.
 */
export function shownColumns(count: number, all = false): number[] {
  if (all || count <= DISTINCT_LAYERS) return Array.from({ length: count }, (_, k) => k);
  return Array.from({ length: DISTINCT_LAYERS }, (_, i) =>
    Math.round((i * (count - 1)) / (DISTINCT_LAYERS - 1)),
  );
}

/**
 * Colour of the k-th drawn line: the k-th of the distinguishable layer colours (colors.ts
 * LAYER_COLORS, every pair at least LAYER_COLOR_MIN_DELTA_E apart), repeating past the ninth.
 */
export function layerColor(k: number): LayerColor {
  const n = LAYER_COLORS.light.length;
  const i = ((k % n) + n) % n;
  return { light: LAYER_COLORS.light[i], dark: LAYER_COLORS.dark[i] };
}

/**
 * "Layer 2 · dense 16" or "Output · dense 2": the weight layer as a reader counts it
 * (views/layer-names.ts), its kind and output size; "Layer" alone before the network is known.
 */
export function diagnosticLayerLabel(layers: readonly LayerInfo[], modelIndex: number): string {
  return moduleName(layers, modelIndex, { shape: true }) ?? 'Layer';
}

/** A metric value as text: percentages for saturation, 2 significant digits otherwise. */
export function formatMetric(metric: DiagnosticMetric, v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (metric === 'saturated') return `${percent(v).toFixed(v > 0 && v < 0.01 ? 1 : 0)} %`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 0.01 && a < 1000 ? String(Number(v.toPrecision(2))) : v.toExponential(1);
}

/** Saturated fraction (0–1, what the engine reports) as a percentage (0–100). */
export function percent(fraction: number): number {
  return fraction * 100;
}

export interface DiagLine {
  /** Column of the diagnostics rows (the k-th parametrized layer). */
  column: number;
  d: string;
  last: number | null;
}

export interface PanelLayout {
  metric: DiagnosticMetric;
  innerW: number;
  innerH: number;
  /** Value → pixel (non-finite or non-positive values on a log axis clamp to the bottom). */
  y: (v: number) => number;
  x: (step: number) => number;
  /** Pixel → step (the inverse of `x`). */
  invertX: (px: number) => number;
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  lines: DiagLine[];
  /** The 1e-3 rule-of-thumb line on the update-ratio panel (its label is in the panel's key, off the plot). */
  reference: { y: number } | null;
  empty: boolean;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** A power of ten as 10⁻³ (log-axis labels read alike at every magnitude). */
export function formatDecade(v: number): string {
  const e = Math.round(Math.log10(v));
  return `10${[...String(e)].map((ch) => SUPERSCRIPT[ch]).join('')}`;
}
/**
 * What the dashed reference line means. It is said in the panel's key, beside its title, not on
 * the plot: the layers' ratios cross 10⁻³ anywhere, so no place on the line stays clear of them.
 */
export const REFERENCE_LABEL = `${formatDecade(UPDATE_RATIO_REFERENCE)} rule of thumb`;

/** Powers of ten inside [lo, hi], thinned to at most `max` (keeping a regular stride). */
export function decadeTicks([lo, hi]: [number, number], max: number): number[] {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const stride = Math.max(1, Math.ceil((last - first + 1) / max));
  const out: number[] = [];
  for (let e = last; e >= first; e -= stride) out.unshift(Number(`1e${e}`));
  return out;
}

/** The last step any of the series reached (the shared x domain is [0, that]). */
export function sharedStepMax(series: readonly (RowSeries | null)[]): number {
  let m = 1;
  for (const s of series) if (s && s.length > 0) m = Math.max(m, s.steps[s.length - 1]);
  return m;
}

function valueDomain(
  metric: DiagnosticMetric,
  series: RowSeries | null,
  columns: number[],
): [number, number] {
  const info = METRIC_INFO[metric];
  if (info.scale === 'percent') return [0, 100];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  if (series) {
    for (let r = 0; r < series.length; r++) {
      for (const c of columns) {
        const v = series.rows[r * series.width + c];
        if (!(v > 0) || !Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (!Number.isFinite(lo)) [lo, hi] = info.emptyDomain;
  if (metric === 'updateRatio') {
    // The reference line is always in view: it is the point of the panel.
    lo = Math.min(lo, UPDATE_RATIO_REFERENCE / 3);
    hi = Math.max(hi, UPDATE_RATIO_REFERENCE * 3);
  }
  if (hi / lo < 10) {
    const mid = Math.sqrt(hi * lo);
    [lo, hi] = [mid / Math.sqrt(10), mid * Math.sqrt(10)];
  }
  return [lo, hi];
}

/**
 * Lays out one panel. `columns` are the layers to draw (all by default); `stepMax` is the
 * shared right end of the step axis; `innerW`/`innerH` the plot area in pixels.
 */
export function layoutPanel(
  metric: DiagnosticMetric,
  series: RowSeries | null,
  options: { innerW: number; innerH: number; stepMax: number; columns?: number[] },
): PanelLayout {
  const innerW = Math.max(10, options.innerW);
  const innerH = Math.max(10, options.innerH);
  const width = series?.width ?? 0;
  const columns = (options.columns ?? Array.from({ length: width }, (_, k) => k)).filter(
    (k) => k >= 0 && k < width,
  );
  const empty = !series || series.length === 0 || columns.length === 0;
  const xs = scaleLinear()
    .domain([0, stepAxisEnd(Math.max(1, options.stepMax))])
    .range([0, innerW]);
  const x = (step: number) => xs(step);
  const invertX = (px: number) => xs.invert(px);
  const xTicks = stepTicks(xs, innerW);
  let y: (v: number) => number;
  let yTicks: { y: number; label: string }[];
  if (METRIC_INFO[metric].scale === 'percent') {
    const s = scaleLinear().domain([0, 100]).range([innerH, 0]).clamp(true);
    y = (fraction) => (Number.isFinite(fraction) ? s(percent(fraction)) : innerH);
    yTicks = [0, 50, 100].map((t) => ({ y: s(t), label: `${t}` }));
  } else {
    const s = scaleLog()
      .domain(valueDomain(metric, series, columns))
      .range([innerH, 0])
      .nice()
      .clamp(true);
    const [lo] = s.domain();
    y = (v) => s(Number.isFinite(v) && v > 0 ? v : lo);
    const ticks = decadeTicks(s.domain() as [number, number], Math.max(2, Math.floor(innerH / 22)));
    yTicks = ticks.map((t) => ({ y: s(t), label: formatDecade(t) }));
  }
  const lines: DiagLine[] = empty || !series ? [] : columns.map((k) => line(series, k, x, y, innerW));
  const reference = metric === 'updateRatio' ? { y: y(UPDATE_RATIO_REFERENCE) } : null;
  return { metric, innerW, innerH, x, invertX, y, xTicks, yTicks, lines, reference, empty };
}

/** One layer's line, averaged in pixel space per pixel column (≤ innerW points). */
export function line(
  series: RowSeries,
  column: number,
  x: (step: number) => number,
  y: (v: number) => number,
  innerW: number,
): DiagLine {
  const n = series.length;
  const columns = Math.max(1, Math.ceil(innerW));
  const sum = new Float64Array(columns);
  const count = new Uint32Array(columns);
  for (let r = 0; r < n; r++) {
    const c = Math.min(columns - 1, Math.max(0, Math.floor(x(series.steps[r]))));
    sum[c] += y(series.rows[r * series.width + column]);
    count[c]++;
  }
  const points: string[] = [];
  for (let c = 0; c < columns; c++) {
    if (count[c] === 0) continue;
    points.push(`${(c + 0.5).toFixed(1)},${(sum[c] / count[c]).toFixed(1)}`);
  }
  // A single snapshot still shows: a short tick rather than an invisible one-point path.
  const d = points.length === 1 ? `M${points[0]}h1` : points.length > 0 ? `M${points.join('L')}` : '';
  const last = n > 0 ? series.rows[(n - 1) * series.width + column] : null;
  return { column, d, last: last !== null && Number.isFinite(last) ? last : null };
}

/** "Layer 1 · dense 16: 0.41; Output · dense 2: 0.12" for a panel's text alternative. */
export function panelSummary(
  layout: PanelLayout,
  labelOf: (column: number) => string,
  step: number | null,
): string {
  if (layout.empty) return 'no data yet';
  const parts = layout.lines.map(
    (l) => `${labelOf(l.column)}: ${l.last === null ? '—' : formatMetric(layout.metric, l.last)}`,
  );
  return `${step === null ? '' : `at step ${step.toLocaleString('en-US')}, `}${parts.join('; ')}`;
}
