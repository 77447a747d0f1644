// Serves mini-batches from a Split in a seeded, per-epoch shuffled order, copying into buffers
// it owns and reuses (no allocation per call after warm-up), plus seeded subsets of a split.
// Two Batchers over the same split with equally seeded Rngs serve identical batch sequences.

import type { Rng } from '../core/rng.ts';
import { pickSamples, type Split, splitSampleSize } from './dataset.ts';

/** One mini-batch: x is (n, sampleSize) row-major, y the n class indices. */
export interface Batch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
}

/**
 * Epoch-based mini-batch iterator.
 *
 * Order: the constructor shuffles the sample indices with rng (epoch 0). Each next(b) takes the
 * next b indices of the current order. When the order is used up the epoch counter increments
 * and the SAME index array is reshuffled in place with rng (so the stream depends only on the
 * initial rng state). A batch that crosses the end of an epoch wraps: its first samples are the
 * last ones of epoch e, the rest the first ones of the reshuffled epoch e + 1. Every sample is
 * seen exactly once per epoch whatever the batch sizes; a batch larger than the split wraps
 * more than once.
 *
 * Buffers: next(b) returns the same Batch object (and arrays) for every call with that b. The
 * contents are valid until the next call with the same batch size; copy them to keep them.
 * Changing the batch size between calls does not reset or skip the epoch order.
 */
export class Batcher {
  readonly sampleSize: number;
  private readonly split: Split;
  private readonly rng: Rng;
  private readonly order: Uint32Array;
  private readonly buffers = new Map<number, Batch>();
  private cursor = 0;
  private completedEpochs = 0;

  /** The Batcher consumes rng (shuffles); pass a fork if the caller needs the stream too. */
  constructor(split: Split, rng: Rng) {
    this.sampleSize = splitSampleSize(split);
    this.split = split;
    this.rng = rng;
    this.order = new Uint32Array(split.count);
    for (let i = 0; i < split.count; i++) this.order[i] = i;
    rng.shuffle(this.order);
  }

  /** Number of completed passes over the split (0 until the last sample of epoch 0 is served). */
  get epoch(): number {
    return this.completedEpochs;
  }

  /** Samples already served from the current epoch, in [0, count). */
  get position(): number {
    return this.cursor;
  }

  /** Total samples served so far. */
  get samplesSeen(): number {
    return this.completedEpochs * this.split.count + this.cursor;
  }

  /** The next batchSize samples (see the class comment for wrapping and buffer lifetime). */
  next(batchSize: number): Batch {
    let batch = this.buffers.get(batchSize);
    if (batch === undefined) {
      if (!Number.isInteger(batchSize) || batchSize <= 0) {
        throw new Error(`batch size must be a positive integer (got ${batchSize})`);
      }
      batch = {
        x: new Float32Array(batchSize * this.sampleSize),
        y: new Float32Array(batchSize),
        n: batchSize,
      };
      this.buffers.set(batchSize, batch);
    }
    const { x: sx, y: sy, count } = this.split;
    const size = this.sampleSize;
    const { x, y } = batch;
    for (let n = 0; n < batchSize; n++) {
      const k = this.order[this.cursor];
      const src = k * size;
      const dst = n * size;
      for (let f = 0; f < size; f++) x[dst + f] = sx[src + f];
      y[n] = sy[k];
      if (++this.cursor === count) {
        this.cursor = 0;
        this.completedEpochs++;
        this.rng.shuffle(this.order);
      }
    }
    return batch;
  }
}

/**
 * A fixed subset of `count` samples. Without rng: the first `count` samples in split order (the
 * MNIST and toy splits are already in a fixed shuffled order, so this is a mixed sample). With
 * rng: `count` distinct samples chosen by a partial Fisher-Yates draw, kept in split order.
 */
export function takeSubset(split: Split, count: number, rng?: Rng): Split {
  if (!Number.isInteger(count) || count < 1 || count > split.count) {
    throw new Error(`subset size must be an integer in [1, ${split.count}] (got ${count})`);
  }
  const indices = new Uint32Array(split.count);
  for (let i = 0; i < split.count; i++) indices[i] = i;
  if (rng !== undefined) {
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(split.count - i);
      const t = indices[i];
      indices[i] = indices[j];
      indices[j] = t;
    }
  }
  return pickSamples(split, indices.subarray(0, count).sort());
}
