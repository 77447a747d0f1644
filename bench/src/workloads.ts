// The benchmark's workloads, defined once and shared by every library adapter, in node and in the
// browser worker: architecture, batch size, loss, the optimizer's hyper-parameters and the seeded
// data. Every library trains on the very same numbers (only their memory layout differs).

import { Rng } from '../../engine/core/rng.ts';

/** SGD with momentum, PyTorch convention (buf = mu buf + g; p -= lr buf), for every library. */
export const LEARNING_RATE = 0.1;
export const MOMENTUM = 0.9;
/** BatchNorm: PyTorch defaults (eps 1e-5, running statistics with momentum 0.1). */
export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

/** Seed of the data (inputs and targets) and of every library's initial weights. */
export const SEED = 20261121;
/** Distinct batches per workload; steps cycle through them (step s trains on batch s % N). */
export const BATCHES_PER_WORKLOAD = 4;

export type WorkloadId = 'W1' | 'W1-bn' | 'W2' | 'W2-bn' | 'W3' | 'W3-bn';

export interface MlpWorkload {
  id: WorkloadId;
  kind: 'mlp';
  title: string;
  /** BatchNorm before each hidden activation (the hidden dense layers then have no bias). */
  bn: boolean;
  inputs: number;
  hidden: number[];
  activation: 'tanh' | 'sigmoid';
  outputs: number;
  loss: 'mse' | 'softmax-cross-entropy';
  batch: number;
}

export interface CnnWorkload {
  id: WorkloadId;
  kind: 'cnn';
  title: string;
  /** BatchNorm after each conv, before its ReLU (the convs then have no bias). */
  bn: boolean;
  /** One sample is [channels, height, width]. */
  channels: number;
  height: number;
  width: number;
  /** Each block: conv kernel x kernel (stride 1, zero padding `padding`) -> [BN] -> ReLU -> maxpool pool. */
  convs: number[];
  kernel: number;
  padding: number;
  pool: number;
  outputs: number;
  loss: 'softmax-cross-entropy';
  batch: number;
}

export type Workload = MlpWorkload | CnnWorkload;

const w1: MlpWorkload = {
  id: 'W1',
  kind: 'mlp',
  title: 'MLP 2-8-8-1 tanh, MSE, batch 16',
  bn: false,
  inputs: 2,
  hidden: [8, 8],
  activation: 'tanh',
  outputs: 1,
  loss: 'mse',
  batch: 16,
};
const w2: MlpWorkload = {
  id: 'W2',
  kind: 'mlp',
  title: 'MLP 784-100-100-100-10 sigmoid, softmax CE, batch 60',
  bn: false,
  inputs: 784,
  hidden: [100, 100, 100],
  activation: 'sigmoid',
  outputs: 10,
  loss: 'softmax-cross-entropy',
  batch: 60,
};
const w3: CnnWorkload = {
  id: 'W3',
  kind: 'cnn',
  title: 'CNN 1x28x28: conv3x3(8)-ReLU-pool2-conv3x3(16)-ReLU-pool2-dense10, softmax CE, batch 32',
  bn: false,
  channels: 1,
  height: 28,
  width: 28,
  convs: [8, 16],
  kernel: 3,
  padding: 1,
  pool: 2,
  outputs: 10,
  loss: 'softmax-cross-entropy',
  batch: 32,
};

/** W1, W1-bn, W2, W2-bn, W3, W3-bn in table order. */
export const WORKLOADS: readonly Workload[] = [
  w1,
  { ...w1, id: 'W1-bn', title: `${w1.title}, BatchNorm before each tanh`, bn: true },
  w2,
  { ...w2, id: 'W2-bn', title: `${w2.title}, BatchNorm before each sigmoid`, bn: true },
  w3,
  { ...w3, id: 'W3-bn', title: `${w3.title}, BatchNorm after each conv`, bn: true },
];

/** W4: C = A B with A, B, C (GEMM_SIZE x GEMM_SIZE) float32. */
export const GEMM_SIZE = 256;
export const GEMM_FLOPS = 2 * GEMM_SIZE ** 3;

export function workloadById(id: string): Workload {
  const found = WORKLOADS.find((w) => w.id === id);
  if (!found) throw new Error(`unknown workload ${id}`);
  return found;
}

/** Values in one input sample. */
export function sampleSize(w: Workload): number {
  return w.kind === 'mlp' ? w.inputs : w.channels * w.height * w.width;
}

/**
 * One batch. x is row-major (n, features) for an MLP and NCHW for the CNN:
 * x[((i * C + c) * H + h) * W + w]. y holds n class indices (as floats) for softmax CE, or
 * (n, outputs) regression targets for MSE.
 */
export interface Batch {
  n: number;
  x: Float32Array;
  y: Float32Array;
}

/**
 * The workload's batches, identical for every library and environment: inputs uniform in
 * [-1, 1) for the 2-D toy MLP and in [0, 1) (pixel-like) otherwise; class indices uniform in
 * [0, outputs); regression targets uniform in [-1, 1).
 */
export function makeBatches(w: Workload, count = BATCHES_PER_WORKLOAD, seed = SEED): Batch[] {
  const rng = new Rng(seed + WORKLOADS.findIndex((o) => o.id === w.id.replace('-bn', '')));
  const size = sampleSize(w);
  const batches: Batch[] = [];
  for (let b = 0; b < count; b++) {
    const x = new Float32Array(w.batch * size);
    const signed = w.kind === 'mlp' && w.inputs === 2;
    for (let i = 0; i < x.length; i++) x[i] = signed ? 2 * rng.uniform() - 1 : rng.uniform();
    const y =
      w.loss === 'mse'
        ? Float32Array.from({ length: w.batch * w.outputs }, () => 2 * rng.uniform() - 1)
        : Float32Array.from({ length: w.batch }, () => rng.int(w.outputs));
    batches.push({ n: w.batch, x, y });
  }
  return batches;
}

/** Two seeded (GEMM_SIZE x GEMM_SIZE) operands for W4, uniform in [-1, 1). */
export function makeGemmOperands(seed = SEED): { a: Float32Array; b: Float32Array } {
  const rng = new Rng(seed + 100);
  const fill = () => Float32Array.from({ length: GEMM_SIZE * GEMM_SIZE }, () => 2 * rng.uniform() - 1);
  return { a: fill(), b: fill() };
}
