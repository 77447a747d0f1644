import { describe, expect, it } from 'vitest';
import {
  alphaFor,
  type Boundary,
  boundaryPixels,
  cellOf,
  cellRect,
  MAX_ALPHA,
  plotScales,
  pointsExtent,
  summarizeBoundary,
} from './boundary-layout.ts';

const RED = [255, 0, 0] as const;
const BLUE = [0, 0, 255] as const;

/** A 2x2 grid over [-1, 1]²: top row class 1 (certain), bottom row class 0 (at chance). */
function grid(): Boundary {
  return {
    res: 2,
    x0: -1,
    x1: 1,
    y0: -1,
    y1: 1,
    label: Uint8Array.from([1, 1, 0, 0]),
    confidence: Float32Array.from([1, 1, 0.5, 0.5]),
  };
}

/** The worker's cell centre: i across from x0, j down from y1 (engine/worker/session.ts). */
function cellCentre(b: Boundary, i: number, j: number): [number, number] {
  return [b.x0 + ((i + 0.5) / b.res) * (b.x1 - b.x0), b.y1 - ((j + 0.5) / b.res) * (b.y1 - b.y0)];
}

describe('decision boundary layout', () => {
  it('pixel k = j * res + i is cell (i, j), row 0 at the top', () => {
    const px = boundaryPixels(grid(), [RED, BLUE], 2);
    expect(px.length).toBe(2 * 2 * 4);
    // Top-left pixel: class 1 (blue) at full confidence → strongest tint.
    expect(Array.from(px.subarray(0, 4))).toEqual([0, 0, 255, Math.round(255 * MAX_ALPHA)]);
    // Bottom-left pixel (row 1): class 0 (red) at chance → transparent.
    expect(Array.from(px.subarray(8, 12))).toEqual([255, 0, 0, 0]);
  });

  it('cell rectangles tile the plot with row 0 at pixel y = 0', () => {
    expect(cellRect(0, 0, 4, 200, 100)).toEqual({ x: 0, y: 0, w: 50, h: 25 });
    expect(cellRect(3, 3, 4, 200, 100)).toEqual({ x: 150, y: 75, w: 50, h: 25 });
  });

  it('a point at a cell centre maps to that cell rectangle centre (same extent for grid and points)', () => {
    const b: Boundary = { ...grid(), res: 8, x0: -1.3, x1: 0.9, y0: -0.4, y1: 1.7 };
    const size = 240;
    const { x, y } = plotScales(b, size, size);
    for (const [i, j] of [
      [0, 0],
      [7, 0],
      [3, 5],
      [7, 7],
    ]) {
      const [px, py] = cellCentre(b, i, j);
      const r = cellRect(i, j, b.res, size, size);
      expect(x(px)).toBeCloseTo(r.x + r.w / 2, 6);
      expect(y(py)).toBeCloseTo(r.y + r.h / 2, 6);
      expect(cellOf(b, px, py)).toEqual({ i, j });
    }
    // The extent's corners are the plot's corners: (x0, y1) top-left, (x1, y0) bottom-right.
    expect([x(b.x0), y(b.y1)]).toEqual([0, 0]);
    expect([x(b.x1), y(b.y0)]).toEqual([size, size]);
    expect(cellOf(b, 5, 5)).toBeNull();
  });

  it('pointsExtent pads the training points by 10 % like the worker', () => {
    const e = pointsExtent(Float32Array.from([0, 0, 1, 2]), 2);
    expect(e.x0).toBeCloseTo(-0.1);
    expect(e.x1).toBeCloseTo(1.1);
    expect(e.y0).toBeCloseTo(-0.2);
    expect(e.y1).toBeCloseTo(2.2);
  });

  it('opacity grows from 0 at chance to MAX_ALPHA when certain, for 2 and 3 classes', () => {
    expect(alphaFor(0.5, 2)).toBe(0);
    expect(alphaFor(1, 2)).toBeCloseTo(MAX_ALPHA);
    expect(alphaFor(1 / 3, 3)).toBeCloseTo(0);
    expect(alphaFor(0.75, 2)).toBeCloseTo(MAX_ALPHA / 2);
    expect(alphaFor(Number.NaN, 2)).toBe(0);
  });

  it('summarizes class shares and agreement with the points', () => {
    const b = grid();
    const points = {
      // (−0.5, 0.5) top-left → class 1 ✓; (0.5, −0.5) bottom-right → class 0 ✗ (labelled 1).
      x: Float32Array.from([-0.5, 0.5, 0.5, -0.5]),
      y: Float32Array.from([1, 1]),
      count: 2,
    };
    const s = summarizeBoundary(b, 2, points);
    expect(s.shares).toEqual([0.5, 0.5]);
    expect(s.agreement).toBe(0.5);
    expect(s.meanConfidence).toBeCloseTo(0.75);
  });

  it('axis ticks lie inside the plot', () => {
    const { xTicks, yTicks } = plotScales({ x0: -1.2, x1: 1.2, y0: -1, y1: 1 }, 300, 300);
    expect(xTicks.length).toBeGreaterThan(2);
    for (const t of [...xTicks, ...yTicks]) {
      expect(t.at).toBeGreaterThanOrEqual(0);
      expect(t.at).toBeLessThanOrEqual(300);
    }
  });
});
