// A training fingerprint: a hash of the exact float32 bits of the losses of a few seeded
// training runs (a BatchNorm MLP on the spiral, a GroupNorm CNN on synthetic images, and a
// BatchNorm MLP of MNIST's size on synthetic digits, whose products are large enough to run in
// the WebAssembly GEMM). The node test and the Chromium tests (page and worker) assert the same
// constant for both kernel backends, which proves that the same seed gives the same run, bit for
// bit, wherever it runs and whichever backend the engine picked.

import type { Kernels } from '../core/kernels.ts';
import { Rng } from '../core/rng.ts';
import { defaultKernels } from '../core/wasm-kernels.ts';
import { Batcher } from '../data/batcher.ts';
import { fnv1a32 } from '../data/mnist.ts';
import { experimentData, experimentSpec } from '../experiment/build-experiment.ts';
import { DEFAULT_CONFIG } from '../experiment/experiment.ts';
import { cnnSpec, mlpSpec } from '../experiment/presets.ts';
import { buildModel } from '../train/model.ts';

export const FINGERPRINT_STEPS = 25;
/** Steps of the MNIST-sized MLP (784-64-10, batch 32): its products run in WASM (m*n*k >= WASM_GEMM_MIN). */
export const FINGERPRINT_WIDE_STEPS = 10;

/** What fingerprint.worker.ts posts back: each backend's hash and the worker's default backend. */
export interface WorkerFingerprint {
  defaultBackend: string;
  js: number;
  wasm: number;
  /** Whether the WASM run did run GEMMs in WebAssembly. */
  wasmGemms: boolean;
}

/** The fingerprint of the runs through `kernels` (the engine's default backend unless given). */
export function trainingFingerprint(kernels: Kernels = defaultKernels): { hash: number; losses: number[] } {
  const losses = new Float32Array(FINGERPRINT_STEPS * 2 + FINGERPRINT_WIDE_STEPS);
  const config = { ...DEFAULT_CONFIG, dropout: 0.1 };
  const data = experimentData(config, null);
  const mlp = buildModel(experimentSpec(config, data.inputShape, data.classes), 'float32', kernels);
  const batcher = new Batcher(data.train, new Rng(config.seed).fork());
  for (let s = 0; s < FINGERPRINT_STEPS; s++) {
    const b = batcher.next(config.batchSize);
    losses[s] = mlp.trainStep(b.x, b.y, b.n).loss;
  }
  const cnn = buildModel(
    cnnSpec({
      input: [1, 12, 12],
      channels: [4, 8],
      norm: { type: 'groupnorm', groups: 2 },
      optimizer: { type: 'adam', lr: 0.01 },
      seed: 3,
    }),
    'float32',
    kernels,
  );
  const rng = new Rng(11);
  const x = Float32Array.from({ length: 8 * 144 }, () => rng.uniform());
  const y = Float32Array.from({ length: 8 }, (_, i) => i % 10);
  for (let s = 0; s < FINGERPRINT_STEPS; s++) losses[FINGERPRINT_STEPS + s] = cnn.trainStep(x, y, 8).loss;
  const wide = buildModel(
    mlpSpec({ input: 784, hidden: [64], classes: 10, norm: { type: 'batchnorm' }, seed: 5 }),
    'float32',
    kernels,
  );
  const wx = Float32Array.from({ length: 32 * 784 }, () => rng.uniform());
  const wy = Float32Array.from({ length: 32 }, (_, i) => (i * 7) % 10);
  for (let s = 0; s < FINGERPRINT_WIDE_STEPS; s++) {
    losses[2 * FINGERPRINT_STEPS + s] = wide.trainStep(wx, wy, 32).loss;
  }
  return { hash: fnv1a32(new Uint8Array(losses.buffer)), losses: Array.from(losses) };
}
