// A sequential model built from a ModelSpec: layers in spec order, a loss and an optimizer.
// Shapes are inferred layer by layer and checked at build time; a dense layer on a [C, H, W] input
// needs an explicit { type: 'flatten' } (nothing is flattened silently). After one warm-up call per
// batch size, trainStep allocates no typed arrays, views, arrays or closures.

import type { Kernels } from '../core/kernels.ts';
import { Rng } from '../core/rng.ts';
import type { LayerSpec, LossKind, ModelSpec } from '../core/spec.ts';
import type { Arr, Layer, Mode, Param, Precision, SampleShape } from '../core/types.ts';
import { alloc, sizeOf } from '../core/types.ts';
import { defaultKernels } from '../core/wasm-kernels.ts';
import { ReLU, Sigmoid, Tanh } from '../layers/activations.ts';
import { BatchCache } from '../layers/batch-cache.ts';
import { Conv2d } from '../layers/conv2d.ts';
import { Dense } from '../layers/dense.ts';
import { Dropout } from '../layers/dropout.ts';
import { Flatten } from '../layers/flatten.ts';
import { AvgPool2d, MaxPool2d } from '../layers/pool.ts';
import { Add, Skip } from '../layers/residual.ts';
import { createNorm } from '../norm/index.ts';
import { initWeight } from './init.ts';
import { computeLoss, type LossValue, targetsPerSample } from './loss.ts';
import { createOptimizer, type Optimizer } from './optim.ts';

const EMPTY = new Float64Array(0);
const LOSSES: readonly LossKind[] = ['softmax-cross-entropy', 'mse', 'sigmoid-bce'];

export interface EvalResult {
  /** Mean loss over all `count` samples. */
  loss: number;
  /** Fraction of samples predicted correctly (see loss.ts for each loss's rule). */
  accuracy: number;
}

export class Model {
  /** Layers in spec order: layers[i] is built from spec.layers[i]. */
  readonly layers: readonly Layer[];
  /** Shape of one input sample, and of one output sample ([K] logits). */
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  readonly optimizer: Optimizer;
  /**
   * Observability, refreshed by every forward (also inside trainStep/evaluate), valid until the next one:
   * layerInputs[i] is the (N, ...layers[i].inShape) buffer layer i read (layerInputs[0] is the caller's x)
   * and layerOutputs[i] the (N, ...outShape) buffer it returned, with N = lastBatchSize. Read-only views:
   * copy what you keep. A flatten (and dropout in eval mode) returns its input buffer itself.
   */
  readonly layerInputs: Arr[];
  readonly layerOutputs: Arr[];
  /** dL/d(layerOutputs[i]) from the last trainStep/computeGradients (empty below the first trainable layer). */
  readonly layerOutputGrads: Arr[];
  lastBatchSize = 0;
  lastMode: Mode = 'eval';
  private readonly inSize: number;
  private readonly outputs: number;
  private readonly targetsPerSample: number;
  private readonly paramList: readonly Param[];
  /** Backward stops here: layers below the first one with params need no gradient. */
  private readonly firstTrainable: number;
  private readonly dLogits: BatchCache<Arr>;
  private readonly lossValue: LossValue = { loss: 0, correct: 0 };

  constructor(
    readonly spec: ModelSpec,
    readonly precision: Precision,
    readonly kernels: Kernels,
    layers: readonly Layer[],
  ) {
    this.layers = layers;
    this.inShape = [...spec.input];
    this.outShape = layers.length > 0 ? layers[layers.length - 1].outShape : this.inShape;
    if (this.outShape.length !== 1) {
      throw new Error(
        `the last layer must give flat [K] logits for the loss, got [${this.outShape.join(', ')}]`,
      );
    }
    this.inSize = sizeOf(this.inShape);
    this.outputs = this.outShape[0];
    if (!LOSSES.includes(spec.loss)) throw new Error(`unknown loss '${spec.loss}'`);
    if (spec.loss === 'softmax-cross-entropy' && this.outputs < 2) {
      throw new Error(`softmax-cross-entropy needs at least 2 outputs, got ${this.outputs}`);
    }
    this.targetsPerSample = targetsPerSample(spec.loss, this.outputs);
    this.paramList = layers.flatMap((layer) => layer.params());
    this.optimizer = createOptimizer(spec.optimizer, this.paramList, kernels);
    const trainable = layers.findIndex((layer) => layer.params().length > 0);
    this.firstTrainable = trainable === -1 ? layers.length : trainable;
    const first = layers[this.firstTrainable];
    if (first instanceof Dense || first instanceof Conv2d) first.inputGrad = false;
    this.layerInputs = layers.map(() => EMPTY);
    this.layerOutputs = layers.map(() => EMPTY);
    this.layerOutputGrads = layers.map(() => EMPTY);
    this.dLogits = new BatchCache((n) => alloc(precision, n * this.outputs));
  }

  /** Logits (n, K) for x (n, ...inShape). The buffer is owned by the last layer. */
  forward(x: Arr, n: number, mode: Mode): Arr {
    this.checkBatch(x, n);
    return this.forwardUnchecked(x, n, mode);
  }

