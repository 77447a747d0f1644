// Lesson 3's worked example: a small seeded batch (dense 8 × 4, or a conv feature map 2 × 3 ×
// 3×3) pushed through ONE training-mode forward of the engine's own BatchNorm. Every number the
// view shows (μ_B, σ²_B, x̂, y, running statistics) is read back from that layer; nothing here
// re-implements the normalization. Float64 storage, so the arithmetic shown with 4 significant
// digits is exact to those digits (the trainer's float32 differs only from the 7th digit on).

import { BatchNorm, createNorm, Rng } from '#engine';

export type StepExample = 'dense' | 'conv';

/** Batch shape: N samples × C channels × H × W (H = W = 1 for dense features). */
export interface StepShape {
  n: number;
  c: number;
  h: number;
  w: number;
}

export const STEP_SHAPES: Record<StepExample, StepShape> = {
  dense: { n: 8, c: 4, h: 1, w: 1 },
  conv: { n: 2, c: 3, h: 3, w: 3 },
};

/** PyTorch's defaults, as in the course's networks. */
export const STEP_EPS = 1e-5;
export const STEP_MOMENTUM = 0.1;

/**
 * Each feature (channel) is drawn as loc + scale · N(0, 1), on deliberately different scales and
 * offsets, so the normalization visibly changes each column and undoing it needs a different
 * γ and β per column.
 */
const DISTRIBUTION: Record<StepExample, { loc: number[]; scale: number[] }> = {
  dense: { loc: [1.5, -0.8, 8, 0], scale: [1, 0.25, 3, 4] },
  conv: { loc: [0.5, -1, 4], scale: [0.5, 1, 2] },
};

export interface StepBatch {
  example: StepExample;
  seed: number;
  shape: StepShape;
  /** N·C·H·W values, NCHW: element ((n · C + c) · H + h) · W + w (dense: n · C + c). */
  x: Float64Array;
}

/** Values per sample per channel (H · W). */
export function spatialSize(shape: StepShape): number {
  return shape.h * shape.w;
}

/** Index of (sample n, channel c, position s = h · W + w) in NCHW order. */
export function elementIndex(shape: StepShape, n: number, c: number, s = 0): number {
  return (n * shape.c + c) * spatialSize(shape) + s;
}

/** Sample, channel, row and column of an NCHW index. */
export function elementAt(shape: StepShape, index: number): { n: number; c: number; h: number; w: number } {
  const S = spatialSize(shape);
  const s = index % S;
  return {
    n: Math.floor(index / (S * shape.c)),
    c: Math.floor(index / S) % shape.c,
    h: Math.floor(s / shape.w),
    w: s % shape.w,
  };
}

/** The NCHW indices of channel c: the N · H · W values that share one mean and variance. */
export function channelIndices(shape: StepShape, c: number): number[] {
  const S = spatialSize(shape);
  const out: number[] = [];
  for (let n = 0; n < shape.n; n++) for (let s = 0; s < S; s++) out.push(elementIndex(shape, n, c, s));
  return out;
}

/** The example's batch for a seed: the same numbers in node and in every browser (engine Rng). */
export function makeBatch(example: StepExample, seed: number): StepBatch {
  const shape = STEP_SHAPES[example];
  const { loc, scale } = DISTRIBUTION[example];
  const rng = new Rng(seed);
  const x = new Float64Array(shape.n * shape.c * spatialSize(shape));
  for (let i = 0; i < x.length; i++) {
    const { c } = elementAt(shape, i);
    x[i] = loc[c] + scale[c] * rng.normal();
  }
  return { example, seed, shape, x };
}

/** What one training-mode forward of the engine's BatchNorm produced, copied out of the layer. */
export interface StepResult {
  batch: StepBatch;
  eps: number;
  momentum: number;
  /** Values behind each channel's statistics: N · H · W. */
  m: number;
  gamma: number[];
  beta: number[];
  /** Per-channel batch mean and BIASED batch variance the layer normalised with (length C). */
  mean: number[];
  variance: number[];
  /** 1 / √(σ²_B + ε) per channel. */
  invStd: number[];
  xhat: Float64Array;
  y: Float64Array;
  /** The layer's running statistics after this one step (they started at 0 and 1). */
  runningMean: number[];
  runningVar: number[];
  numBatchesTracked: number;
}

/**
 * A fresh BatchNorm (momentum 0.1, eps 1e-5, running statistics 0 and 1) with the given γ, β
 * (default 1 and 0), one forward of the batch in train mode; returns the layer's numbers.
 */
export function runBatchStep(
  batch: StepBatch,
  gamma?: ArrayLike<number>,
  beta?: ArrayLike<number>,
): StepResult {
  const { shape } = batch;
  const sample = spatialSize(shape) === 1 ? [shape.c] : [shape.c, shape.h, shape.w];
  const norm = createNorm({ type: 'batchnorm', momentum: STEP_MOMENTUM, eps: STEP_EPS }, sample, 'float64');
  if (!(norm instanceof BatchNorm)) throw new Error('createNorm(batchnorm) did not return a BatchNorm');
  if (gamma) norm.setState({ gamma });
  if (beta) norm.setState({ beta });
  const y = norm.forward(batch.x, [shape.n, ...sample], 'train');
  const { lastMean, lastVar, lastInvStd, lastXhat } = norm;
  if (!lastMean || !lastVar || !lastInvStd || !lastXhat) throw new Error('BatchNorm kept no statistics');
  const state = norm.getState();
  return {
    batch,
    eps: norm.eps,
    momentum: STEP_MOMENTUM,
    m: shape.n * spatialSize(shape),
    gamma: state.gamma ?? [],
    beta: state.beta ?? [],
    mean: Array.from(lastMean),
    variance: Array.from(lastVar),
    invStd: Array.from(lastInvStd),
    xhat: Float64Array.from(lastXhat),
    y: Float64Array.from(y),
    runningMean: state.runningMean ?? [],
    runningVar: state.runningVar ?? [],
    numBatchesTracked: state.numBatchesTracked ?? 0,
  };
}

/** γ = √(σ²_B + ε) and β = μ_B for channel c: the affine step then returns y = x. */
export function undoParams(step: StepResult, c: number): { gamma: number; beta: number } {
  return { gamma: Math.sqrt(step.variance[c] + step.eps), beta: step.mean[c] };
}

/** The largest |y − x| over channel c's values (0 when the normalization is undone exactly). */
export function maxUndoError(step: StepResult, c: number): number {
  let max = 0;
  for (const i of channelIndices(step.batch.shape, c))
    max = Math.max(max, Math.abs(step.y[i] - step.batch.x[i]));
  return max;
}
