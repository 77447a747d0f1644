// The arithmetic every normalizer shares: per-group mean and biased variance, the normalisation
// xhat = (x - mean) * invStd, and the backward pass through (or around) those statistics.
// A "group" is any set of elements sharing one mean and variance, located by a Layout, so the
// strided channels of BatchNorm and the contiguous blocks of LayerNorm, GroupNorm and
// InstanceNorm run through the same loops. Sums are accumulated in JS numbers (float64) whatever
// the storage precision of x; statistics live in Float64Array. Nothing here allocates.

import type { Arr } from '../core/types.ts';
import { roundToHalf } from './half.ts';

/**
 * Where the elements of each statistics group sit in a flat batch buffer. Group k is made of
 * `runs` contiguous runs of `runLength` elements; run r starts at k * groupStride + r * runStride.
 * - BatchNorm on an NCHW batch of N (S = H * W, dense S = 1): group = channel c, one run per
 *   sample, element ((n * C + c) * S + s): groupStride = S, runs = N, runStride = C * S,
 *   runLength = S.
 * - Block norms (LayerNorm, GroupNorm, InstanceNorm): N samples each cut into G groups of
 *   L = (C / G) * S consecutive elements: group n * G + g is the single run starting at
 *   (n * G + g) * L.
 */
export interface Layout {
  readonly groups: number;
  readonly groupStride: number;
  readonly runs: number;
  readonly runStride: number;
  readonly runLength: number;
  /** Elements per group, m = runs * runLength. */
  readonly count: number;
}

/** BatchNorm's layout: one group per channel, over (N, S). */
export function channelLayout(n: number, channels: number, spatial: number): Layout {
  return {
    groups: channels,
    groupStride: spatial,
    runs: n,
    runStride: channels * spatial,
    runLength: spatial,
    count: n * spatial,
  };
}

/** A block norm's layout: `blocks` consecutive groups of `length` elements each. */
export function blockLayout(blocks: number, length: number): Layout {
  return {
    groups: blocks,
    groupStride: length,
    runs: 1,
    runStride: length,
    runLength: length,
    count: length,
  };
}

/** sum(x - shift) over group k. */
function groupSum(x: Arr, layout: Layout, k: number, shift: number): number {
  let sum = 0;
  for (let r = 0; r < layout.runs; r++) {
    const start = k * layout.groupStride + r * layout.runStride;
    const end = start + layout.runLength;
    for (let i = start; i < end; i++) sum += x[i] - shift;
  }
  return sum;
}

/** sum((x - shift)^2) over group k. */
function groupSquares(x: Arr, layout: Layout, k: number, shift: number): number {
  let sum = 0;
  for (let r = 0; r < layout.runs; r++) {
    const start = k * layout.groupStride + r * layout.runStride;
    const end = start + layout.runLength;
    for (let i = start; i < end; i++) {
      const d = x[i] - shift;
      sum += d * d;
    }
  }
  return sum;
}

/**
 * Mean and BIASED variance (divide by m) of every group, in float64 and in three passes:
 * 1. mean0 = sum(x) / m;
 * 2. mean = mean0 + sum(x - mean0) / m, a correction pass that removes the rounding error of
 *    the first sum, so a constant group gets its value back exactly and its xhat is exactly 0
 *    (float32 data already sums exactly in float64; float64 data, as in the gradient checks,
 *    does not: 0.1 + 0.1 + 0.1 = 0.30000000000000004);
 * 3. variance = sum((x - mean)^2) / m.
 * Never E[x^2] - E[x]^2: that difference cancels catastrophically when |mean| >> std (values
 * around 1e4 with spread 1 lose every digit in float32, and it can even go negative).
 *
 * half: emulates statistics held in float16. The mean is rounded to float16 BEFORE the
 * deviations are taken, and the variance (about that rounded mean) is rounded to float16.
 * Sums still accumulate in float64, as a kernel that accumulates in fp32 but stores its
 * statistics in fp16 would. Near 1e4 float16 values are 8 apart, so the mean can be off by up
 * to 4 and the variance grows by (mean error)^2: the lesson's "variance far off". Nothing else
 * is rounded: not x, not invStd (taken in float64 from the rounded variance), not xhat, y or
 * any gradient.
 */
