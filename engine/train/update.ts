// The optimizers' per-element updates, the JS reference (the Kernels interface's `adamUpdate` and
// `sgdUpdate`; engine/core/wasm/gemm.wat holds the WebAssembly SIMD twin with these bits). optim.ts
// keeps the bookkeeping (step count, bias corrections, the lazily created momentum buffer) and
// calls these once per parameter tensor. Arithmetic in float64, each array element rounded to its
// array's precision when stored and read back rounded, as typed arrays do.

import type { Arr } from '../core/types.ts';

/** One Adam step's scalars (torch.optim.Adam; optim.ts derives stepSize and sqrtCorrection2 from t). */
export interface AdamScalars {
  weightDecay: number;
  beta1: number;
  beta2: number;
  /** lr / (1 - beta1^t). */
  stepSize: number;
  /** sqrt(1 - beta2^t). */
  sqrtCorrection2: number;
  eps: number;
}

/**
 * Adam, in place: g = grad + wd p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * p -= stepSize m / (sqrt(v) / sqrtCorrection2 + eps).
 */
export function adamUpdate(p: Arr, g: Arr, m: Arr, v: Arr, s: Readonly<AdamScalars>): void {
  const { weightDecay: wd, beta1: b1, beta2: b2, stepSize, sqrtCorrection2, eps } = s;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] + wd * p[i];
    m[i] = b1 * m[i] + (1 - b1) * gi;
    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
    p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtCorrection2 + eps);
  }
}

/** One SGD step's scalars (torch.optim.SGD). */
export interface SgdScalars {
  learningRate: number;
  momentum: number;
  weightDecay: number;
  /** The first momentum step: the buffer starts as the gradient (PyTorch creates it lazily). */
  first: boolean;
}

/**
 * SGD, in place: g = grad + wd p; without momentum p -= lr g; with it buf = mu buf + g (buf = g on
 * the first step) and p -= lr buf.
 */
export function sgdUpdate(p: Arr, g: Arr, buf: Arr, s: Readonly<SgdScalars>): void {
  const { learningRate: lr, momentum: mu, weightDecay: wd, first } = s;
  if (mu === 0) {
    for (let i = 0; i < p.length; i++) p[i] -= lr * (g[i] + wd * p[i]);
  } else if (first) {
    for (let i = 0; i < p.length; i++) {
      buf[i] = g[i] + wd * p[i];
      p[i] -= lr * buf[i];
    }
  } else {
    for (let i = 0; i < p.length; i++) {
      buf[i] = mu * buf[i] + g[i] + wd * p[i];
      p[i] -= lr * buf[i];
    }
  }
}
