// Share previews (Open Graph images, 1200 × 630 PNG) drawn in node at build time from a lesson's
// picture (app/lessons/picture.ts: the numbers its experiment measured): a small antialiased
// rasteriser (lines as capsules, dots as discs, by distance to the segment) and a PNG encoder on
// node:zlib. No headless browser, no font: the image carries the curves, the lesson's number in
// seven-segment digits and the palette's colours; the title travels in og:title beside it.

import { deflateSync } from 'node:zlib';
import { type LessonPicture, layoutPicture } from '../app/lessons/picture.ts';
import { themeProperties, UI_COLORS } from '../app/tokens.ts';

export const SHARE_WIDTH = 1200;
export const SHARE_HEIGHT = 630;

type Rgb = readonly [number, number, number];

/** An RGB canvas with coverage-based painting. */
class Raster {
  readonly rgb: Float32Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.rgb = new Float32Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.rgb.set(background, i * 3);
  }

  /** Paints `color` over pixels by coverage (0–1); coverage from overlapping shapes of one stroke is max'ed. */
  paint(coverage: Float32Array, color: Rgb, alpha = 1): void {
    for (let i = 0; i < coverage.length; i++) {
      const a = coverage[i] * alpha;
      if (a <= 0) continue;
      for (let k = 0; k < 3; k++) this.rgb[i * 3 + k] += (color[k] - this.rgb[i * 3 + k]) * a;
    }
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    for (let j = Math.max(0, y); j < Math.min(this.height, y + h); j++)
      for (let i = Math.max(0, x); i < Math.min(this.width, x + w); i++)
        this.rgb.set(color, (j * this.width + i) * 3);
  }
}

/** Coverage of a stroke of half-width r along the polyline(s) of an SVG path made of M/L commands. */
function strokeCoverage(
  width: number,
  height: number,
  d: string,
  r: number,
  ox: number,
  oy: number,
): Float32Array {
  const cover = new Float32Array(width * height);
  const commands = d.match(/[MLh][^MLh]*/g) ?? [];
  let px = Number.NaN;
  let py = Number.NaN;
  for (const c of commands) {
    if (c[0] === 'h') {
      segment(cover, width, height, px, py, px, py, r);
      continue;
    }
    const [x, y] = c.slice(1).split(',').map(Number);
    const X = x + ox;
    const Y = y + oy;
    if (c[0] === 'L') segment(cover, width, height, px, py, X, Y, r);
    px = X;
    py = Y;
  }
  return cover;
}

/** Max-accumulates a capsule's coverage (distance to segment ab below r, 1 px antialiased). */
function segment(
  cover: Float32Array,
  W: number,
  H: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  r: number,
) {
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
  const x1 = Math.min(W - 1, Math.ceil(Math.max(ax, bx) + r + 1));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
  const y1 = Math.min(H - 1, Math.ceil(Math.max(ay, by) + r + 1));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  for (let j = y0; j <= y1; j++) {
    for (let i = x0; i <= x1; i++) {
      const px = i + 0.5 - ax;
      const py = j + 0.5 - ay;
      const t = len2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / len2)) : 0;
      const d = Math.hypot(px - t * dx, py - t * dy);
      const c = Math.min(1, Math.max(0, r + 0.5 - d));
      const k = j * W + i;
      if (c > cover[k]) cover[k] = c;
    }
  }
}

/** Seven-segment digits: segments a–g lit per digit. */
const SEGMENTS: Record<string, string> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abdeg',
  '3': 'abcdg',
  '4': 'bcfg',
  '5': 'acdfg',
  '6': 'acdefg',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
};

/** SVG-style path data of a number in seven-segment digits, each w × h, top-left at (x, y). */
function digitsPath(text: string, x: number, y: number, w: number, h: number): string {
  const parts: string[] = [];
  text.split('').forEach((ch, n) => {
    const left = x + n * w * 1.45;
    const mid = y + h / 2;
    const seg: Record<string, [number, number, number, number]> = {
      a: [left, y, left + w, y],
      b: [left + w, y, left + w, mid],
      c: [left + w, mid, left + w, y + h],
      d: [left, y + h, left + w, y + h],
      e: [left, mid, left, y + h],
      f: [left, y, left, mid],
      g: [left, mid, left + w, mid],
    };
    for (const s of SEGMENTS[ch] ?? '') {
      const [x0, y0, x1, y1] = seg[s];
      parts.push(`M${x0},${y0}L${x1},${y1}`);
    }
  });
  return parts.join('');
}

