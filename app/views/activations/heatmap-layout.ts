// Pure layout of the histogram-over-time heatmap: one column per histogram row (snapshot),
// one cell per value bin, coloured by the share of values in the bin. Runs share the x range
// (steps), the y range (the widest run's value range; narrower runs are re-binned onto it)
// and the colour domain. Returns typed arrays of pixel edges, not objects per cell, since the
// canvas redraws every round. No DOM; unit-tested.

import { interpolateViridis, scaleLinear } from 'd3';
import { plotFrame } from '../../charts/frame-layout.ts';
import { stepDomain, stepTicks, valueTicks } from '../../charts/loss-layout.ts';
import { indexAtStep } from '../../charts/step-readout.ts';
import { rebin } from '../../runtime/rebin.ts';
import type { RowSeries } from '../../runtime/row-series.ts';
import {
  binnedStats,
  formatShare,
  formatStep,
  formatValue,
  panelGrid,
  sharedRange,
  shares,
} from './common.ts';

export const HEAT_MARGIN = { top: 8, right: 12, bottom: 36, left: 54 } as const;
export const HEAT_MIN_PANEL = 260;
export const HEAT_GAP = 16;

/** Viridis in 256 steps: perceptually ordered, readable on light and dark backgrounds. */
export const PALETTE: readonly string[] = Array.from({ length: 256 }, (_, i) => interpolateViridis(i / 255));

/**
 * Colour of a share given the domain max. Square-root scale, so the thin tails of a
 * distribution stay visible next to its peak.
 */
export function heatIndex(share: number, max: number): number {
  if (!(share > 0) || !(max > 0)) return 0;
  return Math.round(Math.sqrt(Math.min(1, share / max)) * 255);
}

export function heatColor(share: number, max: number): string {
  return PALETTE[heatIndex(share, max)];
}

/** Legend ticks at 0, ¼ and all of the max (evenly spaced on the square-root scale). */
export function colorTicks(max: number): { offset: number; label: string }[] {
  const m = max > 0 && Number.isFinite(max) ? max : 1;
  return [0, 0.25, 1].map((f) => ({ offset: Math.sqrt(f), label: formatShare(f * m) }));
}

export interface HeatmapInput {
  id: string;
  label: string;
  color: string;
  rows: RowSeries | null;
  /** The rows' value range [-range, range]. */
  range: number;
}

export interface HeatmapPanel {
  id: string;
  label: string;
  color: string;
  rowCount: number;
  bins: number;
  /** Pixel x edges of each row's column (rowCount + 1, rounded so columns abut). */
  xEdges: Float64Array;
  /** Pixel y edges of each bin (bins + 1; edge 0 at the bottom, the lowest value). */
  yEdges: Float64Array;
  /** Share of values per (row, bin), row-major `r * bins + b`, on the shared value range. */
  shares: Float32Array;
  summary: string;
  empty: boolean;
}

export interface HeatmapLayout {
  cols: number;
  panelWidth: number;
  innerW: number;
  innerH: number;
  range: number;
  xDomain: [number, number];
  colorMax: number;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  panels: HeatmapPanel[];
  empty: boolean;
}

/** The pixel rectangle of cell (row r, bin b), relative to the plot's top-left corner. */
export function cellRect(
  panel: HeatmapPanel,
  r: number,
  b: number,
): { x: number; y: number; width: number; height: number } {
  return {
    x: panel.xEdges[r],
    y: panel.yEdges[b + 1],
    width: panel.xEdges[r + 1] - panel.xEdges[r],
    height: panel.yEdges[b] - panel.yEdges[b + 1],
  };
}

/**
 * Lays out every run's heatmap on shared axes. Row r covers the steps from halfway after the
 * previous row to halfway before the next (the first and last rows end at their own step).
 */
