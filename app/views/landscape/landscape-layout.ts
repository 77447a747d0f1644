// The landscape view's geometry, pure and unit-tested: a square window in (w1, w2) with EQUAL
// units on both axes (so an elongated valley looks elongated), log-spaced contour levels drawn as
// the exact ellipses they are (a grid contourer cannot resolve a 100:1 valley a pixel or two wide),
// and the descent path clipped to the plot (a diverging path leaves at the edge, never flies off).

import { scaleLinear } from 'd3';
import {
  type Descent,
  excessLossAt,
  LANDSCAPE_LIMITS,
  type Landscape,
  type LandscapeOptions,
  levelSet,
} from '#engine';

export const LANDSCAPE_MARGIN = { top: 10, right: 12, bottom: 40, left: 48 };
/** The window's half-side is this multiple of the start's distance from the minimum. */
export const WINDOW_PAD = 1.12;
/** Points per contour ellipse. */
const ELLIPSE_POINTS = 360;
/** Contours are drawn at {1, 3} x 10^k; at most this many (the largest are dropped first). */
const MAX_LEVELS = 16;

export interface PlotWindow {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Square window centred on the minimum, sized to include the start with a margin. Stable gradient
 * descent never moves further from the minimum than the start (every eigen-component of the error
 * shrinks), so a stable path stays inside; only a diverging one leaves.
 */
export function plotWindow(l: Landscape, start: readonly [number, number]): PlotWindow {
  const [c1, c2] = l.minimizer;
  const half = Math.max(0.5, WINDOW_PAD * Math.hypot(start[0] - c1, start[1] - c2));
  return { x0: c1 - half, x1: c1 + half, y0: c2 - half, y1: c2 + half };
}

/**
 * Contour levels of the excess loss L - L*, at 1 and 3 x 10^k: from the level whose ellipse's long
 * half-axis is 3 % of the window's half-side up to the largest excess inside the window.
 */
export function contourLevels(l: Landscape, w: PlotWindow): number[] {
  const half = (w.x1 - w.x0) / 2;
  const lo = (l.hessianEigenvalues[0] / 2) * (0.03 * half) ** 2;
  const hi = Math.max(
    excessLossAt(l, w.x0, w.y0),
    excessLossAt(l, w.x0, w.y1),
    excessLossAt(l, w.x1, w.y0),
    excessLossAt(l, w.x1, w.y1),
  );
  const levels: number[] = [];
  for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 3]) {
      const v = m * 10 ** k;
      if (v >= lo && v <= hi) levels.push(v);
    }
  }
  return levels.slice(0, MAX_LEVELS);
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Liang–Barsky: the part of segment p -> q inside rect, as [t0, t1] fractions along it, or null.
 */
export function clipSegment(
  px: number,
  py: number,
  qx: number,
  qy: number,
  rect: Rect,
): [number, number] | null {
  const dx = qx - px;
  const dy = qy - py;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, px - rect.x0],
    [dx, rect.x1 - px],
    [-dy, py - rect.y0],
    [dy, rect.y1 - py],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) {
        if (r > t1) return null;
        if (r > t0) t0 = r;
      } else {
        if (r < t0) return null;
        if (r < t1) t1 = r;
      }
    }
  }
  return [t0, t1];
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/**
 * SVG path data for a polyline in screen coordinates (x, y interleaved), clipped to rect: visible
 * runs joined with L, a new M after every gap. Empty string if nothing is visible.
 */
export function clippedPolyline(xy: ArrayLike<number>, count: number, rect: Rect): string {
  let d = '';
  let penX = Number.NaN;
  let penY = Number.NaN;
  for (let i = 0; i + 1 < count; i++) {
    const px = xy[2 * i];
    const py = xy[2 * i + 1];
    const qx = xy[2 * i + 2];
    const qy = xy[2 * i + 3];
    const clip = clipSegment(px, py, qx, qy, rect);
    if (!clip) continue;
    const ax = px + clip[0] * (qx - px);
    const ay = py + clip[0] * (qy - py);
    const bx = px + clip[1] * (qx - px);
    const by = py + clip[1] * (qy - py);
    if (!(Math.abs(ax - penX) <= 1e-6 && Math.abs(ay - penY) <= 1e-6)) d += `M${fmt(ax)},${fmt(ay)}`;
    d += `L${fmt(bx)},${fmt(by)}`;
    penX = bx;
    penY = by;
  }
  return d;
}

export interface Tick {
  at: number;
  label: string;
}