  /**
   * One training step: train-mode forward, loss, backward through every layer, optimizer step.
   * targets: n class indices for softmax-cross-entropy, else (n, K) values. The loss is returned
   * as computed, NaN or Infinity included: the caller decides what divergence means.
   * The result object is the model's own, reused by every step (so a step allocates nothing):
   * read or copy its numbers before the next step.
   */
  trainStep(x: Arr, targets: Arr, n: number): Readonly<LossValue> {
    this.backpropagate(x, targets, n);
    this.optimizer.step();
    return this.lossValue;
  }

  /**
   * Gradient accumulation (PyTorch: `(loss / k).backward()` for k micro-batches, then one
   * `optimizer.step()`): the n samples are split into `parts` consecutive micro-batches of n / parts
   * (parts must divide n), each goes forward and backward on its own (a normalizer sees only its
   * micro-batch, and BatchNorm's running statistics move once per micro-batch), the parameter
   * gradients are averaged, and the optimizer steps once. Without a normalizer that looks at the
   * batch this is exactly one step on all n samples (to float rounding). Returns the mean
   * micro-batch loss and the total correct count, in the model's reused result object.
   */
  trainStepAccumulated(x: Arr, targets: Arr, n: number, parts: number): Readonly<LossValue> {
    if (!Number.isInteger(parts) || parts < 1 || n % parts !== 0) {
      throw new Error(`accumulation needs a whole number of micro-batches: n=${n}, parts=${parts}`);
    }
    if (parts === 1) return this.trainStep(x, targets, n);
    this.checkBatch(x, n);
    this.checkTargets(targets, n);
    const m = n / parts;
    const t = this.targetsPerSample;
    const sums = this.accumulated();
    for (const sum of sums) sum.fill(0);
    let loss = 0;
    let correct = 0;
    for (let p = 0; p < parts; p++) {
      const xs = x.subarray(p * m * this.inSize, (p + 1) * m * this.inSize);
      const ts = targets.subarray(p * m * t, (p + 1) * m * t);
      this.backpropagate(xs, ts, m);
      loss += this.lossValue.loss;
      correct += this.lossValue.correct;
      this.paramList.forEach((param, i) => {
        const sum = sums[i];
        const g = param.grad;
        for (let j = 0; j < g.length; j++) sum[j] += g[j];
      });
    }
    this.paramList.forEach((param, i) => {
      const sum = sums[i];
      const g = param.grad;
      for (let j = 0; j < g.length; j++) g[j] = sum[j] / parts;
    });
    this.optimizer.step();
    this.lossValue.loss = loss / parts;
    this.lossValue.correct = correct;
    return this.lossValue;
  }

  /** One float64 gradient sum per param, made on the first accumulated step. */
  private accumulated(): Float64Array[] {
    if (this.gradSums === null) this.gradSums = this.paramList.map((p) => new Float64Array(p.grad.length));
    return this.gradSums;
  }

  private gradSums: Float64Array[] | null = null;

  /** trainStep without the optimizer step: leaves dL/dparam in every param's grad. Same reused result. */
  computeGradients(x: Arr, targets: Arr, n: number): Readonly<LossValue> {
    this.backpropagate(x, targets, n);
    return this.lossValue;
  }

  /**
   * Mean loss and accuracy over `count` samples, in chunks of batchSize (the last chunk may be smaller).
   * mode 'eval' by default; 'train' uses batch statistics per chunk (and updates running ones).
   */
  evaluate(x: Arr, targets: Arr, count: number, batchSize: number, mode: Mode = 'eval'): EvalResult {
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`evaluate count must be a positive integer, got ${count}`);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`evaluate batchSize must be a positive integer, got ${batchSize}`);
    }
    this.checkBatch(x, count);
    this.checkTargets(targets, count);
    const t = this.targetsPerSample;
    let totalLoss = 0;
    let correct = 0;
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const xs = x.subarray(start * this.inSize, (start + n) * this.inSize);
      const logits = this.forwardUnchecked(xs, n, mode);
      const ts = targets.subarray(start * t, (start + n) * t);
      computeLoss(this.spec.loss, logits, ts, n, this.outputs, null, this.lossValue);
      totalLoss += this.lossValue.loss * n;
      correct += this.lossValue.correct;
    }
    return { loss: totalLoss / count, accuracy: correct / count };
  }

  /** Every trainable param, layer by layer (the optimizer's list). */
  params(): readonly Param[] {
    return this.paramList;
  }

  setLearningRate(lr: number): void {
    this.optimizer.setLearningRate(lr);
  }
  setMomentum(momentum: number): void {
    this.optimizer.setMomentum(momentum);
  }
  setWeightDecay(weightDecay: number): void {
    this.optimizer.setWeightDecay(weightDecay);
  }

  /** Train-mode forward, loss into this.lossValue, backward down to the first trainable layer. */
  private backpropagate(x: Arr, targets: Arr, n: number): void {
    this.checkBatch(x, n);
    this.checkTargets(targets, n);
    const logits = this.forwardUnchecked(x, n, 'train');
    let g = this.dLogits.get(n);
    computeLoss(this.spec.loss, logits, targets, n, this.outputs, g, this.lossValue);
    for (let i = this.layers.length - 1; i >= this.firstTrainable; i--) {
      this.layerOutputGrads[i] = g;
      g = this.layers[i].backward(g);
    }
  }

  private forwardUnchecked(x: Arr, n: number, mode: Mode): Arr {
    this.lastBatchSize = n;
    this.lastMode = mode;
    let a = x;
    for (let i = 0; i < this.layers.length; i++) {
      this.layerInputs[i] = a;
      a = this.layers[i].forward(a, n, mode);
      this.layerOutputs[i] = a;
    }
    return a;
  }

  private checkBatch(x: Arr, n: number): void {
    if (!Number.isInteger(n) || n < 1) throw new Error(`batch size n must be a positive integer, got ${n}`);
    if (x.length !== n * this.inSize) {
      throw new Error(
        `input length ${x.length} does not match n=${n} samples of [${this.inShape.join(', ')}] (${n * this.inSize} values)`,
      );
    }
  }

  private checkTargets(targets: Arr, n: number): void {
    if (targets.length !== n * this.targetsPerSample) {
      throw new Error(
        `targets length ${targets.length} does not match n=${n} for ${this.spec.loss} (${n * this.targetsPerSample} values)`,
      );
    }
  }
}

