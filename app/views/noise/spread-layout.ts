// Lesson 12's spread chart, pure: one test image's logit spread over random batch-mates against the
// batch size B, both axes logarithmic, with the 1/√B line through the first point for reference;
// the fitted log-log exponent and the text the panel and a screen reader show.

import { scaleLog } from 'd3';
import type { SpreadResult } from '#engine';
import type { Margin } from '../../charts/frame-layout.ts';
import type { XTick, YTick } from '../../charts/ticks.ts';

export const SPREAD_MARGIN: Margin = { top: 12, right: 16, bottom: 40, left: 52 };

/** Least-squares slope of log(spread) against log(B): −0.5 for spread ∝ 1/√B (null if undefined). */
export function fitExponent(batchSizes: readonly number[], spread: readonly number[]): number | null {
  const pairs = batchSizes.map((b, i) => [Math.log(b), Math.log(spread[i])] as const);
  if (pairs.length < 2 || pairs.some(([, y]) => !Number.isFinite(y))) return null;
  const mx = pairs.reduce((s, [x]) => s + x, 0) / pairs.length;
  const my = pairs.reduce((s, [, y]) => s + y, 0) / pairs.length;
  let num = 0;
  let den = 0;
  for (const [x, y] of pairs) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den > 0 ? num / den : null;
}

/** How many times smaller the spread is at the largest batch size than at the smallest. */
export function spreadRatio(result: SpreadResult): number {
  const first = result.spread[0];
  const last = result.spread[result.spread.length - 1];
  return last > 0 ? first / last : Number.POSITIVE_INFINITY;
}

export const formatSpread = (v: number): string => (v >= 1 ? v.toFixed(1) : v.toFixed(2));
export const formatExponent = (v: number): string => v.toFixed(2).replace('-', '−');

/** The panel's headline, e.g. "2.3 at B = 4, 0.58 at B = 64: 3.9× smaller; fitted exponent −0.49 (1/√B: −0.50)". */
export function spreadSummary(result: SpreadResult): string {
  if (!result.batchStatistics || result.spread.every((s) => s === 0))
    return '0 at every batch size: no layer of this network uses batch statistics.';
  const n = result.batchSizes.length - 1;
  const exponent = fitExponent(result.batchSizes, result.spread);
  const head = `${formatSpread(result.spread[0])} at B = ${result.batchSizes[0]}, ${formatSpread(result.spread[n])} at B = ${result.batchSizes[n]}: ${spreadRatio(result).toFixed(1)}× smaller`;
  return exponent === null
    ? head
    : `${head}; fitted exponent ${formatExponent(exponent)} (1/√B: ${formatExponent(-0.5)})`;
}

export interface SpreadPoint {
  key: number;
  x: number;
  y: number;
  text: string;
}

export interface SpreadLayout {
  points: SpreadPoint[];
  /** Polyline through the points, and the 1/√B reference through the first point. */
  path: string;
  reference: string;
  xTicks: XTick[];
  yTicks: YTick[];
}

/** Scales and marks for a plot of innerW × innerH (null when every spread is 0: nothing to draw on log axes). */
export function layoutSpread(result: SpreadResult, innerW: number, innerH: number): SpreadLayout | null {
  const { batchSizes, spread } = result;
  if (spread.some((s) => !(s > 0))) return null;
  const first = batchSizes[0];
  const last = batchSizes[batchSizes.length - 1];
  const reference = (b: number) => spread[0] * Math.sqrt(first / b);
  const values = [...spread, reference(last)];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = scaleLog()
    .domain([first / 1.25, last * 1.25])
    .range([0, innerW]);
  const y = scaleLog()
    .domain([lo / 1.3, hi * 1.3])
    .range([innerH, 0]);
  const points = batchSizes.map((b, i) => ({
    key: b,
    x: x(b),
    y: y(spread[i]),
    text: `B = ${b}: spread ${formatSpread(spread[i])}`,
  }));
  const line = (pts: readonly (readonly [number, number])[]) =>
    pts.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`).join('');
  const yTicks = y
    .ticks(4)
    .filter((t) => {
      const lead = t / 10 ** Math.floor(Math.log10(t) + 1e-9);
      return Math.abs(lead - 1) < 1e-6 || Math.abs(lead - 2) < 1e-6 || Math.abs(lead - 5) < 1e-6;
    })
    .map((t) => ({ y: y(t), label: String(Number(t.toPrecision(2))) }));
  return {
    points,
    path: line(points.map((p) => [p.x, p.y])),
    reference: line([
      [x(first), y(reference(first))],
      [x(last), y(reference(last))],
    ]),
    xTicks: batchSizes.map((b) => ({ x: x(b), label: String(b) })),
    yTicks,
  };
}