export function meanVariance(
  x: Arr,
  layout: Layout,
  half: boolean,
  mean: Float64Array,
  variance: Float64Array,
): void {
  const m = layout.count;
  for (let k = 0; k < layout.groups; k++) {
    const mean0 = groupSum(x, layout, k, 0) / m;
    let mu = mean0 + groupSum(x, layout, k, mean0) / m;
    if (half) mu = roundToHalf(mu);
    let v = groupSquares(x, layout, k, mu) / m;
    if (half) v = roundToHalf(v);
    mean[k] = mu;
    variance[k] = v;
  }
}

/** mean(x^2) of every group (RMSNorm's statistic), float64; with `half` rounded to float16 (may overflow to Infinity). */
export function meanSquare(x: Arr, layout: Layout, half: boolean, out: Float64Array): void {
  for (let k = 0; k < layout.groups; k++) {
    const ms = groupSquares(x, layout, k, 0) / layout.count;
    out[k] = half ? roundToHalf(ms) : ms;
  }
}

/** invStd = 1 / sqrt(variance + eps) per group (eps inside the square root, as PyTorch). */
export function inverseStd(variance: Float64Array, eps: number, invStd: Float64Array): void {
  for (let k = 0; k < variance.length; k++) invStd[k] = 1 / Math.sqrt(variance[k] + eps);
}

/** xhat = (x - mean) * invStd per group; mean null means no centring (RMSNorm: xhat = x * invStd). */
export function normalize(
  x: Arr,
  layout: Layout,
  mean: Float64Array | null,
  invStd: Float64Array,
  xhat: Arr,
): void {
  for (let k = 0; k < layout.groups; k++) {
    const mu = mean === null ? 0 : mean[k];
    const s = invStd[k];
    for (let r = 0; r < layout.runs; r++) {
      const start = k * layout.groupStride + r * layout.runStride;
      const end = start + layout.runLength;
      for (let i = start; i < end; i++) xhat[i] = (x[i] - mu) * s;
    }
  }
}

/**
 * Backward of normalize() when mean and variance are functions of x (training-mode BatchNorm,
 * LayerNorm, GroupNorm, InstanceNorm): the gradient flows THROUGH the statistics.
 * Per group of m elements, xhat_i = (x_i - mean) * invStd, invStd = (var + eps)^(-1/2), and
 * var biased:
 *   d mean / d x_j = 1/m,   d var / d x_j = 2 (x_j - mean) / m   (sum of (x_i - mean) is 0),
 *   d invStd / d x_j = -invStd^3 (x_j - mean) / m,
 *   d xhat_i / d x_j = invStd (delta_ij - 1/m) - xhat_i xhat_j invStd / m, so
 *   dx_j = sum_i dxhat_i d xhat_i / d x_j
 *        = invStd / m * (m dxhat_j - sum(dxhat) - xhat_j * sum(dxhat * xhat)).
 * With half-precision statistics the rounding is treated as the identity (straight-through).
 * dxhat may be the caller's dy (read only); dx must be a different buffer.
 */
export function normalizeBackward(
  dxhat: Arr,
  xhat: Arr,
  layout: Layout,
  invStd: Float64Array,
  dx: Arr,
): void {
  const m = layout.count;
  for (let k = 0; k < layout.groups; k++) {
    let sumDxhat = 0;
    let sumDxhatXhat = 0;
    for (let r = 0; r < layout.runs; r++) {
      const start = k * layout.groupStride + r * layout.runStride;
      const end = start + layout.runLength;
      for (let i = start; i < end; i++) {
        sumDxhat += dxhat[i];
        sumDxhatXhat += dxhat[i] * xhat[i];
      }
    }
    const scale = invStd[k] / m;
    for (let r = 0; r < layout.runs; r++) {
      const start = k * layout.groupStride + r * layout.runStride;
      const end = start + layout.runLength;
      for (let i = start; i < end; i++) dx[i] = scale * (m * dxhat[i] - sumDxhat - xhat[i] * sumDxhatXhat);
    }
  }
}

/**
 * Backward of RMSNorm's xhat = x * invRms, invRms = (mean(x^2) + eps)^(-1/2), through the
 * statistic (no mean subtraction, so no sum(dxhat) term):
 *   d invRms / d x_j = -invRms^3 x_j / m,  d xhat_i / d x_j = invRms delta_ij - xhat_i xhat_j invRms / m,
 *   dx_j = invRms / m * (m dxhat_j - xhat_j * sum(dxhat * xhat)).
 */
