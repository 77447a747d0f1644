// NormLab's engine: a ModelSpec per workload, built with buildModel (float32, the given kernel
// backend: the engine's default (WebAssembly SIMD, float64 sums) as 'normlab', the JS reference as
// 'normlab-js', the float32-lane WebAssembly GEMM as 'normlab-f32'),
// trained with model.trainStep; W4 calls kernels.gemm directly.

import type { Kernels } from '../../../engine/core/kernels.ts';
import type { LayerSpec, ModelSpec } from '../../../engine/core/spec.ts';
import { buildModel } from '../../../engine/train/model.ts';
import { BN_EPS, BN_MOMENTUM, LEARNING_RATE, MOMENTUM, SEED, type Workload } from '../workloads.ts';
import type { GemmRunner, Library, TrainRunner } from './library.ts';

/** The workload as a NormLab ModelSpec (exported for the heap test and for profiling). */
export function specFor(w: Workload): ModelSpec {
  const layers: LayerSpec[] = [];
  const bn: LayerSpec = { type: 'batchnorm', eps: BN_EPS, momentum: BN_MOMENTUM };
  if (w.kind === 'mlp') {
    for (const units of w.hidden) {
      layers.push({ type: 'dense', units, bias: !w.bn });
      if (w.bn) layers.push(bn);
      layers.push({ type: w.activation });
    }
    layers.push({ type: 'dense', units: w.outputs });
  } else {
    for (const filters of w.convs) {
      layers.push({ type: 'conv2d', filters, kernel: w.kernel, padding: w.padding, bias: !w.bn });
      if (w.bn) layers.push(bn);
      layers.push({ type: 'relu' }, { type: 'maxpool2d', size: w.pool });
    }
    layers.push({ type: 'flatten' }, { type: 'dense', units: w.outputs });
  }
  return {
    input: w.kind === 'mlp' ? [w.inputs] : [w.channels, w.height, w.width],
    layers,
    loss: w.loss,
    optimizer: { type: 'sgd', lr: LEARNING_RATE, momentum: MOMENTUM },
    init: { type: w.kind === 'cnn' ? 'kaiming' : 'xavier' },
    seed: SEED,
  };
}

const LABELS = { normlab: 'NormLab', 'normlab-js': 'NormLab JS', 'normlab-f32': 'NormLab WASM f32' } as const;

export function createNormLab(id: keyof typeof LABELS, version: string, kernels: Kernels): Library {
  return {
    id,
    label: LABELS[id],
    version,
    details: () => ({ precision: 'float32', kernels: kernels.name }),
    unsupported: () => null,
    train(w, batches): TrainRunner {
      const model = buildModel(specFor(w), 'float32', kernels);
      let s = 0;
      const step = () => {
        const b = batches[s++ % batches.length];
        return model.trainStep(b.x, b.y, b.n).loss;
      };
      return { step, lossOfNextStep: step, dispose() {} };
    },
    gemm(size, a, b): GemmRunner {
      const c = new Float32Array(size * size);
      return {
        run: () => kernels.gemm(false, false, size, size, size, a, 0, size, b, 0, size, c, 0, size, false),
        corners: () => [c[0], c[size * size - 1]],
        dispose() {},
      };
    },
  };
}