/** Resolves `var(--c-key)` colours to RGB. */
export type ColorResolver = (css: string) => Rgb;

/** #rrggbb as RGB. */
function hexRgb(css: string): Rgb {
  const hex = /^#([0-9a-f]{6})$/i.exec(css.trim());
  if (!hex) throw new Error(`share image: cannot resolve colour ${css}`);
  const n = Number.parseInt(hex[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The light theme's tokens (app/tokens.ts: `--c-<key>: #rrggbb` or `var(--c-other)`), as a resolver. */
export function paletteResolver(): ColorResolver {
  const vars = new Map(themeProperties('light'));
  const resolve = (css: string, depth = 0): Rgb => {
    const v = /^var\(--([\w-]+)\)$/.exec(css.trim());
    if (v && depth < 5) {
      const value = vars.get(v[1]);
      if (value === undefined) throw new Error(`share image: no token --${v[1]}`);
      return resolve(value, depth + 1);
    }
    return hexRgb(css);
  };
  return (css) => resolve(css);
}

const BACKGROUND: Rgb = hexRgb(UI_COLORS.light.bg);
const BAND: Rgb = hexRgb(UI_COLORS.light.accent);
const BAND_TEXT: Rgb = hexRgb(UI_COLORS.light['accent-contrast']);
const FRAME: Rgb = hexRgb(UI_COLORS.light.border);

/** The share image of a picture: the lesson number (if any) on the accent band, the curves beside it. */
export function shareImage(picture: LessonPicture, colorOf: ColorResolver, lesson: number | null): Buffer {
  const W = SHARE_WIDTH;
  const H = SHARE_HEIGHT;
  const raster = new Raster(W, H, BACKGROUND);
  const band = 300;
  raster.fillRect(0, 0, band, H, BAND);
  // The NormLab mark: a bell curve, as in the favicon, above the number.
  const bell = Array.from({ length: 61 }, (_, i) => {
    const t = (i - 30) / 10;
    return `${i ? 'L' : 'M'}${60 + i * 3},${190 - 110 * Math.exp(-t * t)}`;
  }).join('');
  raster.paint(strokeCoverage(W, H, bell, 6, 0, 0), BAND_TEXT);
  if (lesson !== null) {
    raster.paint(strokeCoverage(W, H, digitsPath(String(lesson), 60, 300, 70, 150), 9, 0, 0), BAND_TEXT);
  }
  // The chart, in a framed panel.
  const px = band + 60;
  const py = 60;
  const pw = W - px - 60;
  const ph = H - 120;
  const frame = `M${px},${py}L${px + pw},${py}L${px + pw},${py + ph}L${px},${py + ph}L${px},${py}`;
  raster.paint(strokeCoverage(W, H, frame, 1, 0, 0), FRAME);
  const { paths } = layoutPicture(picture, pw, ph, 24);
  const clip = (cover: Float32Array) => {
    for (let j = 0; j < H; j++)
      for (let i = 0; i < W; i++) if (i < px || i > px + pw || j < py || j > py + ph) cover[j * W + i] = 0;
    return cover;
  };
  for (const p of paths) {
    const r = p.kind === 'guide' ? 1.2 : p.kind === 'dots' ? 9 : 3.5;
    raster.paint(clip(strokeCoverage(W, H, p.d, r, px, py)), colorOf(p.color), p.kind === 'guide' ? 0.5 : 1);
  }
  return encodePng(raster);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGB PNG of the raster (each scanline unfiltered, deflated by node:zlib). */
function encodePng(raster: Raster): Buffer {
  const { width, height, rgb } = raster;
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let j = 0; j < height; j++) {
    const row = j * (1 + width * 3);
    raw[row] = 0;
    for (let i = 0; i < width * 3; i++)
      raw[row + 1 + i] = Math.round(Math.min(255, Math.max(0, rgb[j * width * 3 + i])));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
