// Pure layout for the decision boundary: the worker's res x res prediction grid (row 0 at the
// TOP, y = y1) as canvas pixels, data points as plot pixels in the same extent, axis ticks
// and the text summary. No DOM; unit-tested.

import { scaleLinear } from 'd3';
import type { Boundary, Extent } from '#engine';

// The grid's extent is the worker's own rule (one function for both sides).
export { BOUNDARY_PAD, type Extent, pointsExtent } from '#engine';
export type { Boundary };

export const BOUNDARY_MARGIN = { top: 6, right: 8, bottom: 34, left: 40 } as const;

/** Pixel rectangle of grid cell (column i, row j) in a plot of size w x h; row 0 is the top row. */
export function cellRect(
  i: number,
  j: number,
  res: number,
  w: number,
  h: number,
): { x: number; y: number; w: number; h: number } {
  return { x: (i / res) * w, y: (j / res) * h, w: w / res, h: h / res };
}

/** Data → plot pixels for an extent: x grows right, y grows UP (so y1 is at pixel 0). */
export function plotScales(extent: Extent, w: number, h: number) {
  const x = scaleLinear().domain([extent.x0, extent.x1]).range([0, w]);
  const y = scaleLinear().domain([extent.y0, extent.y1]).range([h, 0]);
  const ticks = (s: typeof x, px: number) =>
    s.ticks(Math.max(2, Math.floor(px / 60))).map((t) => ({ at: s(t), label: s.tickFormat(5, '~g')(t) }));
  return { x, y, xTicks: ticks(x, w), yTicks: ticks(y, h) };
}

/** The grid cell (i, j) holding data point (px, py), or null outside the grid. */
export function cellOf(b: Boundary, px: number, py: number): { i: number; j: number } | null {
  const i = Math.floor(((px - b.x0) / (b.x1 - b.x0)) * b.res);
  const j = Math.floor(((b.y1 - py) / (b.y1 - b.y0)) * b.res);
  if (!(i >= 0 && i < b.res && j >= 0 && j < b.res)) return null;
  return { i, j };
}

/** Strongest tint of the background (at full confidence), so points stay readable on it. */
export const MAX_ALPHA = 0.62;

/**
 * Opacity for a cell's colour from the predicted class's probability: 0 at chance (1/classes),
 * MAX_ALPHA when certain. Non-finite confidence draws nothing.
 */
export function alphaFor(confidence: number, classes: number): number {
  if (!Number.isFinite(confidence)) return 0;
  const chance = 1 / Math.max(2, classes);
  const t = (confidence - chance) / (1 - chance);
  return MAX_ALPHA * Math.min(1, Math.max(0, t));
}

/**
 * RGBA pixels of the grid, one per cell, row-major with row 0 at the top: pixel k = j * res + i
 * is cell (i, j), so the image drawn at (0, 0) puts y1 at the top like the plot.
 */
export function boundaryPixels(
  b: Boundary,
  colors: readonly (readonly [number, number, number])[],
  classes: number,
): Uint8ClampedArray<ArrayBuffer> {
  const n = b.res * b.res;
  const out = new Uint8ClampedArray(n * 4);
  for (let k = 0; k < n; k++) {
    const c = colors[b.label[k]] ?? [128, 128, 128];
    out[4 * k] = c[0];
    out[4 * k + 1] = c[1];
    out[4 * k + 2] = c[2];
    out[4 * k + 3] = Math.round(255 * alphaFor(b.confidence[k], classes));
  }
  return out;
}

export interface BoundarySummary {
  /** Fraction of grid cells predicted as each class. */
  shares: number[];
  /** Fraction of the given points whose cell predicts their label (null without points). */
  agreement: number | null;
  /** Mean probability of the predicted class over the grid. */
  meanConfidence: number;
}

/** Class shares of the plane and how many (train) points the grid classifies correctly. */
export function summarizeBoundary(
  b: Boundary,
  classes: number,
  points: { x: ArrayLike<number>; y: ArrayLike<number>; count: number } | null,
): BoundarySummary {
  const n = b.res * b.res;
  const counts = new Array<number>(classes).fill(0);
  let conf = 0;
  let finite = 0;
  for (let k = 0; k < n; k++) {
    if (b.label[k] < classes) counts[b.label[k]]++;
    if (Number.isFinite(b.confidence[k])) {
      conf += b.confidence[k];
      finite++;
    }
  }
  let agreement: number | null = null;
  if (points && points.count > 0) {
    let right = 0;
    for (let p = 0; p < points.count; p++) {
      const cell = cellOf(b, points.x[2 * p], points.x[2 * p + 1]);
      if (cell && b.label[cell.j * b.res + cell.i] === points.y[p]) right++;
    }
    agreement = right / points.count;
  }
  return { shares: counts.map((c) => c / n), agreement, meanConfidence: finite > 0 ? conf / finite : 0 };
}

/** Marker shapes per class (with colour, so classes differ in two ways). */
export const CLASS_SHAPES = ['circle', 'square', 'triangle'] as const;

export function classShape(c: number): (typeof CLASS_SHAPES)[number] {
  return CLASS_SHAPES[c % CLASS_SHAPES.length];
}

/** "Class 1 (circles)": classes count from 1 for readers. */
export function className(c: number): string {
  return `Class ${c + 1}`;
}