export function rmsBackward(dxhat: Arr, xhat: Arr, layout: Layout, invRms: Float64Array, dx: Arr): void {
  const m = layout.count;
  for (let k = 0; k < layout.groups; k++) {
    let sumDxhatXhat = 0;
    for (let r = 0; r < layout.runs; r++) {
      const start = k * layout.groupStride + r * layout.runStride;
      const end = start + layout.runLength;
      for (let i = start; i < end; i++) sumDxhatXhat += dxhat[i] * xhat[i];
    }
    const scale = invRms[k] / m;
    for (let r = 0; r < layout.runs; r++) {
      const start = k * layout.groupStride + r * layout.runStride;
      const end = start + layout.runLength;
      for (let i = start; i < end; i++) dx[i] = scale * (m * dxhat[i] - xhat[i] * sumDxhatXhat);
    }
  }
}

/**
 * Backward of normalize() when mean and invStd are constants (BatchNorm in eval mode or
 * frozen, using running statistics): xhat is affine in x, so dx = dxhat * invStd.
 */
export function constantStatsBackward(dxhat: Arr, layout: Layout, invStd: Float64Array, dx: Arr): void {
  for (let k = 0; k < layout.groups; k++) {
    const s = invStd[k];
    for (let r = 0; r < layout.runs; r++) {
      const start = k * layout.groupStride + r * layout.runStride;
      const end = start + layout.runLength;
      for (let i = start; i < end; i++) dx[i] = dxhat[i] * s;
    }
  }
}

/** y = gamma[c] * xhat + beta[c] per channel, over (N, C, S) (beta null: 0). */
export function channelAffine(
  xhat: Arr,
  gamma: Arr,
  beta: Arr | null,
  n: number,
  C: number,
  S: number,
  y: Arr,
): void {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      const g = gamma[c];
      const bt = beta === null ? 0 : beta[c];
      const start = (i * C + c) * S;
      for (let s = start; s < start + S; s++) y[s] = g * xhat[s] + bt;
    }
  }
}

/** y = gamma[k] * xhat + beta[k] per element of a sample of L values (beta null: 0). */
export function elementAffine(xhat: Arr, gamma: Arr, beta: Arr | null, n: number, L: number, y: Arr): void {
  for (let i = 0; i < n; i++) {
    const start = i * L;
    for (let k = 0; k < L; k++) y[start + k] = gamma[k] * xhat[start + k] + (beta === null ? 0 : beta[k]);
  }
}

/**
 * Backward of channelAffine: dGamma[c] = sum(dy * xhat), dBeta[c] = sum(dy) over (N, S),
 * written not accumulated; dxhat = dy * gamma[c].
 */
export function channelAffineBackward(
  dy: Arr,
  xhat: Arr,
  gamma: Arr,
  n: number,
  C: number,
  S: number,
  dGamma: Arr,
  dBeta: Arr | null,
  dxhat: Arr,
): void {
  for (let c = 0; c < C; c++) {
    const g = gamma[c];
    let sumDyXhat = 0;
    let sumDy = 0;
    for (let i = 0; i < n; i++) {
      const start = (i * C + c) * S;
      for (let s = start; s < start + S; s++) {
        sumDyXhat += dy[s] * xhat[s];
        sumDy += dy[s];
        dxhat[s] = dy[s] * g;
      }
    }
    dGamma[c] = sumDyXhat;
    if (dBeta !== null) dBeta[c] = sumDy;
  }
}

/** Backward of elementAffine: the sums run over the batch for each of the L elements. */
export function elementAffineBackward(
  dy: Arr,
  xhat: Arr,
  gamma: Arr,
  n: number,
  L: number,
  dGamma: Arr,
  dBeta: Arr | null,
  dxhat: Arr,
): void {
  for (let k = 0; k < L; k++) {
    const g = gamma[k];
    let sumDyXhat = 0;
    let sumDy = 0;
    for (let idx = k; idx < n * L; idx += L) {
      sumDyXhat += dy[idx] * xhat[idx];
      sumDy += dy[idx];
      dxhat[idx] = dy[idx] * g;
    }
    dGamma[k] = sumDyXhat;
    if (dBeta !== null) dBeta[k] = sumDy;
  }
}
