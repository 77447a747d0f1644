// Pure layout for the loss/accuracy chart: extents, scales, ticks and per-pixel columns of the
// smoothed lines and raw bands from bounded Series. No DOM; unit-tested. The component only
// draws what this returns.

import { type ScaleLinear, scaleLinear, scaleLog } from 'd3';
import type { Series } from '../runtime/series.ts';
import { CHART_TEXT_PX } from '../tokens.ts';
import { plotFrame, textWidth } from './frame-layout.ts';
import type { XTick, YTick } from './ticks.ts';

export const MARGIN = { top: 12, right: 16, bottom: 36, left: 52 } as const;

/** TensorBoard-style exponential smoothing with debiasing; weight in [0, 1). */
export function smooth(values: ArrayLike<number>, length: number, weight: number): Float32Array {
  const out = new Float32Array(length);
  let last = 0;
  let debias = 0;
  for (let i = 0; i < length; i++) {
    last = last * weight + (1 - weight) * values[i];
    debias = debias * weight + (1 - weight);
    out[i] = last / debias;
  }
  return out;
}

/** Compact tick text: 0, 0.5, 2, 1.5k, 20k, 1e-4. */
export function formatTick(t: number): string {
  if (t === 0) return '0';
  const a = Math.abs(t);
  if (a >= 1000) return `${Number((t / 1000).toPrecision(3))}k`;
  if (a < 1e-3) return t.toExponential(0);
  return String(Number(t.toPrecision(3)));
}

/** Ticks along a step axis `x` of `innerW` px, about one per `spacing` px; `whole`: whole steps only. */
export function stepTicks(
  x: ScaleLinear<number, number>,
  innerW: number,
  spacing = 80,
  whole = false,
): XTick[] {
  const steps = x.ticks(Math.max(2, Math.floor(innerW / spacing)));
  return (whole ? steps.filter(Number.isInteger) : steps).map((t) => ({ x: x(t), label: formatTick(t) }));
}

/** How many ticks a value axis of `innerH` px asks d3 for: about one per `spacing` px. */
export function valueTickCount(innerH: number, spacing: number): number {
  return Math.max(2, Math.floor(innerH / spacing));
}

/** Ticks up a value axis `y` of `innerH` px, about one per `spacing` px, negatives with a true minus. */
export function valueTicks(y: ScaleLinear<number, number>, innerH: number, spacing: number): YTick[] {
  return y
    .ticks(valueTickCount(innerH, spacing))
    .map((t) => ({ y: y(t), label: formatTick(t).replace('-', '−') }));
}

/**
 * Log-axis ticks that stay readable for any domain: decades (1, 10, …) when the domain spans
 * several, else 1-2-5 steps within the span, at most ~6 ticks.
 */
export function logTicks([lo, hi]: [number, number]): number[] {
  const out: number[] = [];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const mantissas = last - first <= 2 ? [1, 2, 5] : [1];
  for (let e = first; e <= last; e++) {
    for (const m of mantissas) {
      const t = m * 10 ** e;
      if (t >= lo * 0.999 && t <= hi * 1.001) out.push(Number(t.toPrecision(2)));
    }
  }
  const stride = Math.ceil(out.length / 6);
  return out.filter((_, i) => i % stride === 0);
}

/** Axis ends for a growing step count: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten. */
const AXIS_ENDS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/**
 * Where the step axis ends for a run at `step`: the next value of a coarse ladder at or above
 * it. While training, the axis then keeps still for a while (ticks do not crawl on every redraw,
 * and the curve grows to the right) and the data always fills at least 3/4 of it.
 */
