// BatchNorm (Ioffe & Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training by
// Reducing Internal Covariate Shift"), with PyTorch's semantics (nn.BatchNorm1d on (N, C),
// nn.BatchNorm2d on (N, C, H, W)): one mean and variance PER CHANNEL over (N, H, W), per-channel
// gamma and beta, running statistics for eval mode. The only normalizer here whose output for
// one sample depends on the rest of the batch.
//
// Semantics, per channel c, over the m = N * S values ((n * C + c) * S + s), S = H * W (1 dense):
// - Train mode: mean = sum x / m, var = sum (x - mean)^2 / m (BIASED; two passes in float64),
//   xhat = (x - mean) / sqrt(var + eps), y = gamma_c * xhat + beta_c. Then, with running
//   statistics, numBatchesTracked += 1 and
//     running = (1 - f) * running + f * batch,  f = momentum, or 1 / numBatchesTracked when
//     momentum is null (cumulative moving average), using the UNBIASED var * m / (m - 1).
//   The backward flows THROUGH the batch mean and variance.
//   m = 1 (an input [1, C], or [1, C, 1, 1]) throws `expected more than 1 value per channel when
//   training, got input shape [1, C]` before touching any state. (PyTorch itself increments
//   num_batches_tracked before raising; here nothing changes.) A single image
//   with S > 1 trains without error and moves the running statistics, as in PyTorch.
// - Eval mode: xhat = (x - runningMean) / sqrt(runningVar + eps); nothing is updated, the
//   backward treats the statistics as constants (dx = dy * gamma * invStd).
// - trackRunningStats false: no running statistics; eval mode normalises with the batch
//   statistics exactly like train mode (PyTorch), including the m = 1 error.
// - frozen: train mode behaves exactly like eval mode (running statistics, not updated, constant
//   in the backward), e.g. for fine-tuning; without running statistics it changes nothing.
// Defaults (PyTorch): eps 1e-5, momentum 0.1, affine true (gamma 1, beta 0; affine false means no
// parameters), trackRunningStats true, runningMean 0, runningVar 1, frozen false.
// halfPrecision: the batch mean and variance, and in eval mode the running ones used to
// normalise, pass through float16 (meanVariance in stats.ts says exactly what is rounded); the
// running statistics are updated with the rounded batch values and stored in the storage precision.
//
// Speed: dense input ([N, C]) with affine parameters and full-precision statistics, in batch-
// statistics mode, runs the fused kernels of dense-batch-norm.ts (same bits as the general path
// below, which stays the reference and runs everything else; referencePath forces it).
//
// Standalone use:
//   const bn = new BatchNorm([4], { momentum: 0.1 });   // or [C, H, W]; precision 3rd argument
//   const y = bn.forward(x, [8, 4], 'train');           // or forward(x, 8, mode) as a Layer
//   const dx = bn.backward(dy);                         // also fills gamma.grad and beta.grad
//   bn.lastMean, bn.lastVar, bn.lastInvStd, bn.lastXhat // what the last forward normalised with
//   bn.lastStatsSource                                  // 'batch' or 'running'
//   bn.runningMean, bn.runningVar, bn.numBatchesTracked, bn.resetRunningStats()
//   bn.momentum = null; bn.frozen = true;               // settable between steps
//   bn.setState(JSON.parse(JSON.stringify(bn.getState())))

import type { BatchNormSpec } from '../core/spec.ts';
import type { Arr, Layer, Mode, Param, Precision, SampleShape } from '../core/types.ts';
import { alloc } from '../core/types.ts';
import { roundToHalf } from './half.ts';
import {
  type BatchShape,
  checkValues,
  DEFAULT_EPS,
  NormLayer,
  type NormState,
  type NormStateInput,
  type StatBuffers,
} from './norm-layer.ts';
import { channelLayout, inverseStd } from './stats.ts';

/** PyTorch's default momentum: the weight of the NEW batch in the running average. */
export const DEFAULT_MOMENTUM = 0.1;