export interface LandscapeLayout {
  side: number;
  window: PlotWindow;
  /** Data -> pixels inside the plot area (origin top-left of the plot). */
  x: (w1: number) => number;
  y: (w2: number) => number;
  xTicks: Tick[];
  yTicks: Tick[];
  contours: { level: number; d: string }[];
  /** Screen positions of the path points (x, y interleaved), unclipped. */
  pathXY: Float64Array;
  minimum: { x: number; y: number };
}

export function layoutLandscape(
  l: Landscape,
  descent: Descent,
  start: readonly [number, number],
  side: number,
): LandscapeLayout {
  const window = plotWindow(l, start);
  const x = scaleLinear().domain([window.x0, window.x1]).range([0, side]);
  const y = scaleLinear().domain([window.y0, window.y1]).range([side, 0]);
  const tickCount = side < 260 ? 4 : 6;
  const ticks = (s: typeof x): Tick[] => {
    const format = s.tickFormat(tickCount);
    return s.ticks(tickCount).map((v) => ({ at: s(v), label: format(v).replace('-', '−') }));
  };
  // Contours may extend a little past the frame before clipping, so a line never stops short of it.
  const rect = { x0: -1, y0: -1, x1: side + 1, y1: side + 1 };
  const contours = contourLevels(l, window).map((level) => {
    const pts = levelSet(l, level, ELLIPSE_POINTS);
    const xy = new Float64Array(pts.length);
    for (let i = 0; i < pts.length; i += 2) {
      xy[i] = x(pts[i]);
      xy[i + 1] = y(pts[i + 1]);
    }
    return { level, d: clippedPolyline(xy, pts.length / 2, rect) };
  });
  const pathXY = new Float64Array(2 * descent.points.length);
  descent.points.forEach((p, i) => {
    pathXY[2 * i] = x(p.w1);
    pathXY[2 * i + 1] = y(p.w2);
  });
  return {
    side,
    window,
    x,
    y,
    xTicks: ticks(x),
    yTicks: ticks(y),
    contours,
    pathXY,
    minimum: { x: x(l.minimizer[0]), y: y(l.minimizer[1]) },
  };
}

/** The path up to and including point `upTo`, clipped to the plot. */
export function pathUpTo(layout: LandscapeLayout, upTo: number): string {
  const count = Math.min(upTo + 1, layout.pathXY.length / 2);
  return clippedPolyline(layout.pathXY, count, { x0: 0, y0: 0, x1: layout.side, y1: layout.side });
}

/** Whether screen point i of the path lies inside the plot. */
export function pointInside(layout: LandscapeLayout, i: number): boolean {
  const px = layout.pathXY[2 * i];
  const py = layout.pathXY[2 * i + 1];
  return px >= 0 && px <= layout.side && py >= 0 && py <= layout.side;
}

/** Rounds to `digits` significant digits (slider values read cleanly: 9e-5, not 8.9125e-5). */
export function roundSignificant(v: number, digits = 3): number {
  return Number(v.toPrecision(digits));
}

/**
 * Options clamped into LANDSCAPE_LIMITS (non-finite values fall back to `fallback`), so the view
 * renders whatever a URL or a caller passes.
 */
export function sanitizeOptions(o: LandscapeOptions, fallback: LandscapeOptions): LandscapeOptions {
  const clamp = (v: number, min: number, max: number, d: number) =>
    Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d;
  const L = LANDSCAPE_LIMITS;
  return {
    scale: clamp(o.scale, L.scale.min, L.scale.max, fallback.scale),
    standardize: o.standardize === true,
    lr: clamp(o.lr, L.lr.min, L.lr.max, fallback.lr),
    seed: Number.isInteger(o.seed) ? o.seed : fallback.seed,
    start: [
      clamp(o.start?.[0], L.start.min, L.start.max, fallback.start[0]),
      clamp(o.start?.[1], L.start.min, L.start.max, fallback.start[1]),
    ],
    steps: Math.round(clamp(o.steps, L.steps.min, L.steps.max, fallback.steps)),
  };
}

/** 24123 -> "24,123"; 1.2e7 -> "12,000,000". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Readout values (losses, weights): 3 significant digits, exponent form when huge or tiny, a real minus sign. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const text =
    v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)
      ? v.toExponential(2).replace('e+', 'e')
      : String(Number(v.toPrecision(3)));
  return text.replaceAll('-', '−');
}

/** Learning rates: 9e-5 -> "9.0e−5", 0.1 -> "0.1". */
export function formatLr(v: number): string {
  if (v < 1e-3) return v.toExponential(1).replace('e-', 'e−');
  return String(Number(v.toPrecision(3)));
}
