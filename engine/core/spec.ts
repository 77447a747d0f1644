// The JSON-serialisable model specification. The same object travels through the URL codec,
// the worker protocol and the tests; buildModel() in train/model.ts turns it into layers.
// Normalizer placement (before or after the activation) is simply the order of the layers.

import type { NormSpec } from '../norm/catalog.ts';

// The normalizer kinds and the union of their specs come from the catalog (norm/catalog.ts).
export type { NormKind, NormSpec } from '../norm/catalog.ts';

/**
 * Options shared by every normalizer. Defaults follow PyTorch: eps 1e-5 and affine true, except
 * InstanceNorm (affine false) and RMSNorm (eps = the float type's machine epsilon).
 */
export interface NormCommon {
  eps?: number;
  affine?: boolean;
  /** Round the statistics (mean, variance) through float16, emulating half precision. */
  halfPrecision?: boolean;
}

export interface BatchNormSpec extends NormCommon {
  type: 'batchnorm';
  /** Weight of the NEW batch in the running average (PyTorch); null = cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Keep running statistics (default true). Without them eval mode uses batch statistics. */
  trackRunningStats?: boolean;
  /** Frozen: normalise with the running statistics even in train mode, and do not update them. */
  frozen?: boolean;
  /**
   * Ghost (virtual) batches (Hoffer et al. 2017): in train mode the statistics are taken over
   * consecutive sub-batches of this many samples (the last may be smaller), and the running
   * statistics update once per sub-batch. 0 (default) or at least the batch size: the whole batch.
   */
  ghostBatch?: number;
}
export interface LayerNormSpec extends NormCommon {
  type: 'layernorm';
}
export interface GroupNormSpec extends NormCommon {
  type: 'groupnorm';
  groups: number;
}
export interface InstanceNormSpec extends NormCommon {
  type: 'instancenorm';
}
export interface RmsNormSpec extends NormCommon {
  type: 'rmsnorm';
}

export type LayerSpec =
  | { type: 'dense'; units: number; bias?: boolean }
  | { type: 'conv2d'; filters: number; kernel: number; stride?: number; padding?: number; bias?: boolean }
  | { type: 'maxpool2d'; size: number; stride?: number }
  | { type: 'avgpool2d'; size: number; stride?: number }
  | { type: 'flatten' }
  | { type: 'relu' }
  | { type: 'sigmoid' }
  | { type: 'tanh' }
  | { type: 'dropout'; rate: number }
  /** Opens an identity residual block: the layers up to the matching `add` are F in y = x + F(x). */
  | { type: 'skip' }
  /** Closes the innermost open `skip` block (layers/residual.ts). */
  | { type: 'add' }
  | NormSpec;

export type LossKind = 'softmax-cross-entropy' | 'mse' | 'sigmoid-bce';

export type OptimizerSpec =
  | { type: 'sgd'; lr: number; momentum?: number; weightDecay?: number }
  | { type: 'adam'; lr: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number };

export type InitSpec = { type: 'kaiming' } | { type: 'xavier' } | { type: 'normal'; std: number };

export interface ModelSpec {
  /** Shape of one input sample: [features] or [channels, height, width]. */
  input: number[];
  layers: LayerSpec[];
  loss: LossKind;
  optimizer: OptimizerSpec;
  init: InitSpec;
  /** Seeds weight initialisation and dropout masks. */
  seed: number;
}