/** Per ghost batch statistics of one batch size: `count` ghost batches of `size` (the last may be shorter). */
interface GhostBuffers {
  size: number;
  count: number;
  mean: Float64Array;
  variance: Float64Array;
  invStd: Float64Array;
}

/** A BatchNormSpec; `type` may be left out. */
export type BatchNormOptions = Omit<BatchNormSpec, 'type'> & { type?: 'batchnorm' };

function checkMomentum(momentum: number | null): void {
  if (momentum !== null && !(momentum >= 0 && momentum <= 1)) {
    throw new Error(`momentum must be in [0, 1] or null, got ${momentum}`);
  }
}

/**
 * BatchNorm over (N, S) per channel. Input [N, C] or [N, C, H, W] (NCHW); output the same shape.
 * Statistics: one mean and variance per channel (lastMean, lastVar: length C).
 * Parameters: gamma, beta of length C (none when affine is false).
 */
export class BatchNorm<K extends string = 'batchnorm'> extends NormLayer<K, StatBuffers> implements Layer {
  /** Whether running statistics exist; without them eval mode uses batch statistics. */
  readonly trackRunningStats: boolean;
  /** Normalise with the running statistics in train mode too, and do not update them. */
  frozen: boolean;
  /** Per-channel running mean, initially 0 (unused, left at 0, when trackRunningStats is false). */
  readonly runningMean: Arr;
  /** Per-channel running UNBIASED variance, initially 1 (unused when trackRunningStats is false). */
  readonly runningVar: Arr;
  /**
   * Run the general path even where the dense fast path applies (dense-batch-norm.ts). Tests set
   * it to check that the fast path gives the general path's bits; nothing else needs it.
   */
  referencePath = false;
  /** Dense input, affine, full-precision statistics: the shape dense-batch-norm.ts handles. */
  private readonly denseShape: boolean;
  private momentumValue: number | null;
  private batchesTracked = 0;
  private lastUsedBatchStats = false;
  /** Samples per ghost batch in train mode; 0 = the whole batch (settable between steps). */
  ghostBatch: number;
  /** Per ghost batch statistics of the last forward (null when it used whole-batch statistics). */
  private ghost: GhostBuffers | null = null;
  private readonly ghostCache = new Map<number, GhostBuffers>();

  /** `kind` is for subclasses (a BatchNorm variant names itself); leave it out. */
  constructor(
    inShape: SampleShape,
    options: BatchNormOptions = {},
    precision: Precision = 'float32',
    kind: K = 'batchnorm' as K,
  ) {
    super(kind, inShape, precision, {
      eps: options.eps ?? DEFAULT_EPS,
      affine: options.affine ?? true,
      halfPrecision: options.halfPrecision ?? false,
      perChannel: true,
      withBeta: true,
    });
    // Not `??`: null is a legitimate momentum (cumulative average), only undefined means default.
    const momentum = options.momentum === undefined ? DEFAULT_MOMENTUM : options.momentum;
    checkMomentum(momentum);
    this.momentumValue = momentum;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.frozen = options.frozen ?? false;
    const ghost = options.ghostBatch ?? 0;
    if (!(Number.isInteger(ghost) && ghost >= 0)) {
      throw new Error(`ghostBatch must be a non-negative integer, got ${ghost}`);
    }
    this.ghostBatch = ghost;
    this.runningMean = alloc(precision, this.channels);
    this.runningVar = alloc(precision, this.channels);
    this.runningVar.fill(1);
    this.denseShape = this.spatial === 1 && this.affine && !this.halfPrecision;
  }

  /**
   * Whether batch-statistics passes may take the fused dense kernels (dense-batch-norm.ts). A
   * subclass that changes x̂ after normalizing (renormalize) turns this off.
   */
  protected fusedPath(): boolean {
    return this.denseShape && !this.referencePath;
  }

