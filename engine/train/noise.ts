// Lesson 12's measurements: BatchNorm's batch statistics as noise, and what a run learned beyond
// its training set. `batchMateSpread` forwards one image in train mode beside random batch-mates
// (its logits move with them); `fitReport` gives the train/test gap and the scale-invariant weights'
// norm and effective step (van Laarhoven 2017). Neither trains, draws dropout masks or keeps any
// running-statistics change, so asking for them never changes the run that follows.

import { Rng } from '../core/rng.ts';
import type { Arr } from '../core/types.ts';
import { pickSamples, type Split } from '../data/dataset.ts';
import { Dense } from '../layers/dense.ts';
import { hasRunningStats } from '../norm/index.ts';
import type { Model } from './model.ts';

/** The batch sizes the spread is measured at by default (the lesson's chart). */
export const SPREAD_BATCH_SIZES: readonly number[] = [4, 8, 16, 32, 64];
/** Batch-mate draws per batch size by default. */
export const SPREAD_DRAWS = 32;

export interface SpreadResult {
  /** Test-image index of the image whose logits are followed. */
  image: number;
  batchSizes: number[];
  /**
   * Per batch size: the standard deviation (over the draws, n − 1) of each logit of the image,
   * combined over the logits as a root mean square.
   */
  spread: number[];
  draws: number;
  /** Whether the model has a layer with batch statistics (without one every spread is 0). */
  batchStatistics: boolean;
}

/**
 * For each batch size B, `draws` batches of the test image `image` (row 0) and B − 1 other test
 * images drawn uniformly without replacement from `split` by Rng(seed), forwarded with every
 * normalizer in train mode (batch statistics) and every other layer in eval mode (dropout off, so
 * the only noise is the batch-mates'). Running statistics are restored afterwards bit for bit.
 */
export function batchMateSpread(
  model: Model,
  split: Split,
  image: number,
  batchSizes: readonly number[] = SPREAD_BATCH_SIZES,
  draws = SPREAD_DRAWS,
  seed = 1,
): SpreadResult {
  if (!Number.isInteger(image) || image < 0 || image >= split.count)
    throw new Error(`spread image ${image} is out of range [0, ${split.count})`);
  if (!Number.isInteger(draws) || draws < 2) throw new Error(`spread needs at least 2 draws, got ${draws}`);
  for (const b of batchSizes) {
    if (!Number.isInteger(b) || b < 2 || b > split.count)
      throw new Error(`spread batch size must be an integer in [2, ${split.count}], got ${b}`);
  }
  const rng = new Rng(seed);
  const saved = model.layers.map((layer) => (hasRunningStats(layer) ? layer.getState() : null));
  const spread: number[] = [];
  try {
    for (const b of batchSizes) {
      const logits: Float64Array[] = [];
      for (let d = 0; d < draws; d++) {
        const indices = [image, ...drawMates(rng, split.count, image, b - 1)];
        const batch = pickSamples(split, indices);
        let a: Arr = batch.x;
        for (const layer of model.layers)
          a = layer.forward(a, b, hasBatchStatistics(layer) ? 'train' : 'eval');
        logits.push(Float64Array.from(a.subarray(0, a.length / b)));
      }
      spread.push(rmsStd(logits));
    }
  } finally {
    model.layers.forEach((layer, i) => {
      const state = saved[i];
      if (state && hasRunningStats(layer)) layer.setState(state);
    });
  }
  return {
    image,
    batchSizes: [...batchSizes],
    spread,
    draws,
    batchStatistics: model.layers.some(hasBatchStatistics),
  };
}

/** Layers whose train-mode output depends on the rest of the batch (BatchNorm, Batch Renorm). */
function hasBatchStatistics(layer: Model['layers'][number]): boolean {
  return hasRunningStats(layer);
}

/** `k` distinct indices in [0, count) other than `skip` (partial Fisher–Yates over a virtual array). */
function drawMates(rng: Rng, count: number, skip: number, k: number): number[] {
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? (i < skip ? i : i + 1);
  const out: number[] = [];
  const n = count - 1;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const pick = at(j);
    swapped.set(j, at(i));
    out.push(pick);
  }
  return out;
}

/** √(mean over components of the sample variance over rows). */
function rmsStd(rows: Float64Array[]): number {
  const n = rows.length;
  const k = rows[0].length;
  let total = 0;
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (const r of rows) mean += r[j];
    mean /= n;
    let ss = 0;
    for (const r of rows) ss += (r[j] - mean) ** 2;
    total += ss / (n - 1);
  }
  return Math.sqrt(total / k);
}

export interface FitResult {
  /** Eval-mode loss and accuracy on the whole training split and on the test split. */
  train: { loss: number; accuracy: number };
  test: { loss: number; accuracy: number };
  /** Frobenius norm of the hidden layers' weights (every Dense but the output layer). */
  weightNorm: number;
  /**
   * lr × the mean over rows of 1/‖w_row‖² for the Dense layers directly followed by a normalizer
   * with batch statistics (their output ignores the row's scale, so this is the step's effective
   * size: van Laarhoven 2017); null when no layer is scale-invariant that way.
   */
  effectiveStep: number | null;
}

/** The run's fit: the train/test gap (eval mode, batches of `batchSize`) and its weights' scale. */
export function fitReport(model: Model, train: Split, test: Split, lr: number, batchSize = 250): FitResult {
  const trainFit = model.evaluate(train.x, train.y, train.count, batchSize, 'eval');
  const testFit = model.evaluate(test.x, test.y, test.count, batchSize, 'eval');
  const dense = model.layers.map((l, i) => ({ l, i })).filter((e) => e.l instanceof Dense);
  const hidden = dense.slice(0, -1);
  let squares = 0;
  let inverse = 0;
  let rows = 0;
  for (const { l, i } of hidden) {
    const layer = l as Dense;
    const w = layer.weight.value;
    squares += sumSquares(w, 0, w.length);
    const next = model.layers[i + 1];
    if (next && hasBatchStatistics(next)) {
      for (let o = 0; o < layer.outF; o++) {
        inverse += 1 / sumSquares(w, o * layer.inF, (o + 1) * layer.inF);
        rows++;
      }
    }
  }
  return {
    train: { loss: trainFit.loss, accuracy: trainFit.accuracy },
    test: { loss: testFit.loss, accuracy: testFit.accuracy },
    weightNorm: Math.sqrt(squares),
    effectiveStep: rows > 0 ? (lr * inverse) / rows : null,
  };
}

function sumSquares(w: Arr, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += w[i] * w[i];
  return s;
}
