// RMSNorm (Zhang & Sennrich 2019, "Root Mean Square Layer Normalization"), as PyTorch's
// nn.RMSNorm(normalized_shape = the sample shape): each sample is divided by the root mean
// square of its C * S values; NO mean subtraction and NO beta, elementwise gamma (length C * S).
// Independent of the batch, identical in train and eval mode; no running statistics.
//
// Semantics, per sample n (m = C * S values):
//   meanSquare_n = sum_k x^2 / m  (float64),  invRms_n = 1 / sqrt(meanSquare_n + eps),
//   xhat = x * invRms_n,  y_k = gamma_k * xhat_k.
// eps default: PyTorch's eps=None, i.e. torch.finfo(dtype).eps of the storage precision:
// 2^-23 ~ 1.19e-7 for float32 (what the app trains in), 2^-52 for float64. Pass spec.eps
// (e.g. 1e-5 like the other normalizers) to override. affine defaults to true (gamma 1).
// halfPrecision rounds meanSquare through float16; above 65504 it overflows to Infinity, so
// invRms becomes 0 and y = 0 (finite): a half-precision RMS of values around 256 or more.
//
// Standalone use:
//   const rms = new RmsNorm([4]);
//   const y = rms.forward(x, [8, 4], 'train');          // or forward(x, 8, mode) as a Layer
//   const dx = rms.backward(dy);                        // also fills gamma.grad
//   rms.lastMeanSquare, rms.lastInvStd                  // per sample (length N), rms.lastXhat
//   rms.params()                                        // [gamma]

import type { RmsNormSpec } from '../core/spec.ts';
import type { Arr, Layer, Mode, Precision, SampleShape } from '../core/types.ts';
import { type BatchShape, type NormBuffers, NormLayer } from './norm-layer.ts';
import { blockLayout, inverseStd } from './stats.ts';

/** torch.finfo(torch.float32).eps = 2^-23, RMSNorm's default eps for float32 storage. */
export const FLOAT32_EPSILON = 2 ** -23;

/** An RmsNormSpec; `type` may be left out. */
export type RmsNormOptions = Omit<RmsNormSpec, 'type'> & { type?: 'rmsnorm' };

interface RmsBuffers extends NormBuffers {
  readonly meanSquare: Float64Array;
}

/**
 * RMSNorm over the whole sample. Input [N, C] or [N, C, H, W]; output the same shape.
 * Statistics: mean(x^2) per sample (lastMeanSquare, length N); invStd holds 1 / RMS.
 * Parameters: gamma of length C * S (none when affine is false).
 */
export class RmsNorm extends NormLayer<'rmsnorm', RmsBuffers> implements Layer {
  constructor(inShape: SampleShape, options: RmsNormOptions = {}, precision: Precision = 'float32') {
    super('rmsnorm', inShape, precision, {
      eps: options.eps ?? (precision === 'float64' ? Number.EPSILON : FLOAT32_EPSILON),
      affine: options.affine ?? true,
      halfPrecision: options.halfPrecision ?? false,
      perChannel: false,
      withBeta: false,
    });
  }

  /** y = gamma * x / sqrt(mean(x^2) + eps) per sample of x, shape [N, ...inShape]. Mode does not matter. */
  forward(x: Arr, shapeOrN: BatchShape, _mode: Mode): Arr {
    const n = this.batchSize(x, shapeOrN);
    const b = this.buffers(n);
    this.kernels.meanSquare(x, b.layout, this.halfPrecision, b.meanSquare);
    inverseStd(b.meanSquare, this.eps, b.invStd);
    this.kernels.normalize(x, b.layout, null, b.invStd, b.xhat);
    this.affineForward(b);
    return b.y;
  }

  /**
   * dL/dx of the last forward: dxhat = dy * gamma (dGamma = sum over the batch of dy * xhat),
   * then through the mean square, per sample of m = C * S values:
   *   dx = invRms / m * (m dxhat - xhat * sum(dxhat * xhat))  (derivation at rmsBackward).
   */
  backward(dy: Arr): Arr {
    const b = this.buffersForBackward(dy);
    const dxhat = this.affineBackward(dy, b);
    this.kernels.rmsBackward(dxhat, b.xhat, b.layout, b.invStd, b.dx);
    return b.dx;
  }

  /** mean(x^2) per sample of the last forward; null before the first. Read only. */
  get lastMeanSquare(): Float64Array | null {
    return this.last === null ? null : this.last.meanSquare;
  }

  protected createBuffers(n: number): RmsBuffers {
    return {
      ...this.baseBuffers(n, blockLayout(n, this.sampleSize)),
      meanSquare: new Float64Array(n),
    };
  }
}
