// Domain-shift transforms for image splits with pixels in [0, 1] (MNIST before standardizing):
// invert, brightness/contrast, Gaussian noise, translation. Each returns a NEW Split (labels
// copied) and leaves its input untouched; the noise is seeded through an explicit Rng.

import { Rng } from '../core/rng.ts';
import { type Split, splitSampleSize } from './dataset.ts';

/** A shift as plain JSON (for the worker protocol and the URL); applyShift runs it. */
export type ShiftSpec =
  | { type: 'none' }
  | { type: 'invert' }
  | { type: 'brightnessContrast'; brightness: number; contrast: number }
  | { type: 'noise'; std: number; seed: number }
  | { type: 'translate'; dx: number; dy: number };

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Applies f to every pixel, returning a new Split. */
function mapPixels(split: Split, f: (p: number) => number): Split {
  splitSampleSize(split);
  const x = new Float32Array(split.x.length);
  for (let i = 0; i < x.length; i++) x[i] = f(split.x[i]);
  return { x, y: split.y.slice(), count: split.count };
}

/** Photographic negative: p' = 1 - p (white digit on black becomes black on white). */
export function invertPixels(split: Split): Split {
  return mapPixels(split, (p) => 1 - p);
}

/**
 * p' = clamp((p - 0.5) * contrast + 0.5 + brightness, 0, 1). contrast 1 and brightness 0 is
 * the identity; contrast < 1 fades towards grey, brightness > 0 lifts the black background.
 */
export function adjustBrightnessContrast(split: Split, brightness: number, contrast: number): Split {
  if (!Number.isFinite(brightness) || !Number.isFinite(contrast)) {
    throw new Error(`brightness and contrast must be finite (got ${brightness}, ${contrast})`);
  }
  return mapPixels(split, (p) => clamp01((p - 0.5) * contrast + 0.5 + brightness));
}

/**
 * p' = clamp(p + std * z, 0, 1) with z ~ N(0, 1) drawn from rng once per pixel, in x order
 * (sample by sample, row-major), so the same rng state gives the same noise.
 */
export function addPixelNoise(split: Split, std: number, rng: Rng): Split {
  if (!Number.isFinite(std) || std < 0) throw new Error(`noise std must be finite and >= 0 (got ${std})`);
  return mapPixels(split, (p) => clamp01(p + std * rng.normal()));
}

/**
 * Moves every image by (dx, dy) whole pixels: dx > 0 moves content right, dy > 0 moves it down;
 * pixels shifted in from outside are 0 (background). For shape [C, H, W] (NCHW):
 *   out[((n * C + c) * H + h) * W + w] = in[((n * C + c) * H + h - dy) * W + w - dx], or 0 if outside.
 */
export function translateImages(split: Split, shape: readonly number[], dx: number, dy: number): Split {
  const size = splitSampleSize(split);
  if (shape.length !== 3 || shape[0] * shape[1] * shape[2] !== size) {
    throw new Error(
      `translate needs an image shape [C, H, W] with C * H * W = ${size} (got [${shape.join(', ')}])`,
    );
  }
  if (!Number.isInteger(dx) || !Number.isInteger(dy))
    throw new Error(`translate needs whole pixels (got ${dx}, ${dy})`);
  const [channels, height, width] = shape;
  const x = new Float32Array(split.x.length);
  const planes = split.count * channels;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let h = Math.max(0, dy); h < Math.min(height, height + dy); h++) {
      for (let w = Math.max(0, dx); w < Math.min(width, width + dx); w++) {
        x[base + h * width + w] = split.x[base + (h - dy) * width + (w - dx)];
      }
    }
  }
  return { x, y: split.y.slice(), count: split.count };
}

/**
 * Runs a ShiftSpec on an image split of the given per-sample shape. 'none' returns the input
 * itself (Splits are never mutated); 'noise' seeds a fresh Rng(spec.seed).
 */
export function applyShift(split: Split, shape: readonly number[], spec: ShiftSpec): Split {
  switch (spec.type) {
    case 'none':
      return split;
    case 'invert':
      return invertPixels(split);
    case 'brightnessContrast':
      return adjustBrightnessContrast(split, spec.brightness, spec.contrast);
    case 'noise':
      return addPixelNoise(split, spec.std, new Rng(spec.seed));
    case 'translate':
      return translateImages(split, shape, spec.dx, spec.dy);
    default: {
      const unknown: never = spec;
      throw new Error(`unknown shift: ${JSON.stringify(unknown)}`);
    }
  }
}