  /**
   * Hook for variants (Batch Renormalization): runs in train mode with batch and running statistics, after
   * b.xhat = (x − μ_B) / √(σ²_B + eps) and before the affine step, while the running statistics
   * still hold the values from before this batch. BatchNorm leaves x̂ as it is.
   */
  protected renormalize(_b: StatBuffers): void {}

  /**
   * dL/dx through the batch statistics, from dL/dx̂ (the backward of the normalization only).
   * Variants that rescaled x̂ in renormalize() map dxhat back first.
   */
  protected batchStatsBackward(dxhat: Arr, b: StatBuffers): void {
    this.kernels.normalizeBackward(dxhat, b.xhat, b.layout, b.invStd, b.dx);
  }

  /** Weight of the new batch in the running average, in [0, 1]; null = cumulative moving average. */
  get momentum(): number | null {
    return this.momentumValue;
  }

  set momentum(momentum: number | null) {
    checkMomentum(momentum);
    this.momentumValue = momentum;
  }

  /** Train-mode updates of the running statistics since construction or the last reset. */
  get numBatchesTracked(): number {
    return this.batchesTracked;
  }

  /** Running mean 0, running variance 1, counter 0 (PyTorch reset_running_stats); gamma, beta kept. */
  resetRunningStats(): void {
    this.runningMean.fill(0);
    this.runningVar.fill(1);
    this.batchesTracked = 0;
  }

  /**
   * Normalises x, shape [N, ...inShape], per channel. Train mode (not frozen) or no running
   * statistics: batch statistics, and in train mode the running statistics move. Eval mode or
   * frozen: running statistics. Returns y (owned, valid until the next forward with the same N).
   */
  forward(x: Arr, shapeOrN: BatchShape, mode: Mode): Arr {
    const n = this.batchSize(x, shapeOrN);
    const useBatchStats = !this.trackRunningStats || (mode === 'train' && !this.frozen);
    if (useBatchStats && n * this.spatial === 1) {
      throw new Error(
        `expected more than 1 value per channel when training, got input shape ${this.batchShapeText(n)}`,
      );
    }
    const ghostSize = mode === 'train' && useBatchStats ? this.ghostBatch : 0;
    if (ghostSize > 0 && ghostSize < n) {
      const last = n % ghostSize || ghostSize;
      if (last * this.spatial === 1) {
        throw new Error(
          `expected more than 1 value per channel when training, got a ghost batch of shape ${this.batchShapeText(1)} (batch ${n} in ghost batches of ${ghostSize})`,
        );
      }
    }
    const b = this.buffers(n);
    this.lastUsedBatchStats = useBatchStats;
    this.ghost = null;
    if (ghostSize > 0 && ghostSize < n) {
      this.ghostForward(x, n, ghostSize, b);
      return b.y;
    }
    if (useBatchStats && this.fusedPath()) {
      this.denseForward(x, n, b);
      return b.y;
    }
    if (useBatchStats) {
      this.kernels.meanVariance(x, b.layout, this.halfPrecision, b.mean, b.variance);
    } else {
      for (let c = 0; c < this.channels; c++) {
        b.mean[c] = this.halfPrecision ? roundToHalf(this.runningMean[c]) : this.runningMean[c];
        b.variance[c] = this.halfPrecision ? roundToHalf(this.runningVar[c]) : this.runningVar[c];
      }
    }
    inverseStd(b.variance, this.eps, b.invStd);
    this.kernels.normalize(x, b.layout, b.mean, b.invStd, b.xhat);
    // The running statistics move after the batch is normalized (the output reads only the batch
    // statistics), so renormalize() still sees their values from before this batch.
    if (useBatchStats && this.trackRunningStats) {
      this.renormalize(b);
      this.updateRunningStats(b);
    }
    this.affineForward(b);
    return b.y;
  }

