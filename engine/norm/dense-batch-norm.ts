// BatchNorm's fast path for the common small case: dense (N, C) input (one value per channel per
// sample), affine, full-precision statistics, batch statistics. The general path (meanVariance,
// inverseStd, normalize, affineForward, then affineBackward, normalizeBackward) walks a generic
// Layout through several calls per step; for an 8-channel layer that overhead is most of the
// work. These two functions do the same arithmetic, operation for operation and in the same
// order per channel, fused into one pass over each channel; only the interleaving of independent
// channels changes, so every output is bit-identical (batch-norm.test.ts checks it against the
// general path). Channel c of sample i sits at i * C + c.

import type { Arr } from '../core/types.ts';

/**
 * Train-mode forward with batch statistics: per channel, the three-pass mean and biased
 * variance of meanVariance (stats.ts), invStd = 1 / sqrt(variance + eps), xhat = (x - mean) *
 * invStd stored in the storage precision, y = gamma * xhat + beta read back from that storage.
 */
export function denseBatchNormForward(
  x: Arr,
  n: number,
  channels: number,
  eps: number,
  gamma: Arr,
  beta: Arr,
  mean: Float64Array,
  variance: Float64Array,
  invStd: Float64Array,
  xhat: Arr,
  y: Arr,
): void {
  const end = n * channels;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let i = c; i < end; i += channels) sum += x[i];
    const mean0 = sum / n;
    let correction = 0;
    for (let i = c; i < end; i += channels) correction += x[i] - mean0;
    const mu = mean0 + correction / n;
    let squares = 0;
    for (let i = c; i < end; i += channels) {
      const d = x[i] - mu;
      squares += d * d;
    }
    const v = squares / n;
    const s = 1 / Math.sqrt(v + eps);
    mean[c] = mu;
    variance[c] = v;
    invStd[c] = s;
    const g = gamma[c];
    const b = beta[c];
    for (let i = c; i < end; i += channels) {
      xhat[i] = (x[i] - mu) * s;
      y[i] = g * xhat[i] + b;
    }
  }
}

/**
 * Backward through batch statistics: per channel, affineBackward's dGamma = sum(dy * xhat),
 * dBeta = sum(dy) and dxhat = dy * gamma (stored, then read back as normalizeBackward reads
 * it), then dx = invStd / m * (m dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)).
 */
export function denseBatchNormBackward(
  dy: Arr,
  n: number,
  channels: number,
  gamma: Arr,
  xhat: Arr,
  invStd: Float64Array,
  dGamma: Arr,
  dBeta: Arr,
  dxhat: Arr,
  dx: Arr,
): void {
  const end = n * channels;
  for (let c = 0; c < channels; c++) {
    const g = gamma[c];
    let sumDyXhat = 0;
    let sumDy = 0;
    let sumDxhat = 0;
    let sumDxhatXhat = 0;
    for (let i = c; i < end; i += channels) {
      sumDyXhat += dy[i] * xhat[i];
      sumDy += dy[i];
      dxhat[i] = dy[i] * g;
      sumDxhat += dxhat[i];
      sumDxhatXhat += dxhat[i] * xhat[i];
    }
    dGamma[c] = sumDyXhat;
    dBeta[c] = sumDy;
    const scale = invStd[c] / n;
    for (let i = c; i < end; i += channels)
      dx[i] = scale * (n * dxhat[i] - sumDxhat - xhat[i] * sumDxhatXhat);
  }
}
