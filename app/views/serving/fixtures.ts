// Fixed, fabricated serving data for the view's tests and screenshots: a ServeResult of the
// first 48 test digits and tiny procedural "digits" (rings and strokes). No randomness.

import type { ServeResult, ServingMode } from '#engine';
import { DIGIT_PIXELS, SERVE_COUNT } from './serving-math.ts';

/** Labels 0..9 repeating; every 3rd image (index % 3 === 2) predicted wrong in train mode. */
export function fixtureResult(patch: Partial<ServeResult> = {}, mode: ServingMode = 'train'): ServeResult {
  const indices = Int32Array.from({ length: SERVE_COUNT }, (_, i) => i);
  const labels = Int32Array.from(indices, (i) => (i * 7) % 10);
  const predicted = Int32Array.from(indices, (i) => (i % 3 === 2 ? (labels[i] + 1) % 10 : labels[i]));
  return {
    mode,
    indices,
    batchSize: 1,
    predicted,
    labels,
    accuracy: 32 / 48,
    otherAccuracy: 0.97,
    otherError: null,
    runningStatsDrift: 0,
    error: null,
    ...patch,
  };
}

export const DENSE_BN_ERROR = 'expected more than 1 value per channel when training, got input shape [1, 16]';

/** A failed train-mode pass at batch size 1 (dense BatchNorm), as the engine reports it. */
export function fixtureErrorResult(): ServeResult {
  return fixtureResult({
    predicted: new Int32Array(SERVE_COUNT).fill(-1),
    accuracy: 0,
    otherAccuracy: 0.97,
    error: DENSE_BN_ERROR,
  });
}

/** A 28 × 28 ring (even indices) or slanted stroke (odd), in [0, 1]. */
export function fixturePixels(index: number): Float32Array {
  const out = new Float32Array(DIGIT_PIXELS);
  for (let r = 0; r < 28; r++)
    for (let c = 0; c < 28; c++) {
      const v =
        index % 2 === 0
          ? 1 - Math.min(1, Math.abs(Math.hypot((r - 14) / 1.3, c - 14) - 7) / 2.5)
          : 1 - Math.min(1, Math.abs(c - 14 - (14 - r) * 0.3 - (index % 5) + 2) / 2);
      out[r * 28 + c] = Math.max(0, v);
    }
  return out;
}