  /**
   * dL/dx of the last forward. dxhat = dy * gamma (affineBackward writes dGamma = sum(dy * xhat)
   * and dBeta = sum(dy) per channel). Batch statistics: through them, per channel of m = N * S,
   *   dx = invStd / m * (m dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))
   * (derivation at normalizeBackward in stats.ts). Running statistics (eval, frozen): they are
   * constants, so dx = dxhat * invStd = dy * gamma / sqrt(runningVar + eps).
   */
  backward(dy: Arr): Arr {
    const b = this.buffersForBackward(dy);
    if (this.ghost !== null) return this.ghostBackward(dy, b, this.ghost);
    if (this.lastUsedBatchStats && this.fusedPath()) return this.denseBackward(dy, b);
    const dxhat = this.affineBackward(dy, b);
    if (this.lastUsedBatchStats) this.batchStatsBackward(dxhat, b);
    else this.kernels.constantStatsBackward(dxhat, b.layout, b.invStd, b.dx);
    return b.dx;
  }

  /**
   * Train mode over ghost batches: each run of `size` consecutive samples (the last may be
   * shorter) is normalized with its own mean and biased variance, and updates the running
   * statistics as a batch of its own would (once per ghost batch). The affine step is shared.
   * b.mean / b.variance / b.invStd then hold the first ghost batch's statistics (what the views show).
   */
  private ghostForward(x: Arr, n: number, size: number, b: StatBuffers): void {
    const g = this.ghostBuffers(n, size);
    const C = this.channels;
    const stride = C * this.spatial;
    for (let k = 0; k < g.count; k++) {
      const start = k * size;
      const m = Math.min(size, n - start);
      const layout = channelLayout(m, C, this.spatial);
      const xs = x.subarray(start * stride, (start + m) * stride);
      const mean = g.mean.subarray(k * C, (k + 1) * C);
      const variance = g.variance.subarray(k * C, (k + 1) * C);
      const invStd = g.invStd.subarray(k * C, (k + 1) * C);
      this.kernels.meanVariance(xs, layout, this.halfPrecision, mean, variance);
      inverseStd(variance, this.eps, invStd);
      this.kernels.normalize(xs, layout, mean, invStd, b.xhat.subarray(start * stride, (start + m) * stride));
      if (this.trackRunningStats) this.updateRunning(mean, variance, m * this.spatial);
    }
    b.mean.set(g.mean.subarray(0, C));
    b.variance.set(g.variance.subarray(0, C));
    b.invStd.set(g.invStd.subarray(0, C));
    this.ghost = g;
    this.affineForward(b);
  }

  /** backward() of ghostForward: through each ghost batch's own statistics. */
  private ghostBackward(dy: Arr, b: StatBuffers, g: GhostBuffers): Arr {
    const dxhat = this.affineBackward(dy, b);
    const C = this.channels;
    const stride = C * this.spatial;
    for (let k = 0; k < g.count; k++) {
      const start = k * g.size;
      const m = Math.min(g.size, b.n - start);
      const range = [start * stride, (start + m) * stride] as const;
      this.kernels.normalizeBackward(
        dxhat.subarray(...range),
        b.xhat.subarray(...range),
        channelLayout(m, C, this.spatial),
        g.invStd.subarray(k * C, (k + 1) * C),
        b.dx.subarray(...range),
      );
    }
    return b.dx;
  }

  private ghostBuffers(n: number, size: number): GhostBuffers {
    const key = n * 100000 + size;
    let g = this.ghostCache.get(key);
    if (g === undefined) {
      const count = Math.ceil(n / size);
      const C = this.channels;
      g = {
        size,
        count,
        mean: new Float64Array(count * C),
        variance: new Float64Array(count * C),
        invStd: new Float64Array(count * C),
      };
      if (this.ghostCache.size >= 6) this.ghostCache.clear();
      this.ghostCache.set(key, g);
    }
    return g;
  }

  /** forward() with batch statistics on the dense shape: the fused kernel, then the running statistics. */
  private denseForward(x: Arr, n: number, b: StatBuffers): void {
    const gamma = this.gamma as Param;
    const beta = this.beta as Param;
    this.kernels.denseBatchNormForward(
      x,
      n,
      this.channels,
      this.eps,
      gamma.value,
      beta.value,
      b.mean,
      b.variance,
      b.invStd,
      b.xhat,
      b.y,
    );
    if (this.trackRunningStats) this.updateRunningStats(b);
  }

