// Pure layout of the current-batch histograms: each run gets a "before" and an "after" plot
// side by side. All "before" plots share one x range (the widest run's), all "after" plots
// another (a tanh's outputs in [-1, 1] stay readable beside inputs of ±60), and every plot one
// y max (share of values per bin), so bars compare at a glance. No DOM; unit-tested.

import { scaleLinear } from 'd3';
import { textWidth } from '../../charts/frame-layout.ts';
import { formatTick } from '../../charts/loss-layout.ts';
import { rebin } from '../../runtime/rebin.ts';
import { CHART_TEXT_PX } from '../../tokens.ts';
import {
  binnedStats,
  formatShare,
  formatStep,
  formatValue,
  panelGrid,
  sharedRange,
  shares,
} from './common.ts';

// left: room for "15 %" ticks beside the rotated "share of values" title without touching it.
export const PAIR_MARGIN = { top: 22, right: 6, bottom: 36, left: 54 } as const;
/** Gap between the before and after plots of one run. */
export const PAIR_GAP = 14;
export const PAIR_MIN_PANEL = 300;
export const PANEL_GAP = 16;

export interface HistogramInput {
  id: string;
  label: string;
  color: string;
  /** The observed layer's kind in this run (`batchnorm`, `relu`, …), if known. */
  kind: string | null;
  histograms: {
    lo: number;
    hi: number;
    input: ArrayLike<number>;
    /** The output's own range (default: the input's). */
    outLo?: number;
    outHi?: number;
    output: ArrayLike<number>;
  } | null;
  step: number | null;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  share: number;
}

export interface HistogramRunLayout {
  id: string;
  label: string;
  color: string;
  kind: string | null;
  empty: boolean;
  before: Bar[];
  after: Bar[];
  summary: string;
}

export interface HistogramPairLayout {
  cols: number;
  panelWidth: number;
  plotWidth: number;
  innerH: number;
  /** x of the after plot's left edge, relative to the before plot's. */
  afterOffset: number;
  range: number;
  /** The after plots' x range [-afterRange, afterRange]. */
  afterRange: number;
  yMax: number;
  xTicks: { x: number; label: string }[];
  afterXTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  runs: HistogramRunLayout[];
  empty: boolean;
}

/** Rounds a share max up to a tick-friendly value (0.2, 0.25, 0.3, …). */
export function niceShareMax(v: number): number {
  if (!Number.isFinite(v) || v <= 0) return 0.25;
  const top = scaleLinear()
    .domain([0, Math.min(1, v)])
    .nice(4)
    .domain()[1];
  return Math.min(1, top);
}

/**
 * A y max that does not flicker from round to round: it grows at once when a bar would not
 * fit, and shrinks only when the tallest bar falls below 40 % of it.
 */
export function stableShareMax(previous: number | null, next: number): number {
  if (previous === null || !Number.isFinite(previous) || previous <= 0) return niceShareMax(next);
  if (next > previous || next < previous * 0.4) return niceShareMax(next);
  return previous;
}

/** How the summary names the two plots: "before batchnorm" / "after", or input / output. */
export function pairNames(kind: string | null): { before: string; after: string } {
  return kind ? { before: `before ${kind}`, after: 'after' } : { before: 'input', after: 'output' };
}

function statsText(s: { mean: number; sd: number } | null): string {
  return s ? `mean ≈ ${formatValue(s.mean)}, sd ≈ ${formatValue(s.sd)}` : 'no values';
}

/** Least gap between two neighbouring tick labels, px. */
const TICK_LABEL_GAP = 6;

/** Whether a tick labelled on each side of zero lets the reader see the axis's range. */
function bothSides(ticks: { label: string }[]): boolean {
  return (
    ticks.some((t) => t.label.startsWith('−')) &&
    ticks.some((t) => t.label !== '0' && !t.label.startsWith('−'))
  );
}

/** The largest 1, 2, 2.5 or 5 × 10^k not above `v` (v > 0). */
function roundBelow(v: number): number {
  const decade = 10 ** Math.floor(Math.log10(v));
  return [5, 2.5, 2, 1].map((m) => m * decade).find((t) => t <= v) ?? decade;
}

/** Whether every pair of neighbouring tick labels (centred on their x) keeps TICK_LABEL_GAP apart. */
function labelsApart(ticks: { x: number; label: string }[]): boolean {
  const width = (t: { label: string }) => textWidth(t.label, CHART_TEXT_PX.axis);
  return ticks.every(
    (t, i) => i === 0 || t.x - ticks[i - 1].x >= (width(t) + width(ticks[i - 1])) / 2 + TICK_LABEL_GAP,
  );
}

/**
 * Lays out every run's before/after histograms on shared axes. Histograms of a run with a
 * narrower range are re-binned onto the shared range, so a bar always means the same interval.
 */
