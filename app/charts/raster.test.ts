import { describe, expect, it } from 'vitest';
import type { Columns } from './loss-layout.ts';
import { clearRaster, createRaster, finishRaster, paintBand, paintLine, type Raster } from './raster.ts';

/** Columns from [x centre, hi, lo, mid] rows. */
function columns(rows: [number, number, number, number][]): Columns {
  const f = (i: number) => Float32Array.from(rows, (r) => r[i]);
  return { n: rows.length, x: f(0), hi: f(1), lo: f(2), mid: f(3) };
}

/** A flat series at `y` over CSS columns 0..n-1. */
const flat = (n: number, y: number) => columns(Array.from({ length: n }, (_, c) => [c + 0.5, y, y, y]));

function pixel(r: Raster, x: number, y: number): number[] {
  const k = (y * r.width + x) * 4;
  return Array.from(r.pixels.subarray(k, k + 4));
}

/** Rows of column `x` with any paint. */
function paintedRows(r: Raster, x: number): number[] {
  const rows: number[] = [];
  for (let y = 0; y < r.height; y++) if (pixel(r, x, y)[3] > 0) rows.push(y);
  return rows;
}

const RED = [200, 0, 0] as const;
const BLUE = [0, 0, 200] as const;

describe('curve raster', () => {
  it('draws a line its width thick, in its colour, with covered fractions at its edges', () => {
    const r = createRaster(10, 20);
    paintLine(r, flat(10, 10), RED, 2);
    finishRaster(r);
    expect(paintedRows(r, 4)).toEqual([9, 10]);
    expect(pixel(r, 4, 9)).toEqual([200, 0, 0, 255]);

    const half = createRaster(10, 20);
    paintLine(half, flat(10, 10.5), RED, 2);
    finishRaster(half);
    expect(paintedRows(half, 4)).toEqual([9, 10, 11]);
    expect(pixel(half, 4, 9)[3]).toBeCloseTo(128, -1); // half covered
    expect(pixel(half, 4, 10)[3]).toBe(255);
    expect(pixel(half, 4, 9).slice(0, 3)).toEqual([200, 0, 0]); // colour kept, alpha partial
  });

  it('never breaks: columns between two distant points follow the straight line', () => {
    const r = createRaster(12, 14);
    paintLine(
      r,
      columns([
        [0.5, 1, 1, 1],
        [10.5, 11, 11, 11],
      ]),
      RED,
      2,
    );
    finishRaster(r);
    for (let x = 0; x <= 10; x++) {
      const rows = paintedRows(r, x);
      expect(rows.length, `column ${x}`).toBeGreaterThan(0);
      // The line at the column's centre, x + 0.5, is at y = x + 1.
      expect(Math.min(...rows)).toBeLessThanOrEqual(x + 1);
      expect(Math.max(...rows)).toBeGreaterThanOrEqual(x);
    }
    expect(paintedRows(r, 12 - 1).length).toBeLessThan(4); // only the pen's half width past the last point
  });

  it('a steep stretch is as thick across as a flat one is tall', () => {
    // Twice the pixel density: a 2 px pen is 4 device pixels. Flat at 5, a jump to 30 between
    // CSS columns 5 and 6 (device x 11 to 13), flat again.
    const r = createRaster(24, 80, 2);
    const rows: [number, number, number, number][] = [];
    for (let c = 0; c < 12; c++) rows.push([c + 0.5, 0, 0, c < 6 ? 5 : 30]);
    paintLine(r, columns(rows), RED, 2);
    finishRaster(r);
    // Halfway down the jump (device y 35, where the line is at x 12), four device columns.
    const across = Array.from({ length: 24 }, (_, x) => x).filter((x) => pixel(r, x, 35)[3] === 255);
    expect(across).toEqual([10, 11, 12, 13]);
    expect(paintedRows(r, 4)).toEqual([8, 9, 10, 11]); // flat parts: four device pixels tall
  });

  it('a steep step fills the column from one value to the next', () => {
    const r = createRaster(4, 40);
    paintLine(
      r,
      columns([
        [0.5, 5, 5, 5],
        [1.5, 30, 30, 30],
      ]),
      RED,
      2,
    );
    finishRaster(r);
    const rows = [...paintedRows(r, 0), ...paintedRows(r, 1)];
    for (let y = 5; y < 30; y++) expect(rows, `row ${y}`).toContain(y);
  });

  it('paints the band from high to low at its alpha, at least one pixel tall, and lines over it', () => {
    const r = createRaster(4, 20);
    paintBand(
      r,
      columns([
        [0.5, 5, 8, 6],
        [1.5, 12, 12, 12],
      ]),
      BLUE,
      0.25,
    );
    finishRaster(r);
    expect(paintedRows(r, 0)).toEqual([5, 6, 7]);
    expect(pixel(r, 0, 6)).toEqual([0, 0, 200, 64]);
    expect(paintedRows(r, 1)).toEqual([12]);

    paintLine(
      r,
      columns([
        [0.5, 5, 8, 6],
        [1.5, 5, 8, 6],
      ]),
      RED,
      2,
    );
    finishRaster(r);
    expect(pixel(r, 0, 6)).toEqual([200, 0, 0, 255]); // opaque line over the band
    expect(pixel(r, 0, 7)[2]).toBeGreaterThan(0); // the band still shows below the line
  });

  it('clearing erases everything painted', () => {
    const r = createRaster(10, 20);
    paintBand(r, flat(10, 3), BLUE, 0.5);
    paintLine(r, flat(10, 15), RED, 2);
    finishRaster(r);
    clearRaster(r);
    paintLine(r, flat(3, 8), RED, 2);
    finishRaster(r);
    // Three points; the pen reaches half its width past the last one, into column 3.
    for (let x = 0; x < 10; x++) expect(paintedRows(r, x)).toEqual(x <= 3 ? [7, 8] : []);
  });

  it('at twice the pixel density, a CSS pixel is two device pixels each way', () => {
    const r = createRaster(20, 40, 2);
    paintLine(r, flat(10, 10), RED, 2);
    paintBand(r, columns([[3.5, 2, 4, 3]]), BLUE, 1);
    finishRaster(r);
    expect(paintedRows(r, 8)).toEqual([18, 19, 20, 21]);
    expect(paintedRows(r, 6)).toEqual([4, 5, 6, 7, 18, 19, 20, 21]);
    expect(paintedRows(r, 7)).toEqual([4, 5, 6, 7, 18, 19, 20, 21]);
    expect(paintedRows(r, 5)).toEqual([18, 19, 20, 21]);
  });
});
