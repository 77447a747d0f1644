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
