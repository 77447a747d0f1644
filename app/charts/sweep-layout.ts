// Pure layout for the sweep chart: one point per (run, knob value), the final loss on the y
// axis; numeric knobs on a log x axis, categorical knobs (the normalizer) as bands. Diverged
// points sit on a marked row above the plot instead of being drawn as NaN; points the experiment
// rules refused (batch size 1 with BatchNorm) are open squares on the x axis, with their reason.

import { scaleBand, scaleLinear, scaleLog } from 'd3';
import type { SweepMetric } from '#engine';
import type { SweepResult, SweepSkip } from '../store/run-slice.ts';
import { plotFrame } from './frame-layout.ts';
import { formatTick } from './loss-layout.ts';

export const SWEEP_MARGIN = { top: 28, right: 16, bottom: 40, left: 52 } as const;
/** Half the size of a diverged cross, px (SweepChart draws it). */
export const CROSS_HALF = 5;
/**
 * How far apart the marks of several runs at one value sit (crosses on the diverged row, skipped
 * squares on the axis), so they do not hide each other: a cross's width and a gap.
 */
const MARK_SPREAD = 2 * CROSS_HALF + 4;

export interface SweepSeriesInput {
  runId: string;
  label: string;
  color: string;
}

export interface SweepPointLayout {
  key: string;
  x: number;
  y: number;
  diverged: boolean;
  text: string;
}

export interface SweepLayout {
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  series: { runId: string; label: string; color: string; path: string; points: SweepPointLayout[] }[];
  divergedRowY: number;
  /** Refused points: on the x axis at their value, with the run's colour and the reason. */
  skipped: { key: string; x: number; y: number; color: string; text: string }[];
}

/** The y value of a sweep point: final train loss, or test error in percent (null: none to plot). */
export function sweepValue(r: SweepResult, metric: SweepMetric): number | null {
  if (metric === 'error') return r.testAccuracy === null ? null : 100 * (1 - r.testAccuracy);
  return r.finalLoss;
}

/** The chart's title and y-axis label for each metric. */
export const SWEEP_METRIC_TEXT: Record<SweepMetric, { title: string; axis: string }> = {
  loss: { title: 'Final training loss', axis: 'Final loss' },
  error: { title: 'Test error', axis: 'Test error (%)' },
};

export function layoutSweep(
  results: SweepResult[],
  values: readonly (number | string)[],
  series: SweepSeriesInput[],
  width: number,
  height: number,
  skipped: readonly SweepSkip[] = [],
  metric: SweepMetric = 'loss',
): SweepLayout {
  const { innerW, innerH } = plotFrame(width, height, SWEEP_MARGIN, 10);
  const numeric = values.every((v) => typeof v === 'number' && v > 0);
  /** A mark's offset from its value's x: the runs' marks side by side, centred on it. */
  const spread = (index: number) => (index - (series.length - 1) / 2) * MARK_SPREAD;
  // The first and last values sit in from the plot's ends by the outermost mark's reach, so the
  // spread marks at either end stay whole inside the plot.
  const inset = spread(series.length - 1) + CROSS_HALF + 1;
  let x: (v: number | string) => number;
  let xTicks: { x: number; label: string }[];
  if (numeric) {
    const nums = values as number[];
    const s = scaleLog()
      .domain([Math.min(...nums), Math.max(...nums)])
      .range([inset, Math.max(inset, innerW - inset)]);
    x = (v) => s(v as number);
    xTicks = nums.map((v) => ({ x: s(v), label: formatTick(v) }));
  } else {
    const s = scaleBand<string>().domain(values.map(String)).range([0, innerW]).padding(0.2);
    x = (v) => (s(String(v)) ?? 0) + s.bandwidth() / 2;
    xTicks = values.map((v) => ({ x: x(v), label: String(v) }));
  }
  const finite = results.flatMap((r) => {
    const v = sweepValue(r, metric);
    return v !== null && Number.isFinite(v) ? [v] : [];
  });
  const yMax = finite.length ? Math.max(...finite) : 1;
  const y = scaleLinear().domain([0, yMax]).range([innerH, 0]).nice();
  const yTicks = y.ticks(5).map((t) => ({ y: y(t), label: formatTick(t) }));
  const divergedRowY = -14;
  return {
    xTicks,
    yTicks,
    divergedRowY,
    skipped: skipped.map((k) => {
      const index = series.findIndex((s) => s.runId === k.runId);
      const s = series[index];
      return {
        key: `${k.runId}:${k.value}`,
        x: x(k.value) + spread(index),
        y: innerH,
        color: s?.color ?? 'currentColor',
        text: `${s ? `${s.label}, ` : ''}${k.value}: skipped — ${k.reason}`,
      };
    }),
    series: series.map((s, seriesIndex) => {
      const order = new Map(values.map((v, i) => [String(v), i]));
      const mine = results
        .filter((r) => r.runId === s.runId)
        .sort((a, b) => (order.get(String(a.value)) ?? 0) - (order.get(String(b.value)) ?? 0));
      const points = mine.map((r) => {
        const v = sweepValue(r, metric);
        const diverged = v === null;
        return {
          key: `${s.runId}:${r.value}`,
          // Crosses of several runs at one value would hide each other: spread them a little.
          x: x(r.value) + (diverged ? spread(seriesIndex) : 0),
          y: diverged ? divergedRowY : y(v as number),
          diverged,
          text: diverged
            ? `${s.label}, ${r.value}: diverged at step ${r.divergedAt}`
            : metric === 'error'
              ? `${s.label}, ${r.value}: test error ${(v as number).toFixed(1)} %, final loss ${(r.finalLoss as number).toFixed(3)}`
              : `${s.label}, ${r.value}: final loss ${(r.finalLoss as number).toFixed(3)}${r.testAccuracy === null ? '' : `, test accuracy ${(r.testAccuracy * 100).toFixed(1)} %`}`,
        };
      });
      const alive = points.filter((p) => !p.diverged);
      const path = alive.length > 1 ? `M${alive.map((p) => `${p.x},${p.y}`).join('L')}` : '';
      return { runId: s.runId, label: s.label, color: s.color, path, points };
    }),
  };
}