/**
 * Builds the layers of a spec (validating every shape), initialises Dense/Conv2d weights from
 * Rng(spec.seed) and wires the optimizer. Weights are drawn in layer order from one stream and
 * dropout masks from another, so adding or removing dropout or norm layers keeps the same initial
 * weights for the same seed. precision defaults to float32; kernels to `defaultKernels` (WASM SIMD where supported, else JS: the same bits).
 */
export function buildModel(
  spec: ModelSpec,
  precision: Precision = 'float32',
  kernels: Kernels = defaultKernels,
): Model {
  if (spec.input.length === 0 || !spec.input.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new Error(`input shape must be positive integers, got [${spec.input.join(', ')}]`);
  }
  const root = new Rng(spec.seed);
  const initRng = root.fork();
  const dropoutRng = root.fork();
  const layers: Layer[] = [];
  let shape: SampleShape = spec.input;
  /** Residual blocks still open: each `add` closes the innermost `skip`. */
  const open: Skip[] = [];
  spec.layers.forEach((layerSpec, i) => {
    let layer: Layer;
    try {
      if (layerSpec.type === 'skip') {
        layer = new Skip(shape, precision);
        open.push(layer as Skip);
      } else if (layerSpec.type === 'add') {
        const skip = open.pop();
        if (skip === undefined) throw new Error("add has no open { type: 'skip' } before it");
        layer = new Add(shape, skip, precision);
      } else {
        layer = createLayer(layerSpec, shape, precision, kernels, dropoutRng);
      }
    } catch (error) {
      throw new Error(`layers[${i}]: ${(error as Error).message}`);
    }
    if (layer instanceof Dense) {
      initWeight(layer.weight.value, spec.init, layer.inF, layer.outF, initRng);
    } else if (layer instanceof Conv2d) {
      const area = layer.kernel * layer.kernel;
      initWeight(layer.weight.value, spec.init, layer.channels * area, layer.filters * area, initRng);
    }
    layers.push(layer);
    shape = layer.outShape;
  });
  if (open.length > 0) {
    throw new Error(
      `${open.length} residual block(s) opened by { type: 'skip' } never closed by { type: 'add' }`,
    );
  }
  return new Model(spec, precision, kernels, layers);
}

function createLayer(
  spec: Exclude<LayerSpec, { type: 'skip' | 'add' }>,
  inShape: SampleShape,
  precision: Precision,
  kernels: Kernels,
  dropoutRng: Rng,
): Layer {
  switch (spec.type) {
    case 'dense':
      return new Dense(inShape, spec.units, spec.bias ?? true, precision, kernels);
    case 'conv2d':
      return new Conv2d(inShape, spec, precision, kernels);
    case 'maxpool2d':
      return new MaxPool2d(inShape, spec.size, spec.stride, precision);
    case 'avgpool2d':
      return new AvgPool2d(inShape, spec.size, spec.stride, precision);
    case 'flatten':
      return new Flatten(inShape);
    case 'relu':
      return new ReLU(inShape, precision);
    case 'sigmoid':
      return new Sigmoid(inShape, precision);
    case 'tanh':
      return new Tanh(inShape, precision);
    case 'dropout':
      return new Dropout(inShape, spec.rate, dropoutRng.fork(), precision);
    default: {
      // Every other type is a normalizer (norm/catalog.ts); createNorm names an unknown one.
      const norm = createNorm(spec, inShape, precision);
      norm.kernels = kernels;
      return norm;
    }
  }
}
