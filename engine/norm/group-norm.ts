// GroupNorm (Wu & He 2018, "Group Normalization"), as PyTorch's nn.GroupNorm(G, C): the C
// channels of each sample are split into G groups of C / G consecutive channels, and each
// (sample, group) is normalised over its (C / G) * S values; the affine is PER CHANNEL (gamma
// and beta of length C). Independent of the batch, so it does not degrade at tiny batches;
// identical in train and eval mode; no running statistics.
//
// Semantics, per sample n and group g (m = (C / G) * S values, channels g*C/G .. (g+1)*C/G - 1,
// which are one contiguous NCHW block starting at (n * G + g) * m):
//   mean = sum x / m,  var = sum (x - mean)^2 / m  (biased; two passes in float64),
//   xhat = (x - mean) / sqrt(var + eps),  y = gamma_c * xhat + beta_c for channel c.
// G = 1 normalises like LayerNorm over (C, H, W) (but with a per-channel affine); G = C is
// InstanceNorm. Dense [C] input is allowed (S = 1), as in PyTorch.
// Defaults: eps 1e-5, affine true. G must be a positive integer dividing C, checked at
// construction: `groups must divide channels (c=6, g=4)`.
//
// Standalone use:
//   const gn = new GroupNorm([6, 4, 4], { groups: 3 });
//   const y = gn.forward(x, [2, 6, 4, 4], 'train');     // or forward(x, 2, mode) as a Layer
//   const dx = gn.backward(dy);                         // also fills gamma.grad and beta.grad
//   gn.lastMean, gn.lastVar                             // length N * G, index n * G + g
//   gn.lastXhat, gn.params(), gn.getState(), gn.setState(...)

import type { GroupNormSpec } from '../core/spec.ts';
import type { Layer, Precision, SampleShape } from '../core/types.ts';
import { BlockNorm } from './block-norm.ts';
import { DEFAULT_EPS } from './norm-layer.ts';

/** A GroupNormSpec; `type` may be left out. */
export type GroupNormOptions = Omit<GroupNormSpec, 'type'> & { type?: 'groupnorm' };

/**
 * GroupNorm with G = options.groups. Input [N, C] or [N, C, H, W]; output the same shape.
 * Statistics: one mean and biased variance per (sample, group). Parameters: gamma, beta of length C.
 */
export class GroupNorm extends BlockNorm<'groupnorm'> implements Layer {
  readonly groups: number;

  constructor(inShape: SampleShape, options: GroupNormOptions, precision: Precision = 'float32') {
    super('groupnorm', inShape, options.groups, precision, {
      eps: options.eps ?? DEFAULT_EPS,
      affine: options.affine ?? true,
      halfPrecision: options.halfPrecision ?? false,
      perChannel: true,
      withBeta: true,
    });
    const g = options.groups;
    if (!Number.isInteger(g) || g < 1) throw new Error(`groups must be a positive integer, got ${g}`);
    if (this.channels % g !== 0) throw new Error(`groups must divide channels (c=${this.channels}, g=${g})`);
    this.groups = g;
  }
}
