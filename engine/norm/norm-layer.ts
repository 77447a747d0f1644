// The scaffolding every normalizer shares, so each subclass holds only its math: the sample
// shape ([C] or [C, H, W]), the argument checks at the API boundary, the optional affine
// parameters gamma/beta (per channel or per element), the per-batch-size buffers (the engine's
// BatchCache, shared with the other layers) and getState/setState of the parameters. Layout of a batch of N (S = H * W, 1 for dense input):
// element ((n * C + c) * S + s), i.e. row-major NCHW, or n * C + c for dense (N, C) input.

import { jsKernels, type Kernels } from '../core/kernels.ts';
import { type Arr, alloc, type Param, type Precision, type SampleShape, sizeOf } from '../core/types.ts';
import { BatchCache } from '../layers/batch-cache.ts';
import type { Layout } from './stats.ts';

/** PyTorch's default eps for BatchNorm, LayerNorm, GroupNorm and InstanceNorm, inside the square root. */
export const DEFAULT_EPS = 1e-5;

/** forward()'s second argument: the batch size N (Layer interface) or the full shape [N, ...inShape]. */
export type BatchShape = number | readonly number[];

/** Buffers of one batch size, allocated once on the first forward with that size and reused. */
export interface NormBuffers {
  readonly n: number;
  readonly layout: Layout;
  /** Output, N * C * S values in the storage precision. */
  readonly y: Arr;
  /** The normalised input (before gamma and beta), kept for backward and for the views. */
  readonly xhat: Arr;
  readonly dx: Arr;
  /** dL/dxhat = dy * gamma; null without affine parameters, where dL/dxhat is dy itself. */
  readonly dxhat: Arr | null;
  /** 1 / sqrt(variance + eps) per statistics group (RMSNorm: 1 / sqrt(mean(x^2) + eps)). */
  readonly invStd: Float64Array;
}

/** Buffers of a mean-and-variance normalizer, statistics indexed by group (channel for BatchNorm). */
export interface StatBuffers extends NormBuffers {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/** Parameters and running state as plain arrays: what getState() returns, JSON-friendly. */
export interface NormState {
  gamma?: number[];
  beta?: number[];
  runningMean?: number[];
  runningVar?: number[];
  numBatchesTracked?: number;
}

/** What setState() accepts: any subset of the layer's keys, as plain or typed arrays. */
export interface NormStateInput {
  gamma?: ArrayLike<number>;
  beta?: ArrayLike<number>;
  runningMean?: ArrayLike<number>;
  runningVar?: ArrayLike<number>;
  numBatchesTracked?: number;
}

/** The resolved options (defaults applied) a normalizer passes to NormLayer. */
export interface NormSetup {
  eps: number;
  affine: boolean;
  halfPrecision: boolean;
  /** gamma/beta have one value per channel (BN, GN, IN) or one per element of the sample (LN, RMSNorm). */
  perChannel: boolean;
  /** RMSNorm has gamma only. */
  withBeta: boolean;
}

/** A shape as error messages print it: [8, 3, 4, 4]. */
export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}

/** Checks a sample shape: [C] or [C, H, W] with positive integer sizes. */
function checkSampleShape(kind: string, inShape: SampleShape): void {
  const ok =
    (inShape.length === 1 || inShape.length === 3) && inShape.every((d) => Number.isInteger(d) && d > 0);
  if (!ok) throw new Error(`${kind} input shape must be [C] or [C, H, W], got ${formatShape(inShape)}`);
}

/** Checks one array of a state object before anything is written. */
export function checkValues(
  key: string,
  values: ArrayLike<number>,
  length: number,
  nonNegative = false,
): void {
  if (values.length !== length)
    throw new Error(`setState: ${key} has length ${values.length}, expected ${length}`);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || (nonNegative && v < 0)) {
      throw new Error(
        `setState: ${key}[${i}] must be a finite${nonNegative ? ' non-negative' : ''} number, got ${v}`,
      );
    }
  }
}

function makeParam(name: string, precision: Precision, length: number, init: number): Param {
  const value = alloc(precision, length);
  value.fill(init);
  // Normalization parameters are conventionally excluded from weight decay.
  return { name, value, grad: alloc(precision, length), decay: false };
}