export function stepAxisEnd(step: number): number {
  if (!(step > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(step));
  const end = AXIS_ENDS.find((m) => m * power >= step * (1 - 1e-12)) ?? 10;
  return Number((end * power).toPrecision(3));
}

/**
 * A step axis for data from step `first` to `last` (last > first) that keeps still while
 * training: it ends on the ladder of `stepAxisEnd`, measured from 0 when the data starts near
 * 0, or from `first` when it starts late (a layer watched from step 5,000 on), so the data always
 * fills at least 3/4 of the axis.
 */
export function stepDomain(first: number, last: number): [number, number] {
  const end = stepAxisEnd(last);
  if (last - first >= 0.75 * (end - first)) return [first, end];
  return [first, first + stepAxisEnd(last - first)];
}

/** One pixel column per entry: the raw min and max (the band) and the smoothed mean, in pixels. */
export interface Columns {
  /** Columns in use. */
  n: number;
  x: Float32Array;
  hi: Float32Array;
  lo: Float32Array;
  mid: Float32Array;
}

/**
 * Decimates a series to one column per pixel: the raw min–max band (so every spike stays
 * visible) and the smoothed line through each column's mean. Never more than one point per
 * pixel, whatever the series length, so redraws stay cheap.
 */
export function columnBins(
  series: Series,
  smoothed: Float32Array,
  x: (v: number) => number,
  y: (v: number) => number,
  innerW: number,
): Columns {
  const n = series.length;
  const columns = Math.max(1, Math.ceil(innerW));
  const lo = new Float64Array(columns).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(columns).fill(Number.NEGATIVE_INFINITY);
  const sum = new Float64Array(columns);
  const count = new Uint32Array(columns);
  // x is linear: map through two known points instead of calling the scale for every bucket.
  const x0 = x(0);
  const dx = x(1) - x0;
  const xs = series.x;
  const mins = series.min;
  const maxs = series.max;
  for (let i = 0; i < n; i++) {
    const c = Math.min(columns - 1, Math.max(0, Math.floor(x0 + dx * xs[i])));
    if (mins[i] < lo[c]) lo[c] = mins[i];
    if (maxs[i] > hi[c]) hi[c] = maxs[i];
    sum[c] += smoothed[i];
    count[c]++;
  }
  const out: Columns = {
    n: 0,
    x: new Float32Array(columns),
    hi: new Float32Array(columns),
    lo: new Float32Array(columns),
    mid: new Float32Array(columns),
  };
  for (let c = 0; c < columns; c++) {
    if (count[c] === 0) continue;
    const k = out.n++;
    out.x[k] = c + 0.5;
    out.hi[k] = y(hi[c]);
    out.lo[k] = y(lo[c]);
    out.mid[k] = y(sum[c] / count[c]);
  }
  return out;
}

/** [min, max] of the first `n` values (NaN-free input: Series stores finite values only). */
function range(values: Float32Array, n: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export interface CurveInput {
  id: string;
  color: string;
  label: string;
  series: Series;
  /** Step at which the run diverged, drawn as a marker. */
  divergedAt: number | null;
}

export interface CurveLayout {
  id: string;
  color: string;
  label: string;
  /** The min–max band of the raw values and the smoothed line, one column per pixel. */
  columns: Columns;
  last: { step: number; value: number } | null;
  /**
   * Where the run diverged: the dashed marker's x, and its label ("No norm diverged") at
   * (labelX, labelY) with its anchor, on the marker's right unless it would run past the plot.
   */
  diverged: { x: number; label: string; labelX: number; labelY: number; anchor: 'start' | 'end' } | null;
}

/** The divergence markers' labels: the first's baseline, one line apart, px from the marker. */
const DIVERGED_LABEL_Y = 10;
const DIVERGED_LABEL_LINE = 12;
const DIVERGED_LABEL_DX = 3;

/** A divergence marker at x, labelled on line `line` (several runs' labels stack). */
function divergedMark(x: number, runLabel: string, line: number, innerW: number): CurveLayout['diverged'] {
  const label = `${runLabel} diverged`;
  const fitsRight = x + DIVERGED_LABEL_DX + textWidth(label, CHART_TEXT_PX.annotation) <= innerW;
  return {
    x,
    label,
    labelX: fitsRight ? x + DIVERGED_LABEL_DX : x - DIVERGED_LABEL_DX,
    labelY: DIVERGED_LABEL_Y + line * DIVERGED_LABEL_LINE,
    anchor: fitsRight ? 'start' : 'end',
  };
}

/** A knob mark's label as drawn: its text, where it starts or ends (px from its mark) and its baseline. */
export interface KnobMarkLabel {
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

/** Knob-mark labels take at most this many lines under the divergence labels before they shorten. */
const KNOB_LABEL_LINES = 2;

/**
 * Places the labels of the live knob changes at plot x `xs`, each with its full text
 * (`long`, "learning rate 0.05 → 0.1") and the values alone (`short`). A label sits right of its
 * mark, or left where it would run past the plot, on the first line (below `firstLine` lines of
 * divergence labels) where it overlaps no label already placed; where the full text fits on no
 * line, the values do; where neither does, the values go on the first line.
 */
export function layoutKnobLabels(
  marks: readonly { x: number; long: string; short: string }[],
  innerW: number,
  firstLine = 0,
): KnobMarkLabel[] {
  const taken: { line: number; lo: number; hi: number }[] = [];
  const place = (x: number, text: string, line: number) => {
    const w = textWidth(text, CHART_TEXT_PX.annotation);
    const right = x + DIVERGED_LABEL_DX + w <= innerW;
    const lo = right ? x + DIVERGED_LABEL_DX : x - DIVERGED_LABEL_DX - w;
    if (lo < 0) return null;
    const hi = lo + w;
    if (taken.some((t) => t.line === line && t.lo < hi && lo < t.hi)) return null;
    taken.push({ line, lo, hi });
    const anchor: KnobMarkLabel['anchor'] = right ? 'start' : 'end';
    return {
      text,
      x: right ? DIVERGED_LABEL_DX : -DIVERGED_LABEL_DX,
      y: DIVERGED_LABEL_Y + line * DIVERGED_LABEL_LINE,
      anchor,
    };
  };
  return marks.map(({ x, long, short }) => {
    for (const text of [long, short])
      for (let i = 0; i < KNOB_LABEL_LINES; i++) {
        const placed = place(x, text, firstLine + i);
        if (placed) return placed;
      }
    return {
      text: short,
      x: DIVERGED_LABEL_DX,
      y: DIVERGED_LABEL_Y + firstLine * DIVERGED_LABEL_LINE,
      anchor: 'start',
    };
  });
}

export interface ChartLayout {
  width: number;
  height: number;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  curves: CurveLayout[];
  /** Data → pixel helpers for hover readouts. The axis reaches past the data (stepAxisEnd). */
  xDomain: [number, number];
  /** The last step with data (1 when there is none). */
  xLast: number;
  invertX: (px: number) => number;
  /** Step → x in the plot (without the margin). */
  xScale: (step: number) => number;
  empty: boolean;
}

/**
 * Lays out every run's series on shared axes. Log scale clamps values to a positive floor;
 * non-finite values never reach a path (Series drops them).
 */
export function layoutCurves(
  inputs: CurveInput[],
  width: number,
  height: number,
  options: {
    log: boolean;
    smoothing: number;
    yDomain?: [number, number];
    tickFormat?: (v: number) => string;
  },
): ChartLayout {
  const { innerW, innerH } = plotFrame(width, height, MARGIN, 10);
  let xMax = 1;
  let yLo = Number.POSITIVE_INFINITY;
  let yHi = Number.NEGATIVE_INFINITY;
  for (const { series } of inputs) {
    if (series.length === 0) continue;
    xMax = Math.max(xMax, series.x[series.length - 1]);
    const [lo, hi] = range(series.min, series.length);
    const [, hi2] = range(series.max, series.length);
    yLo = Math.min(yLo, lo);
    yHi = Math.max(yHi, hi, hi2);
  }
  const empty = !Number.isFinite(yLo);
  if (options.yDomain) [yLo, yHi] = options.yDomain;
  if (empty && !options.yDomain) [yLo, yHi] = [0, 1];
  const floor = 1e-4;
  let y: (v: number) => number;
  let yTicks: { y: number; label: string }[];
  if (options.log) {
    const s = scaleLog()
      .domain([Math.max(floor, yLo), Math.max(floor * 10, yHi)])
      .range([innerH, 0])
      .nice()
      .clamp(true);
    // The scale's own arithmetic, inlined: y is called three times per pixel column per run.
    const [d0, d1] = s.domain();
    const [l0, l1] = [Math.log(d0), Math.log(d1)];
    y = (v) => {
      const t = (Math.log(Math.min(d1, Math.max(d0, floor, v))) - l0) / (l1 - l0);
      return innerH * (1 - t);
    };
    yTicks = logTicks(s.domain() as [number, number]).map((t) => ({ y: s(t), label: formatTick(t) }));
  } else {
    const s = scaleLinear()
      .domain([Math.min(0, yLo), yHi === yLo ? yHi + 1 : yHi])
      .range([innerH, 0])
      .nice();
    const [d0, d1] = s.domain();
    y = (v) => innerH * (1 - (v - d0) / (d1 - d0));
    const label = options.tickFormat ?? s.tickFormat(5, '~g');
    yTicks = s.ticks(5).map((t) => ({ y: s(t), label: label(t) }));
  }
  const xs = scaleLinear()
    .domain([0, stepAxisEnd(xMax)])
    .range([0, innerW]);
  const xTicks = stepTicks(xs, innerW, 90);
  let divergedLines = 0;
  const curves = inputs.map(({ id, color, label, series, divergedAt }) => {
    const n = series.length;
    const smoothed = smooth(series.mean, n, options.smoothing);
    const columns = columnBins(series, smoothed, xs, y, innerW);
    const lastValue = series.last();
    return {
      id,
      color,
      label,
      columns,
      last: lastValue === null ? null : { step: series.x[n - 1], value: lastValue },
      diverged:
        divergedAt === null
          ? null
          : divergedMark(xs(Math.min(divergedAt, xMax)), label, divergedLines++, innerW),
    };
  });
  return {
    width,
    height,
    xTicks,
    yTicks,
    curves,
    xDomain: xs.domain() as [number, number],
    xLast: xMax,
    invertX: (px) => xs.invert(px - MARGIN.left),
    xScale: (step) => xs(step),
    empty,
  };
}

/**
 * Whether several runs' recorded curves are one and the same (every step and value equal): then
 * the run drawn last hides the others, and the chart says so rather than seem to lose runs
 * (lesson 6's three BN momenta train identically; issue 19).
 */
export function curvesCoincide(series: readonly Series[]): boolean {
  const [first, ...rest] = series;
  if (!first || rest.length === 0 || first.length === 0) return false;
  return rest.every((s) => {
    if (s.length !== first.length) return false;
    for (let i = 0; i < s.length; i++) if (s.x[i] !== first.x[i] || s.mean[i] !== first.mean[i]) return false;
    return true;
  });
}
