// TensorFlow.js (tfjs-core with the cpu or wasm backend): the workloads written with tfjs-core ops
// as TF.js users write them without tfjs-layers: variables, tf.fused.matMul / tf.fused.conv2d
// with bias, tf.moments + tf.batchNorm (running statistics updated each step, like NormLab and
// PyTorch), tf.losses, and optimizer.minimize with tf.train.momentum. Production mode is on and
// the backend picks its fastest variant (the wasm backend uses SIMD, and threads when the page is
// cross-origin isolated); nothing is turned down.

import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../engine/core/rng.ts';
import { initStd } from '../../../engine/train/init.ts';
import {
  type Batch,
  BN_EPS,
  BN_MOMENTUM,
  type CnnWorkload,
  LEARNING_RATE,
  type MlpWorkload,
  MOMENTUM,
  SEED,
  type Workload,
} from '../workloads.ts';
import type { GemmRunner, Library, LibraryEnv, TrainRunner } from './library.ts';

type Backend = 'cpu' | 'wasm';

/** Initialises the backend; call once per process or worker, before createTfjs. */
export async function initTfjs(backend: Backend, env: LibraryEnv): Promise<void> {
  tf.enableProdMode();
  if (backend === 'wasm') setWasmPaths(env.wasmPath);
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not initialise the ${backend} backend`);
  await tf.ready();
}

export function createTfjs(backend: Backend): Library {
  return {
    id: backend === 'cpu' ? 'tfjs-cpu' : 'tfjs-wasm',
    label: `TF.js ${backend}`,
    version: tf.version_core,
    details(): Record<string, string | number | boolean> {
      const details: Record<string, string | number | boolean> = { backend: tf.getBackend() };
      if (backend === 'wasm') {
        details.simd = Boolean(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'));
        details.multithread = Boolean(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'));
        details.threads = getThreadsCount();
      }
      return details;
    },
    unsupported(w) {
      // tfjs-backend-wasm 4.22 has conv2d forward but not its gradients: it cannot train a CNN.
      const needed = w.kind === 'cnn' ? ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'] : [];
      const missing = needed.filter((kernel) => tf.getKernel(kernel, backend) === undefined);
      return missing.length > 0 ? `no ${missing.join(', ')} kernel in the ${backend} backend` : null;
    },
    train: (w, batches) => train(w, batches, denseOn(backend)),
    gemm(size, a, b): GemmRunner {
      const ta = tf.tensor2d(a, [size, size]);
      const tb = tf.tensor2d(b, [size, size]);
      let c: tf.Tensor | null = null;
      return {
        // The cpu and wasm kernels run synchronously inside matMul: no read-back needed to time it.
        run() {
          c?.dispose();
          c = tf.matMul(ta, tb);
        },
        corners() {
          const values = (c as tf.Tensor).dataSync();
          return [values[0], values[size * size - 1]];
        },
        dispose() {
          c?.dispose();
          tf.dispose([ta, tb]);
        },
      };
    },
  };
}

/** A BatchNorm over every axis but the last (dense: batch; NHWC conv: batch, height, width). */
interface Norm {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
}

function makeNorm(channels: number, trainable: tf.Variable[]): Norm {
  const gamma = tf.variable(tf.ones([channels]));
  const beta = tf.variable(tf.zeros([channels]));
  trainable.push(gamma, beta);
  return {
    gamma,
    beta,
    runningMean: tf.variable(tf.zeros([channels]), false),
    runningVar: tf.variable(tf.ones([channels]), false),
  };
}

/** Train-mode BatchNorm with PyTorch's running-statistics update (unbiased variance). */
function batchNorm(x: tf.Tensor, norm: Norm, axes: number[]): tf.Tensor {
  const { mean, variance } = tf.moments(x, axes);
  const count = axes.reduce((m, axis) => m * x.shape[axis], 1);
  norm.runningMean.assign(tf.add(tf.mul(norm.runningMean, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
  const unbiased = tf.mul(variance, (BN_MOMENTUM * count) / (count - 1));
  norm.runningVar.assign(tf.add(tf.mul(norm.runningVar, 1 - BN_MOMENTUM), unbiased));
  return tf.batchNorm(x, mean, variance, norm.beta, norm.gamma, BN_EPS);
}

function normalWeights(
  shape: number[],
  fanIn: number,
  fanOut: number,
  kaiming: boolean,
  rng: Rng,
): tf.Variable {
  const std = initStd(kaiming ? { type: 'kaiming' } : { type: 'xavier' }, fanIn, fanOut);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => std * rng.normal());
  return tf.variable(tf.tensor(values, shape));
}

interface Dense {
  weight: tf.Variable;
  bias: tf.Variable | null;
}

function makeDense(
  inF: number,
  outF: number,
  bias: boolean,
  kaiming: boolean,
  trainable: tf.Variable[],
  rng: Rng,
): Dense {
  const weight = normalWeights([inF, outF], inF, outF, kaiming, rng);
  trainable.push(weight);
  const b = bias ? tf.variable(tf.zeros([outF])) : null;
  if (b) trainable.push(b);
  return { weight, bias: b };
}

export function dense(x: tf.Tensor, layer: Dense): tf.Tensor {
  return layer.bias
    ? tf.fused.matMul({ a: x as tf.Tensor2D, b: layer.weight as tf.Tensor2D, bias: layer.bias })
    : tf.matMul(x as tf.Tensor2D, layer.weight as tf.Tensor2D);
}

/**
 * The wasm backend's BatchMatMul runs XNNPACK only when neither operand is transposed; with
 * transposeA or transposeB it takes a plain loop that is 5-8x slower on W2's shapes. tfjs-core's
 * matMul gradient asks for exactly those (dX = dY W^T, dW = X^T dY), so on wasm the dense layer
 * computes the same gradients with an explicit tf.transpose (a fast kernel) and untransposed
 * products, through tf.customGrad. Same math, same values up to float32 rounding.
 */
const denseUntransposed = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const save = args[args.length - 1] as tf.GradSaveFunc;
  const [x, weight, bias] = args.slice(0, -1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D | undefined];
  save([x, weight]);
  const value = bias ? tf.fused.matMul({ a: x, b: weight, bias }) : tf.matMul(x, weight);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as tf.Tensor2D[];
      const dy2 = dy as tf.Tensor2D;
      const grads = [tf.matMul(dy2, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy2)];
      return bias ? [...grads, tf.sum(dy2, 0)] : grads;
    },
  };
});

export function denseOn(backend: Backend): DenseFn {
  if (backend !== 'wasm') return dense;
  return (x, layer) =>
    layer.bias ? denseUntransposed(x, layer.weight, layer.bias) : denseUntransposed(x, layer.weight);
}

type Forward = (x: tf.Tensor) => tf.Tensor;

type DenseFn = (x: tf.Tensor, layer: Dense) => tf.Tensor;

function buildMlp(w: MlpWorkload, trainable: tf.Variable[], rng: Rng, dense: DenseFn): Forward {
  const act = w.activation === 'tanh' ? tf.tanh : tf.sigmoid;
  const sizes = [w.inputs, ...w.hidden];
  const hidden = w.hidden.map((units, i) => ({
    dense: makeDense(sizes[i], units, !w.bn, false, trainable, rng),
    norm: w.bn ? makeNorm(units, trainable) : null,
  }));
  const out = makeDense(sizes[sizes.length - 1], w.outputs, true, false, trainable, rng);
  return (x) => {
    let h = x;
    for (const layer of hidden) {
      h = dense(h, layer.dense);
      if (layer.norm) h = batchNorm(h, layer.norm, [0]);
      h = act(h);
    }
    return dense(h, out);
  };
}

function buildCnn(w: CnnWorkload, trainable: tf.Variable[], rng: Rng, dense: DenseFn): Forward {
  let channels = w.channels;
  let height = w.height;
  let width = w.width;
  const area = w.kernel * w.kernel;
  const blocks = w.convs.map((filters) => {
    const filter = normalWeights(
      [w.kernel, w.kernel, channels, filters],
      channels * area,
      filters * area,
      true,
      rng,
    );
    trainable.push(filter);
    const bias = w.bn ? null : tf.variable(tf.zeros([filters]));
    if (bias) trainable.push(bias);
    const norm = w.bn ? makeNorm(filters, trainable) : null;
    channels = filters;
    height = Math.floor(height / w.pool);
    width = Math.floor(width / w.pool);
    return { filter, bias, norm };
  });
  const flat = channels * height * width;
  const out = makeDense(flat, w.outputs, true, true, trainable, rng);
  return (x) => {
    let h = x;
    for (const { filter, bias, norm } of blocks) {
      const f = filter as tf.Tensor4D;
      h = bias
        ? tf.fused.conv2d({ x: h as tf.Tensor4D, filter: f, strides: 1, pad: w.padding, bias })
        : tf.conv2d(h as tf.Tensor4D, f, 1, w.padding);
      if (norm) h = batchNorm(h, norm, [0, 1, 2]);
      h = tf.maxPool(tf.relu(h) as tf.Tensor4D, w.pool, w.pool, 'valid');
    }
    return dense(tf.reshape(h, [h.shape[0], flat]), out);
  };
}

export function train(w: Workload, batches: readonly Batch[], dense: DenseFn): TrainRunner {
  const rng = new Rng(SEED);
  const trainable: tf.Variable[] = [];
  const forward = w.kind === 'mlp' ? buildMlp(w, trainable, rng, dense) : buildCnn(w, trainable, rng, dense);
  // Inputs: (n, features), or NHWC; with one channel, NCHW and NHWC hold the same values.
  if (w.kind === 'cnn' && w.channels !== 1) throw new Error('the NHWC copy assumes one input channel');
  const xs = batches.map((b) =>
    w.kind === 'mlp'
      ? tf.tensor2d(b.x, [b.n, w.inputs])
      : tf.tensor4d(b.x, [b.n, w.height, w.width, w.channels]),
  );
  const ys = batches.map((b) =>
    w.loss === 'mse'
      ? tf.tensor2d(b.y, [b.n, w.outputs])
      : tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(b.y), 'int32'), w.outputs), 'float32')),
  );
  const optimizer = tf.train.momentum(LEARNING_RATE, MOMENTUM);
  let s = 0;
  const lossOf = (i: number) => () => {
    const logits = forward(xs[i]);
    return (
      w.loss === 'mse'
        ? tf.losses.meanSquaredError(ys[i], logits)
        : tf.losses.softmaxCrossEntropy(ys[i], logits)
    ) as tf.Scalar;
  };
  const losses = batches.map((_, i) => lossOf(i));
  return {
    step() {
      optimizer.minimize(losses[s++ % batches.length], false, trainable);
    },
    lossOfNextStep() {
      const cost = optimizer.minimize(losses[s++ % batches.length], true, trainable) as tf.Scalar;
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    liveObjects: () => tf.memory().numTensors,
    dispose() {
      optimizer.dispose();
      tf.dispose([...xs, ...ys]);
      tf.disposeVariables();
    },
  };
}
