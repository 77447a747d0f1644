// The forward and backward shared by LayerNorm, GroupNorm and InstanceNorm: each sample is cut
// into G groups of L = (C / G) * S consecutive NCHW elements, and each (sample, group) gets its
// own mean and biased variance. They differ only in G (1, groups, C) and in the affine shape
// (per element for LayerNorm, per channel otherwise). No running statistics, so train and eval
// compute the same thing, and the gradient always flows through the statistics.

import type { Arr, Mode, Precision, SampleShape } from '../core/types.ts';
import { type BatchShape, NormLayer, type NormSetup, type StatBuffers } from './norm-layer.ts';
import { blockLayout, inverseStd } from './stats.ts';

export abstract class BlockNorm<K extends 'layernorm' | 'groupnorm' | 'instancenorm'> extends NormLayer<
  K,
  StatBuffers
> {
  /** Statistics groups per sample: 1 (LayerNorm), G (GroupNorm) or C (InstanceNorm). */
  readonly groupsPerSample: number;

  protected constructor(
    kind: K,
    inShape: SampleShape,
    groupsPerSample: number,
    precision: Precision,
    setup: NormSetup,
  ) {
    super(kind, inShape, precision, setup);
    this.groupsPerSample = groupsPerSample;
  }

  /**
   * Normalises each (sample, group) of x, shape [N, ...inShape], with its own mean and biased
   * variance, then applies gamma and beta. The mode does not matter (no running statistics).
   * Returns y (owned by the layer, valid until the next forward with the same N).
   */
  forward(x: Arr, shapeOrN: BatchShape, _mode: Mode): Arr {
    const n = this.batchSize(x, shapeOrN);
    const b = this.buffers(n);
    this.kernels.meanVariance(x, b.layout, this.halfPrecision, b.mean, b.variance);
    inverseStd(b.variance, this.eps, b.invStd);
    this.kernels.normalize(x, b.layout, b.mean, b.invStd, b.xhat);
    this.affineForward(b);
    return b.y;
  }

  /**
   * dL/dx of the last forward. dxhat = dy * gamma (affineBackward, which also writes dGamma =
   * sum(dy * xhat) and dBeta = sum(dy)), then through the per-group statistics:
   * dx = invStd / m * (m dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)) per group of m = L
   * elements (derivation at normalizeBackward in stats.ts).
   */
  backward(dy: Arr): Arr {
    const b = this.buffersForBackward(dy);
    const dxhat = this.affineBackward(dy, b);
    this.kernels.normalizeBackward(dxhat, b.xhat, b.layout, b.invStd, b.dx);
    return b.dx;
  }

  /** Mean per (sample, group) of the last forward, index n * G + g; null before the first. Read only. */
  get lastMean(): Float64Array | null {
    return this.last === null ? null : this.last.mean;
  }

  /** Biased variance per (sample, group) of the last forward, index n * G + g; null before the first. Read only. */
  get lastVar(): Float64Array | null {
    return this.last === null ? null : this.last.variance;
  }

  protected createBuffers(n: number): StatBuffers {
    const groups = n * this.groupsPerSample;
    const layout = blockLayout(groups, this.sampleSize / this.groupsPerSample);
    return {
      ...this.baseBuffers(n, layout),
      mean: new Float64Array(groups),
      variance: new Float64Array(groups),
    };
  }
}