  /** backward() through batch statistics on the dense shape. */
  private denseBackward(dy: Arr, b: StatBuffers): Arr {
    const gamma = this.gamma as Param;
    const beta = this.beta as Param;
    const dxhat = b.dxhat as Arr;
    this.kernels.denseBatchNormBackward(
      dy,
      b.n,
      this.channels,
      gamma.value,
      b.xhat,
      b.invStd,
      gamma.grad,
      beta.grad,
      dxhat,
      b.dx,
    );
    return b.dx;
  }

  /** running = (1 - f) running + f batch, with the unbiased batch variance (PyTorch). */
  private updateRunningStats(b: StatBuffers): void {
    this.updateRunning(b.mean, b.variance, b.layout.count);
  }

  /** The running update for one batch (or ghost batch) of m values per channel. */
  private updateRunning(mean: Float64Array, variance: Float64Array, m: number): void {
    this.batchesTracked += 1;
    const f = this.momentumValue === null ? 1 / this.batchesTracked : this.momentumValue;
    const unbias = m / (m - 1);
    for (let c = 0; c < this.channels; c++) {
      this.runningMean[c] = (1 - f) * this.runningMean[c] + f * mean[c];
      this.runningVar[c] = (1 - f) * this.runningVar[c] + f * variance[c] * unbias;
    }
  }

  /**
   * Per-channel mean the last forward normalised with: the batch mean, or the running mean in
   * eval mode / frozen (see lastStatsSource). Null before the first forward. Read only.
   */
  get lastMean(): Float64Array | null {
    return this.last === null ? null : this.last.mean;
  }

  /**
   * Per-channel variance the last forward normalised with: the BIASED batch variance, or the
   * running (unbiased) variance in eval mode / frozen. Null before the first forward. Read only.
   */
  get lastVar(): Float64Array | null {
    return this.last === null ? null : this.last.variance;
  }

  /** Whether the last forward normalised with the batch or the running statistics; null before the first. */
  get lastStatsSource(): 'batch' | 'running' | null {
    if (this.last === null) return null;
    return this.lastUsedBatchStats ? 'batch' : 'running';
  }

  protected createBuffers(n: number): StatBuffers {
    return {
      ...this.baseBuffers(n, channelLayout(n, this.channels, this.spatial)),
      mean: new Float64Array(this.channels),
      variance: new Float64Array(this.channels),
    };
  }

  /** gamma, beta (with affine) and runningMean, runningVar, numBatchesTracked (with running statistics). */
  getState(): NormState {
    const state = super.getState();
    if (this.trackRunningStats) {
      state.runningMean = Array.from(this.runningMean);
      state.runningVar = Array.from(this.runningVar);
      state.numBatchesTracked = this.batchesTracked;
    }
    return state;
  }

  protected stateKeys(): string[] {
    const keys = super.stateKeys();
    if (this.trackRunningStats) keys.push('runningMean', 'runningVar', 'numBatchesTracked');
    return keys;
  }

  protected checkState(state: NormStateInput): void {
    super.checkState(state);
    if (state.runningMean !== undefined) checkValues('runningMean', state.runningMean, this.channels);
    if (state.runningVar !== undefined) checkValues('runningVar', state.runningVar, this.channels, true);
    const count = state.numBatchesTracked;
    if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
      throw new Error(`setState: numBatchesTracked must be a non-negative integer, got ${count}`);
    }
  }

  protected writeState(state: NormStateInput): void {
    super.writeState(state);
    if (state.runningMean !== undefined) this.runningMean.set(state.runningMean);
    if (state.runningVar !== undefined) this.runningVar.set(state.runningVar);
    if (state.numBatchesTracked !== undefined) this.batchesTracked = state.numBatchesTracked;
  }
}
