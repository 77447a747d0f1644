import { describe, expect, test } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { Split } from './dataset.ts';
import {
  addPixelNoise,
  adjustBrightnessContrast,
  applyShift,
  invertPixels,
  type ShiftSpec,
  translateImages,
} from './shift.ts';

/** Float32 storage of hand-computed float64 results. */
const FLOAT32_TOL = 1e-6;

/** Two 1x2x3 images (C=1, H=2, W=3), labels 4 and 7. */
const SHAPE = [1, 2, 3];
function tiny(): Split {
  return {
    x: Float32Array.from([0, 0.25, 0.5, 0.75, 1, 0.1, 1, 0.9, 0.8, 0.7, 0.6, 0.5]),
    y: Float32Array.from([4, 7]),
    count: 2,
  };
}

function expectPixels(split: Split, expected: number[]): void {
  expect(split.x.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(split.x[i] - expected[i])).toBeLessThan(FLOAT32_TOL);
}

describe('shift transforms on two 1x2x3 images', () => {
  test('invert: p -> 1 - p, labels kept, input untouched', () => {
    const input = tiny();
    const out = invertPixels(input);
    expectPixels(out, [1, 0.75, 0.5, 0.25, 0, 0.9, 0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(out.y).toEqual(input.y);
    expect(out.y).not.toBe(input.y);
    expect(input.x).toEqual(tiny().x);
  });

  test('brightness 0.1, contrast 2: clamp((p - 0.5) * 2 + 0.6)', () => {
    const out = adjustBrightnessContrast(tiny(), 0.1, 2);
    // 0 -> -0.4 -> 0; 0.25 -> 0.1; 0.5 -> 0.6; 0.75 -> 1.1 -> 1; 1 -> 1; 0.1 -> -0.2 -> 0
    // 1 -> 1; 0.9 -> 1.4 -> 1; 0.8 -> 1.2 -> 1; 0.7 -> 1.0; 0.6 -> 0.8; 0.5 -> 0.6
    expectPixels(out, [0, 0.1, 0.6, 1, 1, 0, 1, 1, 1, 1, 0.8, 0.6]);
  });

  test('brightness 0, contrast 1 is the identity', () => {
    expectPixels(adjustBrightnessContrast(tiny(), 0, 1), Array.from(tiny().x));
  });

  test('contrast 0.5: halves the distance to grey', () => {
    expectPixels(
      adjustBrightnessContrast(tiny(), 0, 0.5),
      Array.from(tiny().x, (p) => (p - 0.5) * 0.5 + 0.5),
    );
  });

  test('noise std 0.2: p + 0.2 z clamped to [0, 1], z from the rng in pixel order', () => {
    const out = addPixelNoise(tiny(), 0.2, new Rng(9));
    const rng = new Rng(9);
    const expected = Array.from(tiny().x, (p) => Math.min(1, Math.max(0, p + 0.2 * rng.normal())));
    expectPixels(out, expected);
  });

  test('noise is deterministic per seed and differs across seeds', () => {
    const a = addPixelNoise(tiny(), 0.3, new Rng(1));
    const b = addPixelNoise(tiny(), 0.3, new Rng(1));
    const c = addPixelNoise(tiny(), 0.3, new Rng(2));
    expect(a.x).toEqual(b.x);
    expect(a.x).not.toEqual(c.x);
    for (const v of a.x) expect(v >= 0 && v <= 1).toBe(true);
  });

  test('noise std 0 is the identity', () => {
    expectPixels(addPixelNoise(tiny(), 0, new Rng(1)), Array.from(tiny().x));
  });

  test('translate dx=1 (right), zero fill', () => {
    expectPixels(translateImages(tiny(), SHAPE, 1, 0), [0, 0, 0.25, 0, 0.75, 1, 0, 1, 0.9, 0, 0.7, 0.6]);
  });

  test('translate dx=-1, dy=1 (left and down), zero fill', () => {
    expectPixels(translateImages(tiny(), SHAPE, -1, 1), [0, 0, 0, 0.25, 0.5, 0, 0, 0, 0, 0.9, 0.8, 0]);
  });

  test('translate dy=-1 (up)', () => {
    expectPixels(translateImages(tiny(), SHAPE, 0, -1), [0.75, 1, 0.1, 0, 0, 0, 0.7, 0.6, 0.5, 0, 0, 0]);
  });

  test('translate past the border empties the image', () => {
    expectPixels(translateImages(tiny(), SHAPE, 3, 0), new Array(12).fill(0));
  });

  test('translate treats channels as separate planes, shape [2, 1, 3]', () => {
    expectPixels(translateImages(tiny(), [2, 1, 3], 1, 0), [0, 0, 0.25, 0, 0.75, 1, 0, 1, 0.9, 0, 0.7, 0.6]);
    // H = 1, so any vertical move leaves every plane empty (rows never leak across channels).
    expectPixels(translateImages(tiny(), [2, 1, 3], 0, 1), new Array(12).fill(0));
  });

  test('translate rejects a shape that does not match and fractional pixels', () => {
    expect(() => translateImages(tiny(), [1, 3, 3], 1, 0)).toThrow(
      'translate needs an image shape [C, H, W]',
    );
    expect(() => translateImages(tiny(), SHAPE, 0.5, 0)).toThrow('translate needs whole pixels');
  });

  test('non-finite parameters are rejected', () => {
    expect(() => adjustBrightnessContrast(tiny(), Number.NaN, 1)).toThrow(
      'brightness and contrast must be finite',
    );
    expect(() => addPixelNoise(tiny(), -1, new Rng(1))).toThrow('noise std must be finite');
  });
});

describe('applyShift', () => {
  test.each<[string, ShiftSpec, (input: Split) => Split]>([
    ['invert', { type: 'invert' }, (s) => invertPixels(s)],
    [
      'brightnessContrast',
      { type: 'brightnessContrast', brightness: -0.2, contrast: 1.5 },
      (s) => adjustBrightnessContrast(s, -0.2, 1.5),
    ],
    ['noise', { type: 'noise', std: 0.1, seed: 5 }, (s) => addPixelNoise(s, 0.1, new Rng(5))],
    ['translate', { type: 'translate', dx: 1, dy: -1 }, (s) => translateImages(s, SHAPE, 1, -1)],
  ])('%s matches the direct call', (_name, spec, direct) => {
    expect(applyShift(tiny(), SHAPE, spec).x).toEqual(direct(tiny()).x);
  });

  test('none returns the input split itself', () => {
    const input = tiny();
    expect(applyShift(input, SHAPE, { type: 'none' })).toBe(input);
  });
});
