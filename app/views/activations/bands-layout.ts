// Pure layout of the percentile-band chart (TensorBoard's distribution view; the 15/50/85 lines
// of the BatchNorm paper's Figure 1): shaded bands 2–98, 9–91, 15–85 % and the median of the
// tracked unit's input over training. Runs share x (steps) and y (values). Paths are decimated
// to one point per pixel column, so they stay small however long the run. No DOM; unit-tested.

import { scaleLinear } from 'd3';
import { PERCENTILES } from '#engine';
import { plotFrame } from '../../charts/frame-layout.ts';
import { stepDomain, stepTicks, valueTickCount, valueTicks } from '../../charts/loss-layout.ts';
import type { Series } from '../../runtime/series.ts';
import { formatStep, formatValue, panelGrid } from './common.ts';

export const BANDS_MARGIN = { top: 10, right: 12, bottom: 36, left: 54 } as const;
export const BANDS_MIN_PANEL = 260;
export const BANDS_GAP = 16;
/** About one value tick per this many px of plot height. */
const Y_TICK_SPACING = 28;

/** The shaded bands, widest first, with the opacity each is drawn at (narrower = darker). */
export const BAND_LEVELS = [
  { from: 2, to: 98, opacity: 0.16 },
  { from: 9, to: 91, opacity: 0.26 },
  { from: 15, to: 85, opacity: 0.42 },
] as const;

/** How dark band i looks where it overlaps every wider band (what the legend swatch shows). */
export function bandShade(i: number): number {
  let clear = 1;
  for (let k = 0; k <= i && k < BAND_LEVELS.length; k++) clear *= 1 - BAND_LEVELS[k].opacity;
  return 1 - clear;
}

export interface BandInput {
  id: string;
  label: string;
  color: string;
  /** One Series per PERCENTILES entry, in that order. */
  percentiles: Series[];
}

export interface BandPanel {
  id: string;
  label: string;
  color: string;
  /** One closed path per BAND_LEVELS entry. */
  bands: string[];
  median: string;
  empty: boolean;
  last: { step: number; values: number[] } | null;
  summary: string;
}

export interface BandsLayout {
  cols: number;
  panelWidth: number;
  innerW: number;
  innerH: number;
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  panels: BandPanel[];
  empty: boolean;
}

function index(p: number): number {
  const i = (PERCENTILES as readonly number[]).indexOf(p);
  if (i < 0) throw new Error(`percentile ${p} is not tracked (PERCENTILES = ${PERCENTILES.join(', ')})`);
  return i;
}

/**
 * Averages a series into `columns` pixel columns by its x position. Columns no point falls in
 * have count 0. Non-finite values never reach a column (Series drops them; checked again here).
 */
export function columnMeans(
  series: Series,
  x: (v: number) => number,
  columns: number,
): { mean: Float64Array; count: Uint32Array } {
  const sum = new Float64Array(columns);
  const count = new Uint32Array(columns);
  for (let i = 0; i < series.length; i++) {
    const v = series.mean[i];
    const px = x(series.x[i]);
    if (!Number.isFinite(v) || !Number.isFinite(px)) continue;
    const c = Math.min(columns - 1, Math.max(0, Math.floor(px)));
    sum[c] += v;
    count[c]++;
  }
  for (let c = 0; c < columns; c++) if (count[c]) sum[c] /= count[c];
  return { mean: sum, count };
}

/**
 * The band paths (closed: upper percentile left to right, lower back) and the median line, at
 * most one point per pixel column each, so a path holds at most 2 × ceil(innerW) points.
 */
export function bandPaths(
  percentiles: Series[],
  x: (v: number) => number,
  y: (v: number) => number,
  innerW: number,
): { bands: string[]; median: string } {
  const columns = Math.max(1, Math.ceil(innerW));
  const cols = percentiles.map((s) => columnMeans(s, x, columns));
  const point = (px: number, v: number) => `${px.toFixed(1)},${y(v).toFixed(1)}`;
  const bands = BAND_LEVELS.map(({ from, to }) => {
    const lo = cols[index(from)];
    const hi = cols[index(to)];
    const filled: number[] = [];
    for (let c = 0; c < columns; c++) if (lo.count[c] && hi.count[c]) filled.push(c);
    if (filled.length === 0) return '';
    const at = filled.map((c) => ({ px: c + 0.5, c }));
    // A band of one column would be a zero-width sliver: stretch it over one pixel.
    if (at.length === 1) at.push({ px: at[0].px + (at[0].c === columns - 1 ? -1 : 1), c: at[0].c });
    at.sort((a, b) => a.px - b.px);
    const top = at.map(({ px, c }) => point(px, hi.mean[c]));
    const bottom = at.map(({ px, c }) => point(px, lo.mean[c])).reverse();
    return `M${top.join('L')}L${bottom.join('L')}Z`;
  });
  const mid = cols[index(50)];
  const line: string[] = [];
  for (let c = 0; c < columns; c++) if (mid.count[c]) line.push(point(c + 0.5, mid.mean[c]));
  return { bands, median: line.length ? `M${line.join('L')}` : '' };
}

