// InstanceNorm (Ulyanov, Vedaldi & Lempitsky 2016, "Instance Normalization: The Missing
// Ingredient for Fast Stylization"), as PyTorch's nn.InstanceNorm2d(C) with its defaults
// track_running_stats=False: each (sample, channel) is normalised over its S = H * W values;
// per-channel affine. No running statistics, so train and eval compute the same thing.
//
// Semantics, per sample n and channel c (m = S values, the block at (n * C + c) * S):
//   mean = sum x / m,  var = sum (x - mean)^2 / m  (biased; two passes in float64),
//   xhat = (x - mean) / sqrt(var + eps),  y = gamma_c * xhat + beta_c.
// Equal to GroupNorm with G = C.
// Defaults: eps 1e-5 and affine = spec.affine ?? FALSE, following PyTorch's InstanceNorm2d
// (affine=False), unlike the other normalizers here; pass affine: true for gamma/beta.
// Needs spatial input: a [C] sample shape or H * W = 1 (each statistic over a single value)
// throws at construction, `instancenorm needs spatial input [C, H, W] with H*W > 1, got [4]`
// (PyTorch raises "Expected more than 1 spatial element" at the first forward).
//
// Standalone use:
//   const inorm = new InstanceNorm([3, 8, 8]);          // no parameters by default
//   const y = inorm.forward(x, [2, 3, 8, 8], 'train');  // or forward(x, 2, mode) as a Layer
//   const dx = inorm.backward(dy);
//   inorm.lastMean, inorm.lastVar                       // length N * C, index n * C + c

import type { InstanceNormSpec } from '../core/spec.ts';
import type { Layer, Precision, SampleShape } from '../core/types.ts';
import { BlockNorm } from './block-norm.ts';
import { DEFAULT_EPS, formatShape } from './norm-layer.ts';

/** An InstanceNormSpec; `type` may be left out. */
export type InstanceNormOptions = Omit<InstanceNormSpec, 'type'> & { type?: 'instancenorm' };

/**
 * InstanceNorm over each (sample, channel). Input [N, C, H, W] with H * W > 1; output the same
 * shape. Statistics: one mean and biased variance per (sample, channel). Parameters (only with
 * affine: true): gamma, beta of length C.
 */
export class InstanceNorm extends BlockNorm<'instancenorm'> implements Layer {
  constructor(inShape: SampleShape, options: InstanceNormOptions = {}, precision: Precision = 'float32') {
    if (inShape.length !== 3 || inShape[1] * inShape[2] <= 1) {
      throw new Error(`instancenorm needs spatial input [C, H, W] with H*W > 1, got ${formatShape(inShape)}`);
    }
    super('instancenorm', inShape, inShape[0], precision, {
      eps: options.eps ?? DEFAULT_EPS,
      affine: options.affine ?? false,
      halfPrecision: options.halfPrecision ?? false,
      perChannel: true,
      withBeta: true,
    });
  }
}