/**
 * Base of the five normalizers: everything except the statistics. Subclasses implement
 * forward/backward with the helpers below (batchSize, buffers, affineForward, affineBackward,
 * buffersForBackward) and createBuffers for their statistics.
 */
export abstract class NormLayer<K extends string, B extends NormBuffers> {
  readonly kind: K;
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  /** C: the first dimension of the sample shape. */
  readonly channels: number;
  /** S = H * W; 1 for dense [C] input. */
  readonly spatial: number;
  /** C * S, the values of one sample. */
  readonly sampleSize: number;
  readonly precision: Precision;
  readonly eps: number;
  readonly affine: boolean;
  readonly halfPrecision: boolean;
  /** Scale, initialised to 1; null without affine parameters (gamma = 1). */
  readonly gamma: Param | null;
  /** Shift, initialised to 0; null without affine parameters or for RMSNorm (beta = 0). */
  readonly beta: Param | null;
  private readonly paramList: readonly Param[];
  private readonly perChannel: boolean;
  private readonly cache = new BatchCache<B>((n) => this.createBuffers(n));
  /** Buffers of the last successful forward, which backward() and the views read. */
  protected last: B | null = null;
  /**
   * The arithmetic backend (statistics, normalization, affine and their backward reductions).
   * The plain-JS kernels by default; buildModel sets the model's, like Dense's and Conv2d's.
   */
  kernels: Kernels = jsKernels;

  protected constructor(kind: K, inShape: SampleShape, precision: Precision, setup: NormSetup) {
    checkSampleShape(kind, inShape);
    if (!Number.isFinite(setup.eps) || setup.eps < 0) {
      throw new Error(`${kind} eps must be a finite number >= 0, got ${setup.eps}`);
    }
    this.kind = kind;
    this.inShape = Object.freeze([...inShape]);
    this.outShape = this.inShape;
    this.channels = inShape[0];
    this.sampleSize = sizeOf(inShape);
    this.spatial = this.sampleSize / this.channels;
    this.precision = precision;
    this.eps = setup.eps;
    this.affine = setup.affine;
    this.halfPrecision = setup.halfPrecision;
    this.perChannel = setup.perChannel;
    const affineLength = setup.perChannel ? this.channels : this.sampleSize;
    this.gamma = setup.affine ? makeParam('gamma', precision, affineLength, 1) : null;
    this.beta = setup.affine && setup.withBeta ? makeParam('beta', precision, affineLength, 0) : null;
    const list: Param[] = [];
    if (this.gamma) list.push(this.gamma);
    if (this.beta) list.push(this.beta);
    this.paramList = list;
  }

  /** gamma then beta (those that exist); the same array on every call. */
  params(): readonly Param[] {
    return this.paramList;
  }

  /** Batch size of the last successful forward; 0 before the first. */
  get lastN(): number {
    return this.last === null ? 0 : this.last.n;
  }

  /** xhat of the last forward (N * C * S values, NCHW), or null before the first. Read only. */
  get lastXhat(): Arr | null {
    return this.last === null ? null : this.last.xhat;
  }

  /** 1 / sqrt(variance + eps) per statistics group of the last forward, or null. Read only. */
  get lastInvStd(): Float64Array | null {
    return this.last === null ? null : this.last.invStd;
  }

  /** Allocates the buffers for batch size n (called once per n). */
  protected abstract createBuffers(n: number): B;

  /** The buffers every normalizer needs, for subclasses' createBuffers. */
  protected baseBuffers(n: number, layout: Layout): NormBuffers {
    const length = n * this.sampleSize;
    return {
      n,
      layout,
      y: alloc(this.precision, length),
      xhat: alloc(this.precision, length),
      dx: alloc(this.precision, length),
      dxhat: this.gamma ? alloc(this.precision, length) : null,
      invStd: new Float64Array(layout.groups),
    };
  }

  /** [n, ...inShape] as text, for error messages. */
  protected batchShapeText(n: number): string {
    return formatShape([n, ...this.inShape]);
  }

