// Lesson 11's measurement: a trained model's accuracy on the clean test set, on a shifted test set
// with the statistics it learned, and after AdaBN (reestimate.ts) on unlabeled shifted TRAINING
// images, with no gradient step. The model's running statistics are restored bit for bit
// afterwards, so each measurement is independent and training can continue where it was.

import { Rng } from '../core/rng.ts';
import { pickSamples, type Split } from '../data/dataset.ts';
import { applyShift, type ShiftSpec } from '../data/shift.ts';
import { hasRunningStats } from '../norm/catalog.ts';
import type { Model } from './model.ts';
import { reestimateBatchNorm } from './reestimate.ts';

/** Batch size of the evaluation passes (does not change results: eval mode). */
const EVAL_BATCH = 250;

export interface ShiftMeasurement {
  shift: ShiftSpec;
  /** Accuracy on the clean test split, eval mode (the trained running statistics). */
  cleanAccuracy: number;
  /** Accuracy on the shifted test split with the trained running statistics. */
  shiftedAccuracy: number;
  /**
   * Accuracy on the shifted test split after AdaBN on `adaptBatches` batches of shifted training
   * images (labels unused). Equal to shiftedAccuracy when the model keeps no running statistics.
   */
  adaptedAccuracy: number;
  /** Batches the re-estimation averaged over (0 when the model keeps no running statistics). */
  adaptBatches: number;
  batchSize: number;
  /** Test digits each accuracy is measured on (the whole test split). */
  testCount: number;
  /** Whether the model has statistics to re-estimate (BatchNorm / Batch Renorm layers). */
  adaptable: boolean;
}

/** Every running-statistics layer's state, to put back exactly. */
function saveStats(model: Model) {
  return model.layers.filter(hasRunningStats).map((layer) => ({ layer, state: layer.getState() }));
}

/**
 * The target images AdaBN sees: `count` training images in a seeded random order (the split is
 * stored class by class, so a prefix would be one digit), shifted. Labels are not used.
 */
export function targetImages(
  train: Split,
  inputShape: readonly number[],
  shift: ShiftSpec,
  count: number,
  seed: number,
): Split {
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const rng = new Rng(seed);
  const n = Math.min(count, train.count);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(train.count - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return applyShift(pickSamples(train, order.subarray(0, n)), inputShape, shift);
}

/**
 * Measures `shift` on a trained model: clean, shifted, and shifted after AdaBN over
 * `adaptBatches` x `batchSize` shifted training images drawn with `seed`. Forward passes only;
 * every running statistic (and batch counter) is restored before returning, also on error.
 */
export function measureShift(
  model: Model,
  data: { train: Split; test: Split; inputShape: readonly number[] },
  shift: ShiftSpec,
  adaptBatches: number,
  batchSize: number,
  seed: number,
): ShiftMeasurement {
  if (!Number.isInteger(adaptBatches) || adaptBatches < 1)
    throw new Error(`adaptBatches must be a positive integer, got ${adaptBatches}`);
  if (!Number.isInteger(batchSize) || batchSize < 2)
    throw new Error(`AdaBN needs batches of at least 2 images, got ${batchSize}`);
  const { test } = data;
  const clean = model.evaluate(test.x, test.y, test.count, EVAL_BATCH, 'eval').accuracy;
  const shiftedTest = applyShift(test, data.inputShape, shift);
  const shifted = model.evaluate(
    shiftedTest.x,
    shiftedTest.y,
    shiftedTest.count,
    EVAL_BATCH,
    'eval',
  ).accuracy;
  const saved = saveStats(model);
  if (saved.length === 0) {
    return {
      shift,
      cleanAccuracy: clean,
      shiftedAccuracy: shifted,
      adaptedAccuracy: shifted,
      adaptBatches: 0,
      batchSize,
      testCount: test.count,
      adaptable: false,
    };
  }
  const target = targetImages(data.train, data.inputShape, shift, adaptBatches * batchSize, seed);
  try {
    const used = reestimateBatchNorm(model, target.x, target.count, batchSize);
    const adapted = model.evaluate(shiftedTest.x, shiftedTest.y, shiftedTest.count, EVAL_BATCH, 'eval');
    return {
      shift,
      cleanAccuracy: clean,
      shiftedAccuracy: shifted,
      adaptedAccuracy: adapted.accuracy,
      adaptBatches: used,
      batchSize,
      testCount: test.count,
      adaptable: true,
    };
  } finally {
    for (const { layer, state } of saved) layer.setState(state);
  }
}