/**
 * What the tracked unit's percentiles are over when a lesson asked for a fixed probe set
 * (ObserveRequest.probe: the first `count` test samples), else undefined (the step's batch).
 */
export function probeText(count: number, dataset: string): string | undefined {
  if (count <= 0) return undefined;
  return `on a fixed set of ${count.toLocaleString('en-US')} test ${dataset === 'mnist' ? 'digits' : 'points'}`;
}

/** "BatchNorm, unit 0 input at step 1,200: median 0.03, 15–85 % range −0.90 to 1.00". */
export function bandSummary(label: string, subject: string, last: BandPanel['last']): string {
  if (!last) return `${label}, ${subject}: no data yet`;
  const v = (p: number) => formatValue(last.values[index(p)]);
  return `${label}, ${subject} at step ${formatStep(last.step)}: median ${v(50)}, 15–85 % range ${v(15)} to ${v(85)}`;
}

/** Lays out every run's bands on shared axes; `subject` names what is plotted ("unit 0 input"). */
export function layoutBands(
  inputs: BandInput[],
  width: number,
  height: number,
  subject: string,
): BandsLayout {
  const { cols, panelWidth } = panelGrid(width, inputs.length, BANDS_MIN_PANEL, BANDS_GAP);
  const { innerW, innerH } = plotFrame(panelWidth, height, BANDS_MARGIN, 10);
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const input of inputs) {
    for (const s of input.percentiles) {
      for (let i = 0; i < s.length; i++) {
        const v = s.mean[i];
        const step = s.x[i];
        if (!Number.isFinite(v) || !Number.isFinite(step)) continue;
        if (step < x0) x0 = step;
        if (step > x1) x1 = step;
        if (v < y0) y0 = v;
        if (v > y1) y1 = v;
      }
    }
  }
  const empty = !Number.isFinite(y0);
  if (empty) [x0, x1, y0, y1] = [0, 1, -1, 1];
  if (x1 <= x0) [x0, x1] = [Math.max(0, x0 - 1), x0 + 1];
  if (y1 - y0 < 1e-6) [y0, y1] = [y0 - 1, y1 + 1];
  // The step axis ends past the data and keeps still while training (as the loss chart's does).
  const xs = scaleLinear().domain(stepDomain(x0, x1)).range([0, innerW]);
  // Padded, then widened to the ticks' own step (nice() with the axis's tick count), so the
  // outer band ends inside the first and last labelled ticks instead of running past them to the
  // plot's edge (issue 19). Plain nice() could double the span ([-4, 9] → [-10, 10]); at the
  // axis's count it adds at most one tick step at each end.
  const pad = (y1 - y0) * 0.05;
  const ys = scaleLinear()
    .domain([y0 - pad, y1 + pad])
    .range([innerH, 0])
    .nice(valueTickCount(innerH, Y_TICK_SPACING));
  const panels = inputs.map(({ id, label, color, percentiles }) => {
    const { bands, median } = bandPaths(percentiles, xs, ys, innerW);
    const mid = percentiles[index(50)];
    const hasAll = mid && mid.length > 0 && percentiles.every((s) => s.length > 0);
    const last = hasAll
      ? { step: mid.x[mid.length - 1], values: percentiles.map((s) => s.mean[s.length - 1]) }
      : null;
    return {
      id,
      label,
      color,
      bands,
      median,
      empty: !hasAll,
      last,
      summary: bandSummary(label, subject, last),
    };
  });
  return {
    cols,
    panelWidth,
    innerW,
    innerH,
    xDomain: xs.domain() as [number, number],
    yDomain: ys.domain() as [number, number],
    xTicks: stepTicks(xs, innerW, 80, true),
    yTicks: valueTicks(ys, innerH, Y_TICK_SPACING),
    panels,
    empty,
  };
}