export function layoutHeatmaps(
  inputs: HeatmapInput[],
  width: number,
  height: number,
  subject: string,
): HeatmapLayout {
  const { cols, panelWidth } = panelGrid(width, inputs.length, HEAT_MIN_PANEL, HEAT_GAP);
  const { innerW, innerH } = plotFrame(panelWidth, height, HEAT_MARGIN, 10);
  const live = inputs.filter((i) => i.rows && i.rows.length > 0);
  const range = sharedRange(live.map((i) => i.range));
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  for (const { rows } of live) {
    if (!rows) continue;
    x0 = Math.min(x0, rows.steps[0]);
    x1 = Math.max(x1, rows.steps[rows.length - 1]);
  }
  if (!Number.isFinite(x0)) [x0, x1] = [0, 1];
  if (x1 <= x0) [x0, x1] = [Math.max(0, x0 - 1), x0 + 1];
  // The step axis ends past the data and keeps still while training (as the loss chart's does).
  const xs = scaleLinear().domain(stepDomain(x0, x1)).range([0, innerW]);
  const ys = scaleLinear().domain([-range, range]).range([innerH, 0]);
  let colorMax = 0;
  const panels = inputs.map(({ id, label, color, rows, range: own }) => {
    const n = rows?.length ?? 0;
    const bins = rows?.width ?? 0;
    const cells = new Float32Array(n * bins);
    const xEdges = new Float64Array(n + 1);
    const yEdges = new Float64Array(bins + 1);
    for (let b = 0; b <= bins; b++) yEdges[b] = Math.round(ys(-range + (2 * range * b) / bins));
    let lastRow: Float64Array | null = null;
    if (rows && n > 0) {
      const r0 = own > 0 && Number.isFinite(own) ? own : range;
      for (let r = 0; r < n; r++) {
        const s = rebin(shares(rows.row(r)), -r0, r0, -range, range, bins);
        cells.set(s, r * bins);
        for (const v of s) if (v > colorMax) colorMax = v;
        if (r === n - 1) lastRow = s;
      }
      const steps = rows.steps;
      for (let r = 0; r <= n; r++) {
        const edge =
          n === 1
            ? r === 0
              ? x0
              : x1
            : r === 0
              ? steps[0]
              : r === n
                ? steps[n - 1]
                : (steps[r - 1] + steps[r]) / 2;
        xEdges[r] = Math.round(xs(edge));
      }
    }
    const stats = lastRow ? binnedStats(lastRow, -range, range) : null;
    const summary =
      rows && n > 0
        ? `${label}, ${subject} over steps ${formatStep(rows.steps[0])}–${formatStep(rows.steps[n - 1])} ` +
          `(${n} snapshot${n === 1 ? '' : 's'})` +
          (stats ? `: latest mean ≈ ${formatValue(stats.mean)}, sd ≈ ${formatValue(stats.sd)}` : '')
        : `${label}, ${subject}: no data yet`;
    return { id, label, color, rowCount: n, bins, xEdges, yEdges, shares: cells, summary, empty: n === 0 };
  });
  return {
    cols,
    panelWidth,
    innerW,
    innerH,
    range,
    xDomain: xs.domain() as [number, number],
    colorMax: colorMax > 0 ? colorMax : 1,
    xTicks: stepTicks(xs, innerW, 80, true),
    yTicks: valueTicks(ys, innerH, 30),
    panels,
    empty: panels.every((p) => p.empty),
  };
}

/** What the heatmap's step read-out says about one run's histogram at a step. */
export interface HeatmapReadout {
  /** The recorded step of the row shown (the last at or before the step asked for). */
  step: number;
  mean: number;
  sd: number;
  /** The centre of the fullest bin and its share of the values. */
  peak: number;
  peakShare: number;
}

/**
 * The histogram row at `step` (the last recorded at or before it) on the run's own value range [-range, range] (not re-binned
 * onto the shared one): mean and sd at bin centres, and the fullest bin. Null without data.
 */
export function heatmapReadout(rows: RowSeries | null, range: number, step: number): HeatmapReadout | null {
  if (!rows || rows.length === 0 || !(range > 0)) return null;
  const r = indexAtStep({ steps: rows.steps, length: rows.length }, step);
  const s = shares(rows.row(r));
  const stats = binnedStats(s, -range, range);
  if (!stats) return null;
  let best = 0;
  for (let b = 1; b < s.length; b++) if (s[b] > s[best]) best = b;
  const w = (2 * range) / s.length;
  return { step: rows.steps[r], ...stats, peak: -range + (best + 0.5) * w, peakShare: s[best] };
}
