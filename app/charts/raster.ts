// A tiny rasterizer for the streaming curves: every curve is one entry per pixel column (see
// Columns in loss-layout.ts), so a curve is a set of vertical spans, one per column, and can be
// drawn straight into pixels with exact vertical anti-aliasing. Canvas 2D would stroke the same
// polyline as a general path: on a machine without a GPU that rasterization runs on the page's
// main thread and cost ~1.5 ms per curve per redraw; writing the spans costs a fraction of that.
// Pure: no DOM; the chart copies `pixels` into the canvas with putImageData.

import type { Columns } from './loss-layout.ts';

export type Rgb = readonly [number, number, number];

export interface Raster {
  /** Size in device pixels. */
  width: number;
  height: number;
  /** CSS pixels → device pixels. */
  scale: number;
  /** Premultiplied RGBA in [0, 1], row-major. */
  premul: Float32Array;
  /** Non-premultiplied RGBA bytes, as ImageData wants them (filled by `finishRaster`). */
  pixels: Uint8ClampedArray<ArrayBuffer>;
  /** The rows painted since the last clear: [rowFrom, rowTo). */
  rowFrom: number;
  rowTo: number;
}

export function createRaster(width: number, height: number, scale = 1): Raster {
  return {
    width,
    height,
    scale,
    premul: new Float32Array(width * height * 4),
    pixels: new Uint8ClampedArray(width * height * 4),
    rowFrom: height,
    rowTo: 0,
  };
}

/** Erases what was painted (the rows anything was painted in: one contiguous fill). */
export function clearRaster(r: Raster): void {
  if (r.rowTo > r.rowFrom) {
    r.premul.fill(0, r.rowFrom * r.width * 4, r.rowTo * r.width * 4);
    r.pixels.fill(0, r.rowFrom * r.width * 4, r.rowTo * r.width * 4);
  }
  r.rowFrom = r.height;
  r.rowTo = 0;
}

/**
 * Paints device column `c` from `top` to `bottom` (device px, fractional) in `rgb` (0–255) at
 * `alpha`, source-over; rows cut by the span's ends get the covered fraction of `alpha`.
 */
function span(r: Raster, c: number, top: number, bottom: number, rgb: Rgb, alpha: number): void {
  if (c < 0 || c >= r.width) return;
  const t = Math.max(0, top);
  const b = Math.min(r.height, bottom);
  if (!(b > t)) return;
  const from = Math.floor(t);
  const to = Math.ceil(b);
  const p = r.premul;
  const [red, green, blue] = [rgb[0] / 255, rgb[1] / 255, rgb[2] / 255];
  for (let y = from; y < to; y++) {
    const a = alpha * (Math.min(b, y + 1) - Math.max(t, y));
    const k = (y * r.width + c) * 4;
    const keep = 1 - a;
    p[k] = red * a + p[k] * keep;
    p[k + 1] = green * a + p[k + 1] * keep;
    p[k + 2] = blue * a + p[k + 2] * keep;
    p[k + 3] = a + p[k + 3] * keep;
  }
  if (from < r.rowFrom) r.rowFrom = from;
  if (to > r.rowTo) r.rowTo = to;
}

/** The device columns CSS column `x` (a column centre, as in Columns.x) covers. */
function deviceColumns(r: Raster, x: number): [number, number] {
  const css = Math.floor(x);
  return [Math.round(css * r.scale), Math.round((css + 1) * r.scale)];
}

/** The min–max band: each column from its high to its low value, at least one CSS pixel tall. */
export function paintBand(r: Raster, cols: Columns, rgb: Rgb, alpha: number): void {
  const s = r.scale;
  for (let i = 0; i < cols.n; i++) {
    const [c0, c1] = deviceColumns(r, cols.x[i]);
    const top = cols.hi[i] * s;
    const bottom = (cols.hi[i] + Math.max(1, cols.lo[i] - cols.hi[i])) * s;
    for (let c = c0; c < c1; c++) span(r, c, top, bottom, rgb, alpha);
  }
}

/**
 * The polyline through the columns' (x, mid) points, drawn with a square pen `lineWidth` CSS px
 * wide at opacity `alpha` (1 by default; a legend highlight dims the other lines): device column c is painted from the lowest to the highest y the line takes while within
 * half a width of the column's centre, widened by half the width up and down. A steep stretch is
 * then as thick across as a flat one is tall. Columns between two distant points (a short series
 * on a wide chart) are interpolated, so the line never breaks.
 */
export function paintLine(r: Raster, cols: Columns, rgb: Rgb, lineWidth: number, alpha = 1): void {
  const n = cols.n;
  if (n === 0) return;
  const s = r.scale;
  const half = (lineWidth * s) / 2;
  const xAt = (i: number) => cols.x[i] * s;
  /** The line's y at device x `xd` on the segment from point `seg` to point `seg + 1`. */
  const yAt = (seg: number, xd: number) => {
    if (n === 1) return cols.mid[0] * s;
    const x0 = xAt(seg);
    const x1 = xAt(seg + 1);
    const t = x1 > x0 ? Math.min(1, Math.max(0, (xd - x0) / (x1 - x0))) : 0;
    return (cols.mid[seg] + (cols.mid[seg + 1] - cols.mid[seg]) * t) * s;
  };
  const start = xAt(0);
  const end = xAt(n - 1);
  const lastSeg = Math.max(0, n - 2);
  let k = 0; // the segment holding the left end of the current window
  const first = Math.max(0, Math.floor(start - half));
  const last = Math.min(r.width - 1, Math.floor(end + half));
  for (let c = first; c <= last; c++) {
    // The pen covers the column's centre from [c + 0.5 - half, c + 0.5 + half], clipped to the line.
    const left = Math.max(c + 0.5 - half, start);
    const right = Math.min(c + 0.5 + half, end);
    if (right < left) continue;
    while (k < lastSeg && xAt(k + 1) <= left) k++;
    let lo = yAt(k, left);
    let hi = lo;
    // Every point inside the window, then the line at its right end.
    let j = k;
    while (j < lastSeg && xAt(j + 1) < right) {
      const y = cols.mid[j + 1] * s;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
      j++;
    }
    const yr = yAt(j, right);
    if (yr < lo) lo = yr;
    if (yr > hi) hi = yr;
    span(r, c, lo - half, hi + half, rgb, alpha);
  }
}

/** Converts what was painted to ImageData bytes (straight alpha) in `pixels`. */
export function finishRaster(r: Raster): void {
  const p = r.premul;
  const out = r.pixels;
  // Row by row over the painted rows: contiguous memory, unpainted pixels skipped.
  for (let k = r.rowFrom * r.width * 4, end = r.rowTo * r.width * 4; k < end; k += 4) {
    const a = p[k + 3];
    if (a <= 0) continue;
    out[k] = (p[k] / a) * 255;
    out[k + 1] = (p[k + 1] / a) * 255;
    out[k + 2] = (p[k + 2] / a) * 255;
    out[k + 3] = a * 255;
  }
}