  /** Validates forward()'s arguments and returns the batch size N. Throws named errors. */
  protected batchSize(x: Arr, shapeOrN: BatchShape): number {
    let n: number;
    if (typeof shapeOrN === 'number') {
      n = shapeOrN;
    } else {
      let ok = shapeOrN.length === this.inShape.length + 1;
      for (let i = 0; ok && i < this.inShape.length; i++) ok = shapeOrN[i + 1] === this.inShape[i];
      if (!ok) {
        throw new Error(
          `shape mismatch: expected ${formatShape(['N', ...this.inShape])}, got ${formatShape(shapeOrN)}`,
        );
      }
      n = shapeOrN[0];
    }
    if (!Number.isInteger(n) || n < 1) throw new Error(`batch size must be a positive integer, got ${n}`);
    if (x.length !== n * this.sampleSize) {
      throw new Error(
        `input length mismatch: shape ${this.batchShapeText(n)} needs ${n * this.sampleSize} values, got ${x.length}`,
      );
    }
    return n;
  }

  /** The cached buffers for batch size n (created on first use); they become `last`. */
  protected buffers(n: number): B {
    const b = this.cache.get(n);
    this.last = b;
    return b;
  }

  /** The last forward's buffers, after checking that dy matches them. */
  protected buffersForBackward(dy: Arr): B {
    const b = this.last;
    if (b === null) throw new Error(`${this.kind} backward called before forward`);
    if (dy.length !== b.y.length) {
      throw new Error(
        `dy length mismatch: the last forward had shape ${this.batchShapeText(b.n)} (${b.y.length} values), got ${dy.length}`,
      );
    }
    return b;
  }

  /** y = gamma * xhat + beta (per channel or per element); y = xhat without affine parameters. */
  protected affineForward(b: B): void {
    const { xhat, y, n } = b;
    if (this.gamma === null) {
      y.set(xhat);
      return;
    }
    const gamma = this.gamma.value;
    const beta = this.beta === null ? null : this.beta.value;
    if (this.perChannel) this.kernels.channelAffine(xhat, gamma, beta, n, this.channels, this.spatial, y);
    else this.kernels.elementAffine(xhat, gamma, beta, n, this.sampleSize, y);
  }

  /**
   * Backward of affineForward: dGamma = sum(dy * xhat), dBeta = sum(dy) over the batch (and
   * space, per channel), written not accumulated; returns dxhat = dy * gamma (dy itself without
   * affine parameters).
   */
  protected affineBackward(dy: Arr, b: B): Arr {
    if (this.gamma === null || b.dxhat === null) return dy;
    const { xhat, dxhat, n } = b;
    const gamma = this.gamma.value;
    const dGamma = this.gamma.grad;
    const dBeta = this.beta === null ? null : this.beta.grad;
    if (this.perChannel)
      this.kernels.channelAffineBackward(
        dy,
        xhat,
        gamma,
        n,
        this.channels,
        this.spatial,
        dGamma,
        dBeta,
        dxhat,
      );
    else this.kernels.elementAffineBackward(dy, xhat, gamma, n, this.sampleSize, dGamma, dBeta, dxhat);
    return dxhat;
  }

  /** Parameters (and, for BatchNorm, running state) as plain arrays. */
  getState(): NormState {
    const state: NormState = {};
    if (this.gamma) state.gamma = Array.from(this.gamma.value);
    if (this.beta) state.beta = Array.from(this.beta.value);
    return state;
  }

  /**
   * Loads any subset of getState()'s keys (plain or typed arrays). Everything is checked before
   * anything is written; a key the layer does not have, a wrong length or a non-finite value
   * throws a named error and leaves the layer unchanged.
   */
  setState(state: NormStateInput): void {
    const keys = this.stateKeys();
    for (const key of Object.keys(state)) {
      if (!keys.includes(key)) {
        throw new Error(
          `setState: ${this.kind} has no '${key}' (its state keys: ${keys.join(', ') || 'none'})`,
        );
      }
    }
    this.checkState(state);
    this.writeState(state);
  }

  /** The keys getState() returns for this configuration. */
  protected stateKeys(): string[] {
    const keys: string[] = [];
    if (this.gamma) keys.push('gamma');
    if (this.beta) keys.push('beta');
    return keys;
  }

  protected checkState(state: NormStateInput): void {
    if (state.gamma !== undefined && this.gamma) checkValues('gamma', state.gamma, this.gamma.value.length);
    if (state.beta !== undefined && this.beta) checkValues('beta', state.beta, this.beta.value.length);
  }

  protected writeState(state: NormStateInput): void {
    if (state.gamma !== undefined && this.gamma) this.gamma.value.set(state.gamma);
    if (state.beta !== undefined && this.beta) this.beta.value.set(state.beta);
  }
}
