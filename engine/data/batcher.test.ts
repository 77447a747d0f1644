import { describe, expect, test } from 'vitest';
import { Rng } from '../core/rng.ts';
import { Batcher, takeSubset } from './batcher.ts';
import type { Split } from './dataset.ts';

/** n samples of 3 features; sample k is [k, 10k, 100k] with label k % 4, so values name the sample. */
function numbered(n: number): Split {
  const x = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    x.set([k, 10 * k, 100 * k], k * 3);
    y[k] = k % 4;
  }
  return { x, y, count: n };
}

/** The sample ids of a batch, read from feature 0, after checking the row is consistent. */
function ids(batch: { x: Float32Array; y: Float32Array; n: number }): number[] {
  const out: number[] = [];
  for (let i = 0; i < batch.n; i++) {
    const k = batch.x[i * 3];
    expect(batch.x[i * 3 + 1]).toBe(10 * k);
    expect(batch.x[i * 3 + 2]).toBe(100 * k);
    expect(batch.y[i]).toBe(k % 4);
    out.push(k);
  }
  return out;
}

describe('Batcher', () => {
  test('one epoch of batch 4 over 12 samples is a permutation, then epoch = 1', () => {
    const batcher = new Batcher(numbered(12), new Rng(1));
    const seen: number[] = [];
    for (let b = 0; b < 3; b++) {
      expect(batcher.epoch).toBe(0);
      seen.push(...ids(batcher.next(4)));
    }
    expect(batcher.epoch).toBe(1);
    expect(batcher.position).toBe(0);
    expect(batcher.samplesSeen).toBe(12);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, k) => k));
    expect(seen).not.toEqual(Array.from({ length: 12 }, (_, k) => k));
  });

  test('each epoch is reshuffled', () => {
    const batcher = new Batcher(numbered(12), new Rng(2));
    const first = ids(batcher.next(12)).slice();
    const second = ids(batcher.next(12)).slice();
    expect([...second].sort((a, b) => a - b)).toEqual([...first].sort((a, b) => a - b));
    expect(second).not.toEqual(first);
  });

  test('same seed, same batch sequence (with changing batch sizes)', () => {
    const a = new Batcher(numbered(10), new Rng(7));
    const b = new Batcher(numbered(10), new Rng(7));
    for (const size of [3, 5, 1, 8, 4, 4, 16]) {
      expect(ids(a.next(size))).toEqual(ids(b.next(size)));
    }
    expect(a.epoch).toBe(b.epoch);
  });

  test('different seeds, different order', () => {
    const a = new Batcher(numbered(20), new Rng(1));
    const b = new Batcher(numbered(20), new Rng(2));
    expect(ids(a.next(20))).not.toEqual(ids(b.next(20)));
  });

  test('a batch crossing the epoch end wraps into the reshuffled next epoch, 10 samples, batch 4', () => {
    const wrapped = new Batcher(numbered(10), new Rng(3));
    const reference = new Batcher(numbered(10), new Rng(3));
    const stream = [...ids(reference.next(10)), ...ids(reference.next(10))];
    const got = [...ids(wrapped.next(4)), ...ids(wrapped.next(4))];
    expect(wrapped.epoch).toBe(0);
    got.push(...ids(wrapped.next(4))); // samples 8, 9 of epoch 0, then 0, 1 of epoch 1
    expect(wrapped.epoch).toBe(1);
    expect(wrapped.position).toBe(2);
    expect(got).toEqual(stream.slice(0, 12));
  });

  test('changing the batch size does not reset or skip the order', () => {
    const mixed = new Batcher(numbered(9), new Rng(4));
    const single = new Batcher(numbered(9), new Rng(4));
    const got = [...ids(mixed.next(2)), ...ids(mixed.next(5)), ...ids(mixed.next(3)), ...ids(mixed.next(7))];
    const expected: number[] = [];
    for (let i = 0; i < 17; i++) expected.push(...ids(single.next(1)));
    expect(got).toEqual(expected);
    expect(mixed.samplesSeen).toBe(17);
    expect(mixed.epoch).toBe(1);
  });

  test('a batch larger than the split wraps more than once, 3 samples, batch 7', () => {
    const batcher = new Batcher(numbered(3), new Rng(5));
    const batch = ids(batcher.next(7));
    expect(batcher.epoch).toBe(2);
    expect([...batch.slice(0, 3)].sort()).toEqual([0, 1, 2]);
    expect([...batch.slice(3, 6)].sort()).toEqual([0, 1, 2]);
  });

  test('reuses one Batch object and its buffers per batch size', () => {
    const batcher = new Batcher(numbered(10), new Rng(6));
    const a = batcher.next(4);
    const { x, y } = a;
    const other = batcher.next(3);
    const b = batcher.next(4);
    expect(b).toBe(a);
    expect(b.x).toBe(x);
    expect(b.y).toBe(y);
    expect(other).not.toBe(a);
    expect(other.n).toBe(3);
    expect(other.x.length).toBe(9);
  });

  test('does not modify the split', () => {
    const split = numbered(6);
    const batcher = new Batcher(split, new Rng(8));
    for (let i = 0; i < 5; i++) batcher.next(4);
    expect(split).toEqual(numbered(6));
  });

  test('rejects bad batch sizes and malformed splits', () => {
    const batcher = new Batcher(numbered(4), new Rng(1));
    expect(() => batcher.next(0)).toThrow('batch size must be a positive integer (got 0)');
    expect(() => batcher.next(2.5)).toThrow('batch size must be a positive integer');
    expect(
      () => new Batcher({ x: new Float32Array(0), y: new Float32Array(0), count: 0 }, new Rng(1)),
    ).toThrow('split count must be a positive integer');
    expect(
      () => new Batcher({ x: new Float32Array(7), y: new Float32Array(2), count: 2 }, new Rng(1)),
    ).toThrow('split x length 7 is not a multiple of count 2');
  });
});

describe('takeSubset', () => {
  test('without rng: the first k samples in order', () => {
    expect(ids({ ...takeSubset(numbered(10), 4), n: 4 })).toEqual([0, 1, 2, 3]);
  });

  test('with rng: k distinct samples in split order, same seed same subset', () => {
    const a = takeSubset(numbered(50), 8, new Rng(11));
    const b = takeSubset(numbered(50), 8, new Rng(11));
    const c = takeSubset(numbered(50), 8, new Rng(12));
    const chosen = ids({ ...a, n: 8 });
    expect(new Set(chosen).size).toBe(8);
    expect(chosen).toEqual([...chosen].sort((p, q) => p - q));
    expect(b.x).toEqual(a.x);
    expect(c.x).not.toEqual(a.x);
  });

  test('k equal to the split size with rng returns every sample', () => {
    expect(ids({ ...takeSubset(numbered(5), 5, new Rng(1)), n: 5 })).toEqual([0, 1, 2, 3, 4]);
  });

  test('rejects k outside [1, count]', () => {
    expect(() => takeSubset(numbered(5), 0)).toThrow('subset size must be an integer in [1, 5] (got 0)');
    expect(() => takeSubset(numbered(5), 6)).toThrow('subset size must be an integer in [1, 5] (got 6)');
  });
});
