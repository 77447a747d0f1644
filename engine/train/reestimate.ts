// AdaBN (Li et al. 2016): re-estimate every BatchNorm's population statistics on new data (e.g. a
// shifted test domain, lesson 11) by forward passes only: no backward, no optimizer step. Running
// statistics restart from (0, 1) and use a cumulative average (momentum null), as PyTorch does with
// momentum=None; each BN's momentum and frozen flag are restored afterwards.

import type { Arr } from '../core/types.ts';
import { sizeOf } from '../core/types.ts';
import { BatchNorm } from '../norm/batch-norm.ts';
import type { Model } from './model.ts';

/**
 * Runs `count` samples of x ((count, ...inShape)) through the model in chunks of batchSize. BatchNorm
 * layers run in train mode (so they collect statistics) and every other layer in eval mode, so
 * dropout is the identity and does not perturb the statistics. The cumulative average weighs every
 * chunk equally, so with count a multiple of batchSize the running mean is exactly the data's mean.
 * A final chunk of a single sample is skipped (BN cannot take train-mode statistics of one (1, C) row).
 * The model's layerInputs/layerOutputs are not updated. Returns the number of chunks used (0 without BN).
 */
export function reestimateBatchNorm(model: Model, x: Arr, count: number, batchSize: number): number {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`reestimate count must be a positive integer, got ${count}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`reestimate batchSize must be a positive integer, got ${batchSize}`);
  }
  const inSize = sizeOf(model.inShape);
  if (x.length !== count * inSize) {
    throw new Error(
      `input length ${x.length} does not match count=${count} samples of [${model.inShape.join(', ')}]`,
    );
  }
  const norms = model.layers.filter((layer): layer is BatchNorm => layer instanceof BatchNorm);
  if (norms.length === 0) return 0;
  const saved = norms.map((bn) => ({ momentum: bn.momentum, frozen: bn.frozen }));
  for (const bn of norms) {
    bn.resetRunningStats();
    bn.momentum = null;
    bn.frozen = false;
  }
  let chunks = 0;
  try {
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      if (n === 1 && start > 0) break;
      let a: Arr = x.subarray(start * inSize, (start + n) * inSize);
      for (const layer of model.layers)
        a = layer.forward(a, n, layer instanceof BatchNorm ? 'train' : 'eval');
      chunks++;
    }
  } finally {
    norms.forEach((bn, i) => {
      bn.momentum = saved[i].momentum;
      bn.frozen = saved[i].frozen;
    });
  }
  return chunks;
}
