// The region a decision-boundary grid covers: the 2-D training points' bounding box, padded.
// The worker evaluates its grid over it and the page draws the grid and the points on it, so
// both call this one function.

export interface Extent {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Padding around the training points, as a fraction of their range. */
export const BOUNDARY_PAD = 0.1;

/** Bounding box of `count` 2-D points (x, y interleaved), padded by BOUNDARY_PAD (1 when flat). */
export function pointsExtent(x: ArrayLike<number>, count: number): Extent {
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    x0 = Math.min(x0, x[2 * i]);
    x1 = Math.max(x1, x[2 * i]);
    y0 = Math.min(y0, x[2 * i + 1]);
    y1 = Math.max(y1, x[2 * i + 1]);
  }
  if (!Number.isFinite(x0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const padX = (x1 - x0) * BOUNDARY_PAD || 1;
  const padY = (y1 - y0) * BOUNDARY_PAD || 1;
  return { x0: x0 - padX, x1: x1 + padX, y0: y0 - padY, y1: y1 + padY };
}

/**
 * The centres of a res x res grid over `extent`, as (x, y) rows for a forward pass: point
 * k = row * res + col sits at column col from x0 and row `row` from the top (y1), so row 0 is
 * drawn first on a canvas. The decision boundary and the unit pictures both read this grid.
 */
export function planeGrid(extent: Extent, res: number): Float32Array {
  const { x0, x1, y0, y1 } = extent;
  const grid = new Float32Array(res * res * 2);
  for (let row = 0; row < res; row++) {
    for (let col = 0; col < res; col++) {
      const k = row * res + col;
      grid[2 * k] = x0 + ((col + 0.5) / res) * (x1 - x0);
      grid[2 * k + 1] = y1 - ((row + 0.5) / res) * (y1 - y0);
    }
  }
  return grid;
}
