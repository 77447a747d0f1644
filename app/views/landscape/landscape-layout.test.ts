import { describe, expect, it } from 'vitest';
import { descend, excessLossAt, LANDSCAPE_DEFAULTS, makeLandscape } from '#engine';
import {
  clippedPolyline,
  clipSegment,
  contourLevels,
  formatLoss,
  formatLr,
  layoutLandscape,
  pathUpTo,
  plotWindow,
  sanitizeOptions,
} from './landscape-layout.ts';

const RECT = { x0: 0, y0: 0, x1: 100, y1: 100 };

describe('clipSegment (Liang–Barsky)', () => {
  it.each([
    ['inside', [10, 10, 90, 90], [0, 1]],
    ['crossing the right edge', [50, 50, 150, 50], [0, 0.5]],
    ['entering from the left', [-100, 20, 100, 20], [0.5, 1]],
    ['through both edges', [-50, 50, 150, 50], [0.25, 0.75]],
  ] as const)('%s', (_, [px, py, qx, qy], expected) => {
    const clip = clipSegment(px, py, qx, qy, RECT);
    expect(clip?.[0]).toBeCloseTo(expected[0], 12);
    expect(clip?.[1]).toBeCloseTo(expected[1], 12);
  });

  it('null when the segment misses the rectangle', () => {
    expect(clipSegment(-10, -10, -1, 200, RECT)).toBeNull();
    expect(clipSegment(110, 0, 200, 50, RECT)).toBeNull();
  });
});

describe('clippedPolyline', () => {
  it('starts with M, joins a visible run with L, and starts a new M after a gap', () => {
    // In, out past the right edge, back in.
    const xy = [10, 10, 50, 10, 150, 10, 150, 90, 50, 90];
    expect(clippedPolyline(xy, 5, RECT)).toBe('M10,10L50,10L100,10M100,90L50,90');
  });

  it('empty when nothing is visible; never NaN for huge coordinates', () => {
    expect(clippedPolyline([200, 200, 300, 300], 2, RECT)).toBe('');
    expect(clippedPolyline([50, 50, 1e300, -1e300], 2, RECT)).not.toMatch(/NaN|Infinity/);
  });
});

describe('plot window and contour levels', () => {
  it('a square window centred on the minimum that contains the start', () => {
    for (const standardize of [false, true]) {
      const l = makeLandscape({ scale: 100, standardize, seed: 1 });
      const w = plotWindow(l, [-2, 2]);
      expect(w.x1 - w.x0).toBeCloseTo(w.y1 - w.y0, 12);
      expect((w.x0 + w.x1) / 2).toBeCloseTo(l.minimizer[0], 12);
      expect((w.y0 + w.y1) / 2).toBeCloseTo(l.minimizer[1], 12);
      expect(-2).toBeGreaterThan(w.x0);
      expect(2).toBeLessThan(w.y1);
    }
  });

  it('levels are 1 and 3 × 10^k, increasing, within the window: more of them for the steep valley', () => {
    const raw = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const std = makeLandscape({ scale: 100, standardize: true, seed: 1 });
    const rawLevels = contourLevels(raw, plotWindow(raw, [-2, 2]));
    const stdLevels = contourLevels(std, plotWindow(std, [-2, 2]));
    for (const levels of [rawLevels, stdLevels]) {
      expect(levels.every((v, i) => i === 0 || v > levels[i - 1])).toBe(true);
      for (const v of levels) {
        const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
        expect([1, 3].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      }
    }
    expect(stdLevels.length).toBeGreaterThanOrEqual(6);
    expect(rawLevels.length).toBeGreaterThan(stdLevels.length);
    const w = plotWindow(raw, [-2, 2]);
    expect(rawLevels.at(-1)).toBeLessThanOrEqual(excessLossAt(raw, w.x0, w.y1));
  });
});

describe('layoutLandscape', () => {
  it('equal units on both axes; every contour drawn; the path prefix grows with the step', () => {
    const l = makeLandscape(LANDSCAPE_DEFAULTS);
    const path = descend(l, LANDSCAPE_DEFAULTS);
    const layout = layoutLandscape(l, path, LANDSCAPE_DEFAULTS.start, 300);
    expect(layout.x(1) - layout.x(0)).toBeCloseTo(layout.y(0) - layout.y(1), 9);
    for (const c of layout.contours) expect(c.d).toMatch(/^M/);
    expect(pathUpTo(layout, 0)).toBe('');
    const three = pathUpTo(layout, 3);
    expect(three.match(/L/g)?.length).toBe(3);
    expect(pathUpTo(layout, 10).startsWith(three)).toBe(true);
  });
});

describe('sanitizeOptions and formatting', () => {
  it('clamps into range and falls back per key for non-finite values', () => {
    const o = sanitizeOptions(
      { scale: 1e9, standardize: false, lr: Number.NaN, seed: 1.5, start: [-50, 3], steps: 7.4 },
      LANDSCAPE_DEFAULTS,
    );
    expect(o).toEqual({ scale: 300, standardize: false, lr: 9e-5, seed: 1, start: [-10, 3], steps: 7 });
  });

  it.each([
    [9e-5, '9.0e−5'],
    [1.2e-4, '1.2e−4'],
    [0.1, '0.1'],
    [0.897, '0.897'],
  ])('formatLr(%s) = %s', (v, s) => expect(formatLr(v)).toBe(s));

  it.each([
    [15.2598, '15.3'],
    [0.26985, '0.27'],
    [3.2e12, '3.20e12'],
    [-0.0107, '−0.0107'],
    [-2.5e-7, '−2.50e−7'],
  ])('formatLoss(%s) = %s', (v, s) => expect(formatLoss(v)).toBe(s));
});
