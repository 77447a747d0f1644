// Pure layout of the normalization-axes diagram (the GroupNorm paper's figure style): the
// (N, C) front face of an (N, C, H×W) block as a grid of cells, each standing for the H×W
// values of one sample and channel, with a top and a side face in oblique projection for the
// H×W depth. Positions in px for the SVG and for the buttons laid over each statistics set.

import { TARGET_PX } from '../../tokens.ts';
import type { NormSet } from './set-stats.ts';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface AxesLayout {
  width: number;
  height: number;
  /** Front face: top-left corner, cell size and size. */
  x0: number;
  y0: number;
  cellW: number;
  cellH: number;
  gridW: number;
  gridH: number;
  /** Oblique offset of the back faces (depth = H×W). */
  dx: number;
  dy: number;
  /** One rectangle per set on the front face, in the order of `sets`. */
  setRects: Rect[];
  /** Top-face and side-face polygons of the sets that reach the top row or the last column. */
  topFaces: { set: number; points: string }[];
  sideFaces: { set: number; points: string }[];
  sampleTicks: { y: number; label: string }[];
  channelTicks: { x: number; label: string }[];
}

/** Left: the sample ticks and the rotated "N (samples)"; right: room for the side face's stroke. */
const MARGIN = { left: 36, bottom: 42, top: 24, right: 2 };
/** Tallest front face, px, when the cells may be larger than a target. */
const MAX_GRID_H = 300;
/** The thinnest depth of a block with H×W > 1, px, when the width is tight. */
const MIN_DEPTH = 14;

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Ticks at a stride that keeps labels `minGap` px apart (always the first and last index). */
function ticks(count: number, size: number, minGap: number): number[] {
  const stride = Math.max(1, Math.ceil(minGap / size));
  const out: number[] = [];
  for (let i = 0; i < count; i += stride) out.push(i);
  if (out[out.length - 1] !== count - 1 && (count - 1 - out[out.length - 1]) * size >= minGap)
    out.push(count - 1);
  return out;
}

/**
 * Lays out an n × c grid of cells in `width` px, with one front-face rectangle per set. The depth shrinks to a sliver for dense layers
 * (spatial = 1: one value per cell).
 */
export function layoutAxes(
  n: number,
  c: number,
  sets: readonly NormSet[],
  width: number,
  spatial = 2,
): AxesLayout {
  // Every cell is a set's button at least (an InstanceNorm set is one cell, a BatchNorm set one
  // column), so cells are a pointer target (TARGET_PX) each way wherever c of them fit: the depth
  // thins first. Where they do not (16 channels on a phone), they shrink to fit: the diagram never
  // scrolls sideways, and every set can also be reached with the arrow keys.
  const room = width - MARGIN.left - MARGIN.right - c * TARGET_PX;
  const depth = spatial === 1 ? 8 : clamp(Math.min(Math.round(width * 0.07), room), MIN_DEPTH, 36);
  const dx = depth;
  const dy = Math.round(depth * 0.75);
  const avail = width - MARGIN.left - MARGIN.right - dx;
  const cellW = clamp(Math.floor(avail / c), 6, 34);
  const cellH = clamp(Math.min(cellW, Math.max(TARGET_PX, Math.floor(MAX_GRID_H / n))), 7, 26);
  const gridW = cellW * c;
  const gridH = cellH * n;
  const x0 = MARGIN.left;
  const y0 = MARGIN.top + dy;
  const setRects = sets.map((t) => ({
    x: x0 + t.channel0 * cellW,
    y: y0 + t.sample0 * cellH,
    w: (t.channel1 - t.channel0) * cellW,
    h: (t.sample1 - t.sample0) * cellH,
  }));
  const pt = (x: number, y: number) => `${x.toFixed(1)},${y.toFixed(1)}`;
  const topFaces = sets.flatMap((t, i) => {
    if (t.sample0 !== 0) return [];
    const r = setRects[i];
    return [
      {
        set: i,
        points: [pt(r.x, y0), pt(r.x + dx, y0 - dy), pt(r.x + r.w + dx, y0 - dy), pt(r.x + r.w, y0)].join(
          ' ',
        ),
      },
    ];
  });
  const xRight = x0 + gridW;
  const sideFaces = sets.flatMap((t, i) => {
    if (t.channel1 !== c) return [];
    const r = setRects[i];
    return [
      {
        set: i,
        points: [
          pt(xRight, r.y),
          pt(xRight + dx, r.y - dy),
          pt(xRight + dx, r.y + r.h - dy),
          pt(xRight, r.y + r.h),
        ].join(' '),
      },
    ];
  });
  return {
    width,
    height: y0 + gridH + MARGIN.bottom,
    x0,
    y0,
    cellW,
    cellH,
    gridW,
    gridH,
    dx,
    dy,
    setRects,
    topFaces,
    sideFaces,
    sampleTicks: ticks(n, cellH, 13).map((i) => ({ y: y0 + (i + 0.5) * cellH, label: String(i) })),
    channelTicks: ticks(c, cellW, 18).map((i) => ({ x: x0 + (i + 0.5) * cellW, label: String(i) })),
  };
}

/** Alternating shade of a set so neighbouring sets stay apart without relying on hue. */
export function setShade(set: NormSet): 0 | 1 {
  const w = set.channel1 - set.channel0;
  return ((set.sample0 + set.channel0 / w) % 2) as 0 | 1;
}
