// The worker's `fold` request (lesson 13): fold a run's BatchNorms into the layers before them
// (train/fold.ts) and measure the result on test images — how far the folded model's logits are
// from the unfolded model's in eval mode (the fold's whole promise), and from the same model in
// train mode (what folding does NOT reproduce), plus the layers and multiplies it saves. The
// run's own model is never changed: the train-mode pass runs on a copy.

import { pickSamples, type Split } from '../data/dataset.ts';
import { isNorm } from '../norm/catalog.ts';
import { cloneWithoutDropout, countBatchNorms, countMultiplies, foldBatchNorm } from '../train/fold.ts';
import type { Model } from '../train/model.ts';
import type { FoldResult } from './protocol.ts';

/** Logits for `count` samples of `x`, forwarded `batchSize` at a time, copied into one array. */
function logits(model: Model, x: Float32Array, count: number, batchSize: number, mode: 'train' | 'eval') {
  const size = x.length / count;
  let out: Float32Array | null = null;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const y = model.forward(x.subarray(start * size, (start + n) * size), n, mode);
    const k = y.length / n;
    out ??= new Float32Array(count * k);
    out.set(y, start * k);
  }
  return out ?? new Float32Array(0);
}

function argmax(z: Float32Array, count: number): Int32Array {
  const k = z.length / count;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (z[i * k + j] > z[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function share(a: Int32Array, b: ArrayLike<number>, same: boolean): number {
  let hits = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] === b[i]) === same) hits++;
  return a.length === 0 ? 0 : hits / a.length;
}

/**
 * Folds `model` and compares it with the original on the first `count` test images of `test`:
 * eval mode in batches of 250 (batch size does not change eval outputs), train mode in batches of
 * `batchSize` (≥ 2; a train-mode BatchNorm normalizes with each batch's own statistics).
 */
export function foldResult(
  model: Model,
  test: Split,
  count: number,
  batchSize: number,
  step: number,
): FoldResult {
  if (!Number.isInteger(batchSize) || batchSize < 2)
    throw new Error(`fold: the train-mode batch size must be an integer of at least 2 (got ${batchSize})`);
  const images = Math.max(1, Math.min(Math.floor(count), test.count));
  const picked = pickSamples(
    test,
    Array.from({ length: images }, (_, i) => i),
  );
  const folded = foldBatchNorm(model);
  const before = logits(model, picked.x, images, 250, 'eval');
  const after = logits(folded, picked.x, images, 250, 'eval');
  const train = logits(cloneWithoutDropout(model), picked.x, images, batchSize, 'train');
  const predicted = argmax(before, images);
  const foldedPredicted = argmax(after, images);
  const trainPredicted = argmax(train, images);
  return {
    step,
    images,
    batchSize,
    maxDifference: maxAbsDifference(before, after),
    trainModeDifference: maxAbsDifference(train, after),
    accuracy: share(predicted, picked.y, true),
    foldedAccuracy: share(foldedPredicted, picked.y, true),
    trainModeAccuracy: share(trainPredicted, picked.y, true),
    changedFromEval: share(foldedPredicted, predicted, false),
    changedFromTrainMode: share(foldedPredicted, trainPredicted, false),
    layersBefore: model.layers.length,
    layersAfter: folded.layers.length,
    batchNormsBefore: countBatchNorms(model),
    batchNormsAfter: countBatchNorms(folded),
    normalizersLeft: folded.layers.filter((l) => isNorm(l)).map((l) => l.kind),
    multipliesBefore: countMultiplies(model),
    multipliesAfter: countMultiplies(folded),
  };
}
