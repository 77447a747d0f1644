// What every library adapter provides: a training step for a workload (forward + backward +
// SGD-with-momentum update on the shared seeded batches) and, where the library has one, a
// float32 matrix multiply for W4. Adapters build everything (weights, tensors, vols) up front so
// that the timed step does only what a training loop would.

import type { Batch, Workload } from '../workloads.ts';

/**
 * 'normlab' runs the engine's default kernels (WebAssembly SIMD with float64 sums where supported);
 * 'normlab-js' the JS reference (the fallback, same bits); 'normlab-f32' the opt-in float32-lane
 * WebAssembly GEMM (faster, not the reference's bits).
 */
export type LibraryId = 'normlab' | 'normlab-js' | 'normlab-f32' | 'tfjs-cpu' | 'tfjs-wasm' | 'convnetjs';
export const LIBRARY_IDS: readonly LibraryId[] = [
  'normlab',
  'normlab-js',
  'normlab-f32',
  'tfjs-cpu',
  'tfjs-wasm',
  'convnetjs',
];

export interface TrainRunner {
  /** One training step on the next batch (step s uses batches[s % batches.length]). */
  step(): void;
  /** Runs one more step and returns its mean loss (a sanity check, outside the timing). */
  lossOfNextStep(): number;
  /** Objects the library keeps alive (TF.js: tf.memory().numTensors), where it counts them. */
  liveObjects?(): number;
  dispose(): void;
}

export interface GemmRunner {
  /** C = A B for the two (size x size) operands given at creation. */
  run(): void;
  /** C[0, 0], C[size - 1, size - 1] of the last product (to check every library computes the same C). */
  corners(): [number, number];
  dispose(): void;
}

export interface Library {
  readonly id: LibraryId;
  /** Column title in the tables, e.g. 'TF.js wasm'. */
  readonly label: string;
  readonly version: string;
  /** What the run actually used (backend, SIMD, threads, ...), for the report. */
  details(): Record<string, string | number | boolean>;
  /** null when the library can run the workload, else why it cannot (the table shows n/a). */
  unsupported(w: Workload): string | null;
  train(w: Workload, batches: readonly Batch[]): TrainRunner;
  /** null when the library has no matrix multiply of its own. */
  gemm(size: number, a: Float32Array, b: Float32Array): GemmRunner | null;
}

/** Where the environment keeps things a library may need at start-up. */
export interface LibraryEnv {
  /** URL or directory prefix (ending in '/') of the tfjs-backend-wasm .wasm binaries. */
  wasmPath: string;
}
