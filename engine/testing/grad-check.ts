// Finite-difference gradient checking in float64, shared by every layer's tests.
// The scalar probe is L = sum(y * w) for a fixed random w, so dL/dy = w exactly.

import { Rng } from '../core/rng.ts';
import type { Arr, Layer, Mode } from '../core/types.ts';

/** Central-difference step. With float64 storage the truncation error is O(h^2) ~ 1e-12. */
export const FD_STEP = 1e-6;

export interface GradCheckResult {
  /** Largest |analytic - numeric| / max(1, |analytic|, |numeric|) over x and every parameter. */
  maxRelError: number;
  /** Which tensor produced it ('x' or a parameter name). */
  worst: string;
}

function relError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Compares layer.backward against central differences of L = sum(forward(x) * w), for the
 * input and every parameter. The layer must be built with precision 'float64'.
 * In train mode, layers with running statistics update them on every forward; that does not
 * change the train-mode output, so the check stays valid.
 */
export function gradCheck(layer: Layer, x: Float64Array, n: number, mode: Mode, seed = 7): GradCheckResult {
  const rng = new Rng(seed);
  const y0 = layer.forward(x, n, mode);
  const w = new Float64Array(y0.length);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal();
  const loss = (): number => {
    const y = layer.forward(x, n, mode);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * w[i];
    return s;
  };
  layer.forward(x, n, mode);
  const dx = Float64Array.from(layer.backward(w));
  const paramGrads = layer.params().map((p) => Float64Array.from(p.grad));

  let maxRelError = 0;
  let worst = '';
  const probe = (name: string, values: Arr, analytic: Float64Array): void => {
    for (let i = 0; i < values.length; i++) {
      const orig = values[i];
      values[i] = orig + FD_STEP;
      const lp = loss();
      values[i] = orig - FD_STEP;
      const lm = loss();
      values[i] = orig;
      const e = relError(analytic[i], (lp - lm) / (2 * FD_STEP));
      if (e > maxRelError) {
        maxRelError = e;
        worst = name;
      }
    }
  };
  probe('x', x, dx);
  layer.params().forEach((p, k) => {
    probe(p.name, p.value, paramGrads[k]);
  });
  return { maxRelError, worst };
}

/** Fills a float64 array with seeded standard normals times `scale` plus `offset`. */
export function randomInput(length: number, seed: number, scale = 1, offset = 0): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(length);
  for (let i = 0; i < length; i++) x[i] = offset + scale * rng.normal();
  return x;
}
