// Batch Renormalization (Ioffe 2017, "Batch Renormalization: Towards Reducing Minibatch
// Dependence in Batch-Normalized Models"): BatchNorm whose train-mode output is corrected towards
// what the running statistics would give, so training and inference normalize alike and small
// or non-i.i.d. batches hurt less. Everything else is BatchNorm's (PyTorch conventions): the
// batch statistics, the running statistics and their update (unbiased variance, momentum),
// eval mode with the running statistics, state, errors.
//
// Train mode, per channel c over its m = N * S values, with the running statistics from BEFORE
// this batch (σ = sqrt(runningVar + eps), μ = runningMean) and σ_B = sqrt(σ²_B + eps):
//   x̂ = (x − μ_B) / σ_B                               (BatchNorm's)
//   r = clip(σ_B / σ, 1 / rMax, rMax),  d = clip((μ_B − μ) / σ, −dMax, dMax)
//   x̂ ← r · x̂ + d,  y = γ x̂ + β
// r and d are constants in the backward pass (stop-gradient), so with dx̂ = γ · dy the
// backward is BatchNorm's through the batch statistics applied to r · dx̂ and the uncorrected x̂.
// rMax = 1, dMax = 0 gives BatchNorm bit for bit (r = 1 and d = 0 leave x̂ untouched).
//
// Warm-up (the paper relaxes r_max from 1 to 3 and d_max from 0 to 5 during training): with
// warmup = W > 0 the limits in force after t train-mode updates (numBatchesTracked) are
//   rMax(t) = 1 + (rMax − 1) · min(1, t / W),  dMax(t) = dMax · min(1, t / W),
// one linear ramp from BatchNorm at t = 0 to the full limits at t = W (the paper holds them at
// 1 and 0 for its first 5k steps, then ramps r_max until 40k and d_max until 25k steps).
// Defaults: rMax 3, dMax 5 (the paper's final values), warmup 0 (no ramp).
//
// Standalone use:
//   const brn = new BatchRenorm([4], { rMax: 3, dMax: 5, warmup: 1000 });
//   const y = brn.forward(x, [8, 4], 'train');   brn.backward(dy);
//   brn.lastR, brn.lastD                         // per channel, of the last train-mode forward

import type { BatchNormSpec } from '../core/spec.ts';
import type { Arr, Layer, Precision, SampleShape } from '../core/types.ts';
import { alloc } from '../core/types.ts';
import { BatchCache } from '../layers/batch-cache.ts';
import { BatchNorm } from './batch-norm.ts';
import type { StatBuffers } from './norm-layer.ts';

export const DEFAULT_R_MAX = 3;
export const DEFAULT_D_MAX = 5;

export interface BatchRenormSpec extends Omit<BatchNormSpec, 'type'> {
  type: 'batchrenorm';
  /** Limit of the scale correction r, >= 1 (1: no scale correction). Default 3. */
  rMax?: number;
  /** Limit of the shift correction d, >= 0 (0: no shift correction). Default 5. */
  dMax?: number;
  /** Train-mode updates over which rMax and dMax ramp up from 1 and 0; 0 = no ramp. Default 0. */
  warmup?: number;
}

/** A BatchRenormSpec; `type` may be left out. */
export type BatchRenormOptions = Omit<BatchRenormSpec, 'type'> & { type?: 'batchrenorm' };

function checkLimits(rMax: number, dMax: number, warmup: number): void {
  if (!(rMax >= 1 && Number.isFinite(rMax)))
    throw new Error(`rMax must be a finite number >= 1, got ${rMax}`);
  if (!(dMax >= 0 && Number.isFinite(dMax)))
    throw new Error(`dMax must be a finite number >= 0, got ${dMax}`);
  if (!(Number.isInteger(warmup) && warmup >= 0))
    throw new Error(`warmup must be a non-negative integer, got ${warmup}`);
}

/** Per batch size: the uncorrected x̂ (for the backward) and r · dx̂. */
interface RenormBuffers {
  readonly batchXhat: Arr;
  readonly scaled: Arr;
}

