// Pure layout for the running-statistics drift chart: for one BatchNorm channel, the batch
// mean next to the running mean and the batch variance next to the running variance over
// training steps, with the gap (running − batch) as a band between them. Scales, ticks, path
// strings and the latest values; no DOM; non-finite values never reach a path.

import { area, extent, line, scaleLinear } from 'd3';
import { stepDomain, stepTicks } from '../../charts/loss-layout.ts';
import type { RowSeries } from '../../runtime/row-series.ts';
import { formatValue } from './inspector-math.ts';

export interface DriftSource {
  batchMean: RowSeries | null;
  batchVar: RowSeries | null;
  runningMean: RowSeries | null;
  runningVar: RowSeries | null;
}

export type DriftStat = 'mean' | 'variance';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const DRIFT_MARGIN: Margin = { top: 10, right: 14, bottom: 36, left: 56 };
export const MINI_MARGIN: Margin = { top: 4, right: 4, bottom: 4, left: 4 };
/** Vertical space between the mean and the variance panels. */
export const PANEL_GAP = 26;

export interface DriftLast {
  step: number;
  batch: number;
  running: number;
  /** running − batch. */
  gap: number;
}

export interface DriftPanel {
  stat: DriftStat;
  /** Top of the panel inside the plot area, and its height, px. */
  top: number;
  height: number;
  yTicks: { y: number; label: string }[];
  batch: string;
  running: string;
  /** Closed band between the two lines: the gap over time. */
  gap: string;
  last: DriftLast | null;
}

export interface DriftLayout {
  empty: boolean;
  width: number;
  height: number;
  margin: Margin;
  innerW: number;
  /** Step → px in the plot, and back (the step read-out maps the pointer through them). */
  xOf: (step: number) => number;
  invertX: (px: number) => number;
  xTicks: { x: number; label: string }[];
  panels: [DriftPanel, DriftPanel];
}

/** Column `channel` of a row series, or an empty array when the series lacks it. */
function column(series: RowSeries | null, channel: number): Float32Array {
  if (!series || channel < 0 || channel >= series.width) return new Float32Array(0);
  return series.column(channel);
}

/** The four columns of one channel, cut to their common length, with their steps. */
export function channelColumns(source: DriftSource, channel: number) {
  const cols = {
    batchMean: column(source.batchMean, channel),
    runningMean: column(source.runningMean, channel),
    batchVar: column(source.batchVar, channel),
    runningVar: column(source.runningVar, channel),
  };
  const length = Math.min(
    cols.batchMean.length,
    cols.runningMean.length,
    cols.batchVar.length,
    cols.runningVar.length,
  );
  const steps = source.batchMean ? source.batchMean.steps.subarray(0, length) : new Float64Array(0);
  return { ...cols, steps, length };
}