export function layoutHistogramPairs(
  runs: HistogramInput[],
  width: number,
  height: number,
  previousMax: number | null = null,
): HistogramPairLayout {
  const { cols, panelWidth } = panelGrid(width, runs.length, PAIR_MIN_PANEL, PANEL_GAP);
  const plotWidth = Math.max(20, (panelWidth - PAIR_MARGIN.left - PAIR_MARGIN.right - PAIR_GAP) / 2);
  const innerH = Math.max(10, height - PAIR_MARGIN.top - PAIR_MARGIN.bottom);
  // A histogram without a finite, non-empty range cannot be drawn: treated as no data.
  const usable = (r: HistogramInput) => {
    const h = r.histograms;
    return h && Number.isFinite(h.lo) && Number.isFinite(h.hi) && h.hi > h.lo && h.input.length > 0
      ? h
      : null;
  };
  const range = sharedRange(runs.map(usable));
  const outOf = (h: NonNullable<HistogramInput['histograms']>) => ({
    lo: h.outLo ?? h.lo,
    hi: h.outHi ?? h.hi,
  });
  const afterRange = sharedRange(
    runs.map((r) => {
      const h = usable(r);
      return h ? outOf(h) : null;
    }),
  );
  const prepared = runs.map((r) => {
    const h = usable(r);
    if (!h) return { run: r, before: null, after: null };
    const bins = h.input.length;
    const out = outOf(h);
    return {
      run: r,
      before: rebin(shares(h.input), h.lo, h.hi, -range, range, bins),
      after: rebin(shares(h.output), out.lo, out.hi, -afterRange, afterRange, bins),
    };
  });
  let tallest = 0;
  for (const p of prepared)
    for (const s of [p.before, p.after]) if (s) for (const v of s) if (v > tallest) tallest = v;
  const yMax = stableShareMax(previousMax, tallest);
  const x = scaleLinear().domain([-range, range]).range([0, plotWidth]);
  const xAfter = scaleLinear().domain([-afterRange, afterRange]).range([0, plotWidth]);
  const y = scaleLinear().domain([0, yMax]).range([innerH, 0]);
  const bars = (s: Float64Array | null, scale: typeof x): Bar[] => {
    if (!s) return [];
    const [lo, hi] = scale.domain();
    const w = (hi - lo) / s.length;
    return Array.from(s, (share, b) => {
      const x0 = scale(lo + b * w);
      const x1 = scale(lo + (b + 1) * w);
      const top = y(Math.min(share, yMax));
      return {
        x: x0,
        y: top,
        width: Math.max(0.5, x1 - x0 - (x1 - x0 > 3 ? 1 : 0)),
        height: innerH - top,
        share,
      };
    });
  };
  const layouts = prepared.map(({ run, before, after }) => {
    const names = pairNames(run.kind);
    const empty = before === null;
    const at = run.step === null ? '' : ` at step ${formatStep(run.step)}`;
    const summary = empty
      ? `${run.label}: no data yet`
      : `${run.label}${at}: ${names.before} ${statsText(binnedStats(before, -range, range))}; ` +
        `${names.after} ${statsText(binnedStats(after ?? new Float64Array(0), -afterRange, afterRange))}`;
    return {
      id: run.id,
      label: run.label,
      color: run.color,
      kind: run.kind,
      empty,
      before: bars(before, x),
      after: bars(after, xAfter),
      summary,
    };
  });
  const tickCount = Math.max(2, Math.floor(plotWidth / 40));
  // The ±range end ticks would crowd the neighbouring plot's across the gap: inner ticks only.
  // At some widths d3's few ticks are just −range, 0, range, which leaves "0" alone and the range
  // unreadable (issue 19): then ask for more ticks, while their labels still keep apart.
  const ticksOf = (scale: typeof x, r: number) => {
    const inner = (count: number) =>
      scale
        .ticks(count)
        .filter((t) => Math.abs(t) < r * 0.999)
        .map((t) => ({ x: scale(t), label: formatTick(t).replace('-', '−') }));
    let ticks = inner(tickCount);
    for (let count = tickCount + 1; count <= 4 * tickCount && !bothSides(ticks); count++) {
      const more = inner(count);
      if (!labelsApart(more)) break;
      ticks = more;
    }
    if (bothSides(ticks)) return ticks;
    // Still only 0 (d3's next step is too dense for the labels): one round tick each side.
    const s = roundBelow(r * 0.999);
    const three = [-s, 0, s].map((t) => ({ x: scale(t), label: formatTick(t).replace('-', '−') }));
    return labelsApart(three) ? three : ticks;
  };
  return {
    cols,
    panelWidth,
    plotWidth,
    innerH,
    afterOffset: plotWidth + PAIR_GAP,
    range,
    afterRange,
    yMax,
    xTicks: ticksOf(x, range),
    afterXTicks: ticksOf(xAfter, afterRange),
    yTicks: y.ticks(4).map((t) => ({ y: y(t), label: formatShare(t) })),
    runs: layouts,
    empty: layouts.every((l) => l.empty),
  };
}