/**
 * Batch Renormalization over (N, S) per channel. Input [N, C] or [N, C, H, W] (NCHW); output the
 * same shape. Parameters and state as BatchNorm's; lastR and lastD hold the corrections.
 */
export class BatchRenorm extends BatchNorm<'batchrenorm'> implements Layer {
  readonly rMax: number;
  readonly dMax: number;
  readonly warmup: number;
  /** r per channel of the last train-mode forward with batch statistics (1 before any). */
  readonly lastR: Float64Array;
  /** d per channel of the last train-mode forward with batch statistics (0 before any). */
  readonly lastD: Float64Array;
  private readonly extra: BatchCache<RenormBuffers>;
  /** Whether the last renormalize() changed x̂ (some r ≠ 1 or d ≠ 0). */
  private corrected = false;

  constructor(inShape: SampleShape, options: BatchRenormOptions = {}, precision: Precision = 'float32') {
    const { type: _type, rMax = DEFAULT_R_MAX, dMax = DEFAULT_D_MAX, warmup = 0, ...bn } = options;
    super(inShape, bn, precision, 'batchrenorm');
    checkLimits(rMax, dMax, warmup);
    this.rMax = rMax;
    this.dMax = dMax;
    this.warmup = warmup;
    this.lastR = new Float64Array(this.channels).fill(1);
    this.lastD = new Float64Array(this.channels);
    const size = this.sampleSize;
    this.extra = new BatchCache((n) => ({
      batchXhat: alloc(precision, n * size),
      scaled: alloc(precision, n * size),
    }));
  }

  /** The limits in force now: the warm-up ramp after numBatchesTracked updates. */
  currentLimits(): { rMax: number; dMax: number } {
    const ramp = this.warmup > 0 ? Math.min(1, this.numBatchesTracked / this.warmup) : 1;
    return { rMax: 1 + (this.rMax - 1) * ramp, dMax: this.dMax * ramp };
  }

  /** The correction itself never takes BatchNorm's fused dense kernels. */
  protected fusedPath(): boolean {
    return false;
  }

  /** x̂ ← r · x̂ + d per channel, r and d from the running statistics before this batch. */
  protected renormalize(b: StatBuffers): void {
    const { rMax, dMax } = this.currentLimits();
    const { xhat, n } = b;
    const C = this.channels;
    const S = this.spatial;
    let corrected = false;
    for (let c = 0; c < C; c++) {
      const sigma = Math.sqrt(this.runningVar[c] + this.eps);
      const r = Math.min(Math.max(1 / b.invStd[c] / sigma, 1 / rMax), rMax);
      const d = Math.min(Math.max((b.mean[c] - this.runningMean[c]) / sigma, -dMax), dMax);
      this.lastR[c] = r;
      this.lastD[c] = d;
      if (r !== 1 || d !== 0) corrected = true;
    }
    this.corrected = corrected;
    if (!corrected) return;
    const { batchXhat } = this.extra.get(n);
    batchXhat.set(xhat);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) {
        const r = this.lastR[c];
        const d = this.lastD[c];
        const at = (i * C + c) * S;
        for (let s = at; s < at + S; s++) xhat[s] = xhat[s] * r + d;
      }
    }
  }

  /**
   * With y = γ (r x̂ + d) + β and r, d constant: dL/dx̂ = r · γ dy (dxhat here is γ dy), and
   * x̂ = (x − μ_B) / σ_B is BatchNorm's, so BatchNorm's backward applies to r · dxhat and the
   * uncorrected x̂.
   */
  protected batchStatsBackward(dxhat: Arr, b: StatBuffers): void {
    if (!this.corrected) {
      super.batchStatsBackward(dxhat, b);
      return;
    }
    const { batchXhat, scaled } = this.extra.get(b.n);
    const C = this.channels;
    const S = this.spatial;
    for (let i = 0; i < b.n; i++) {
      for (let c = 0; c < C; c++) {
        const r = this.lastR[c];
        const at = (i * C + c) * S;
        for (let s = at; s < at + S; s++) scaled[s] = dxhat[s] * r;
      }
    }
    this.kernels.normalizeBackward(scaled, batchXhat, b.layout, b.invStd, b.dx);
  }
}