/** A padded domain covering finite values only (a flat series gets a visible band around it). */
function domainOf(a: Float32Array, b: Float32Array, length: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const arr of [a, b]) {
    const [l, h] = extent(arr.subarray(0, length).filter(Number.isFinite)) as [number?, number?];
    if (l !== undefined && h !== undefined) {
      lo = Math.min(lo, l);
      hi = Math.max(hi, h);
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi - lo < 1e-9) {
    const pad = Math.abs(lo) * 0.1 || 0.5;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/**
 * Lays out the mean panel above the variance panel on a shared step axis. `ticks: false` is
 * the small-multiples form (no tick labels). Width and height include the margins.
 */
export function layoutDrift(
  source: DriftSource,
  channel: number,
  width: number,
  height: number,
  options: { margin?: Margin; ticks?: boolean; panelGap?: number } = {},
): DriftLayout {
  const margin = options.margin ?? DRIFT_MARGIN;
  const ticks = options.ticks ?? true;
  const panelGap = options.panelGap ?? PANEL_GAP;
  const innerW = Math.max(10, width - margin.left - margin.right);
  const innerH = Math.max(20, height - margin.top - margin.bottom);
  const panelH = Math.max(8, (innerH - panelGap) / 2);
  const cols = channelColumns(source, channel);
  const n = cols.length;
  const empty = n === 0;
  const first = n > 0 ? cols.steps[0] : 0;
  const lastStep = n > 0 ? cols.steps[n - 1] : 1;
  const x = scaleLinear()
    .domain(first < lastStep ? stepDomain(first, lastStep) : [Math.max(0, lastStep - 1), lastStep + 1])
    .range([0, innerW]);
  const xTicks = ticks && !empty ? stepTicks(x, innerW) : [];
  const index = Array.from({ length: n }, (_, i) => i);

  const panel = (stat: DriftStat, top: number): DriftPanel => {
    const batch = stat === 'mean' ? cols.batchMean : cols.batchVar;
    const running = stat === 'mean' ? cols.runningMean : cols.runningVar;
    const y = scaleLinear()
      .domain(domainOf(batch, running, n))
      .range([panelH, 0])
      .nice(4);
    const yTicks = ticks
      ? y.ticks(panelH < 90 ? 3 : 4).map((t) => ({ y: y(t), label: y.tickFormat(4, '~g')(t) }))
      : [];
    const ok = (i: number) => Number.isFinite(batch[i]) && Number.isFinite(running[i]);
    const lineOf = (values: Float32Array) =>
      line<number>()
        .defined(ok)
        .x((i) => x(cols.steps[i]))
        .y((i) => y(values[i]))(index) ?? '';
    const gap =
      area<number>()
        .defined(ok)
        .x((i) => x(cols.steps[i]))
        .y0((i) => y(batch[i]))
        .y1((i) => y(running[i]))(index) ?? '';
    let last: DriftLast | null = null;
    for (let i = n - 1; i >= 0 && !last; i--)
      if (ok(i))
        last = { step: cols.steps[i], batch: batch[i], running: running[i], gap: running[i] - batch[i] };
    return {
      stat,
      top,
      height: panelH,
      yTicks,
      batch: empty ? '' : lineOf(batch),
      running: empty ? '' : lineOf(running),
      gap: empty ? '' : gap,
      last,
    };
  };

  return {
    empty,
    width,
    height,
    margin,
    innerW,
    xOf: (step) => x(step),
    invertX: (px) => x.invert(px),
    xTicks,
    panels: [panel('mean', 0), panel('variance', panelH + panelGap)],
  };
}

/** One channel's latest numbers in words, for the chart's label and text summary. */
export function driftSummary(layout: DriftLayout, channel: number): string {
  const [mean, variance] = layout.panels;
  if (!mean.last || !variance.last) return `Channel ${channel}: no batch statistics yet.`;
  const part = (name: string, l: DriftLast) =>
    `batch ${name} ${formatValue(l.batch)}, running ${name} ${formatValue(l.running)} (gap ${formatValue(l.gap)})`;
  return `Channel ${channel} at step ${mean.last.step}: ${part('mean', mean.last)}; ${part('variance', variance.last)}.`;
}

/** The channel with the largest |gap| of each statistic at the latest snapshot, in words. */
export function allChannelsSummary(source: DriftSource, channels: number): string {
  let best: { mean: [number, number]; variance: [number, number] } | null = null;
  let step = 0;
  for (let c = 0; c < channels; c++) {
    const cols = channelColumns(source, c);
    const i = cols.length - 1;
    if (i < 0) continue;
    const gm = cols.runningMean[i] - cols.batchMean[i];
    const gv = cols.runningVar[i] - cols.batchVar[i];
    if (!Number.isFinite(gm) || !Number.isFinite(gv)) continue;
    step = cols.steps[i];
    best ??= { mean: [c, gm], variance: [c, gv] };
    if (Math.abs(gm) > Math.abs(best.mean[1])) best.mean = [c, gm];
    if (Math.abs(gv) > Math.abs(best.variance[1])) best.variance = [c, gv];
  }
  if (!best) return 'No batch statistics yet.';
  return (
    `${channels} channels at step ${step}. Largest mean gap (running − batch): channel ${best.mean[0]}, ` +
    `${formatValue(best.mean[1])}; largest variance gap: channel ${best.variance[0]}, ${formatValue(best.variance[1])}.`
  );
}

/** Momentum stops the slider offers (PyTorch convention: the weight of the NEW batch). */
export const MOMENTUM_STOPS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.9, 1] as const;

/** Index of the stop closest to `momentum` on a log scale. */
export function nearestStop(momentum: number): number {
  let best = 0;
  for (let i = 1; i < MOMENTUM_STOPS.length; i++)
    if (
      Math.abs(Math.log(MOMENTUM_STOPS[i] / momentum)) < Math.abs(Math.log(MOMENTUM_STOPS[best] / momentum))
    )
      best = i;
  return best;
}

/** The update rule with the numbers, and how long the running statistics remember. */
export function momentumSentence(momentum: number): string {
  const keep = Number((1 - momentum).toPrecision(3));
  const memory =
    momentum >= 1
      ? 'the running statistics are just the last batch'
      : `about the last ${Math.round(1 / momentum).toLocaleString('en-US')} steps dominate`;
  return `running ← ${keep} × running + ${Number(momentum.toPrecision(3))} × batch: ${memory}.`;
}
