// LayerNorm (Ba, Kiros & Hinton 2016, "Layer Normalization"), as PyTorch's
// nn.LayerNorm(normalized_shape = the sample shape): each sample is normalised over ALL its
// C * S values with its own mean and biased variance, then scaled and shifted ELEMENTWISE
// (gamma and beta have C * S entries, one per value of the sample). Independent of the batch,
// identical in train and eval mode; no running statistics.
//
// Semantics, per sample n (m = C * S values; index n * C * S + k, k the NCHW offset in the sample):
//   mean_n = sum_k x / m,  var_n = sum_k (x - mean_n)^2 / m  (biased; two passes in float64),
//   xhat = (x - mean_n) / sqrt(var_n + eps),  y_k = gamma_k * xhat_k + beta_k.
// Defaults: eps 1e-5, affine true (gamma 1, beta 0), as PyTorch. halfPrecision rounds mean_n
// and var_n through float16 (see meanVariance in stats.ts for exactly what is rounded).
//
// Standalone use:
//   const ln = new LayerNorm([4]);                      // or new LayerNorm([3, 8, 8], { eps: 1e-6 })
//   const y = ln.forward(x, [8, 4], 'train');           // or forward(x, 8, mode) as a Layer
//   const dx = ln.backward(dy);                         // also fills gamma.grad and beta.grad
//   ln.lastMean, ln.lastVar                             // per sample (length N), ln.lastXhat
//   ln.params()                                         // [gamma, beta] Param objects
//   ln.setState(ln.getState())                          // { gamma, beta } as plain arrays

import type { LayerNormSpec } from '../core/spec.ts';
import type { Layer, Precision, SampleShape } from '../core/types.ts';
import { BlockNorm } from './block-norm.ts';
import { DEFAULT_EPS } from './norm-layer.ts';

/** A LayerNormSpec; `type` may be left out. */
export type LayerNormOptions = Omit<LayerNormSpec, 'type'> & { type?: 'layernorm' };

/**
 * LayerNorm over the whole sample. Input [N, C] or [N, C, H, W] (NCHW); output the same shape.
 * Statistics: one mean and biased variance per sample (lastMean, lastVar: length N).
 * Parameters: gamma, beta of length C * S (elementwise affine).
 */
export class LayerNorm extends BlockNorm<'layernorm'> implements Layer {
  constructor(inShape: SampleShape, options: LayerNormOptions = {}, precision: Precision = 'float32') {
    super('layernorm', inShape, 1, precision, {
      eps: options.eps ?? DEFAULT_EPS,
      affine: options.affine ?? true,
      halfPrecision: options.halfPrecision ?? false,
      perChannel: false,
      withBeta: true,
    });
  }
}
