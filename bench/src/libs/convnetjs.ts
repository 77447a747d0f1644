// ConvNetJS 0.3: the same architectures from layer definitions, trained with its Trainer (sgd,
// momentum, batch_size = the workload's batch: gradients of batch_size single-sample train() calls
// are averaged, then one update), which is how ConvNetJS trains. One step = batch_size calls.
// It has no BatchNorm (the -bn rows are n/a) and no matrix multiply of its own (W4 n/a).

import convnetjs from 'convnetjs';
import { Rng } from '../../../engine/core/rng.ts';
import { type Batch, LEARNING_RATE, MOMENTUM, SEED, type Workload } from '../workloads.ts';
import type { Library, TrainRunner } from './library.ts';

function layerDefs(w: Workload): Record<string, unknown>[] {
  if (w.kind === 'mlp') {
    return [
      { type: 'input', out_sx: 1, out_sy: 1, out_depth: w.inputs },
      ...w.hidden.map((units) => ({ type: 'fc', num_neurons: units, activation: w.activation })),
      w.loss === 'mse'
        ? { type: 'regression', num_neurons: w.outputs }
        : { type: 'softmax', num_classes: w.outputs },
    ];
  }
  return [
    { type: 'input', out_sx: w.width, out_sy: w.height, out_depth: w.channels },
    ...w.convs.flatMap((filters) => [
      { type: 'conv', sx: w.kernel, filters, stride: 1, pad: w.padding, activation: 'relu' },
      { type: 'pool', sx: w.pool, stride: w.pool },
    ]),
    { type: 'softmax', num_classes: w.outputs },
  ];
}

/** ConvNetJS draws its initial weights from Math.random: seed it for the construction only. */
function withSeededMathRandom<T>(seed: number, make: () => T): T {
  const rng = new Rng(seed);
  const saved = Math.random;
  Math.random = () => rng.uniform();
  try {
    return make();
  } finally {
    Math.random = saved;
  }
}

export function createConvNetJs(version: string): Library {
  return {
    id: 'convnetjs',
    label: 'ConvNetJS',
    version,
    details: () => ({ storage: 'Float64Array Vols, one sample per train() call' }),
    unsupported: (w) => (w.bn ? 'ConvNetJS has no BatchNorm' : null),
    train(w, batches: readonly Batch[]): TrainRunner {
      const net = withSeededMathRandom(SEED, () => {
        const n = new convnetjs.Net();
        n.makeLayers(layerDefs(w));
        return n;
      });
      const batch = w.batch;
      const trainer = new convnetjs.Trainer(net, {
        method: 'sgd',
        learning_rate: LEARNING_RATE,
        momentum: MOMENTUM,
        batch_size: batch,
        l1_decay: 0,
        l2_decay: 0,
      });
      // Vol layout ((sx * y) + x) * depth + d: for an MLP (1, 1, F) that is the feature index, for
      // one-channel images (W, H, 1) it is h * W + w, the same order as NCHW with C = 1.
      if (w.kind === 'cnn' && w.channels !== 1) throw new Error('the Vol copy assumes one input channel');
      const size = w.kind === 'mlp' ? w.inputs : w.height * w.width;
      const samples = batches.map((b) =>
        Array.from({ length: b.n }, (_, i) => {
          const vol =
            w.kind === 'mlp'
              ? new convnetjs.Vol(1, 1, w.inputs, 0)
              : new convnetjs.Vol(w.width, w.height, 1, 0);
          for (let j = 0; j < size; j++) vol.w[j] = b.x[i * size + j];
          const target: number | number[] =
            w.loss === 'mse' ? Array.from(b.y.subarray(i * w.outputs, (i + 1) * w.outputs)) : b.y[i];
          return { vol, target };
        }),
      );
      let s = 0;
      const step = () => {
        const batchSamples = samples[s++ % samples.length];
        let total = 0;
        for (let i = 0; i < batch; i++)
          total += trainer.train(batchSamples[i].vol, batchSamples[i].target).cost_loss;
        return total / batch;
      };
      return { step, lossOfNextStep: step, dispose() {} };
    },
    gemm: () => null,
  };
}
