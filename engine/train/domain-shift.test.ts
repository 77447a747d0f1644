// measureShift / targetImages semantics on a tiny image model: the AdaBN pass re-estimates from
// shifted training images only (forward, no gradient: weights unchanged), leaves every running
// statistic as it found it, and draws its target images with the given seed.

import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../core/spec.ts';
import type { Split } from '../data/dataset.ts';
import { hasRunningStats } from '../norm/index.ts';
import { measureShift, targetImages } from './domain-shift.ts';
import { buildModel } from './model.ts';

const SHAPE = [1, 4, 4] as const;

function split(count: number, offset: number): Split {
  const x = new Float32Array(count * 16);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 7919 + offset * 104729) % 101) / 100;
  return { x, y: Float32Array.from({ length: count }, (_, n) => (n + offset) % 3), count };
}

const spec: ModelSpec = {
  input: [...SHAPE],
  layers: [
    { type: 'flatten' },
    { type: 'dense', units: 6, bias: false },
    { type: 'batchnorm' },
    { type: 'relu' },
    { type: 'dense', units: 3 },
  ],
  loss: 'softmax-cross-entropy',
  optimizer: { type: 'sgd', lr: 0.1 },
  init: { type: 'kaiming' },
  seed: 3,
};

const data = { train: split(64, 0), test: split(30, 5), inputShape: SHAPE };

describe('measureShift on a dense BatchNorm model, input [1, 4, 4]', () => {
  it('leaves weights and running statistics exactly as they were', () => {
    const model = buildModel(spec);
    for (let k = 0; k < 5; k++)
      model.trainStep(data.train.x.subarray(0, 16 * 16), data.train.y.subarray(0, 16), 16);
    const params = model.params().map((p) => Array.from(p.value));
    const stats = model.layers.filter(hasRunningStats).map((l) => l.getState());
    const r = measureShift(model, data, { type: 'invert' }, 3, 8, 1);
    expect(r.adaptBatches).toBe(3);
    expect(model.params().map((p) => Array.from(p.value))).toEqual(params);
    expect(model.layers.filter(hasRunningStats).map((l) => l.getState())).toEqual(stats);
  });

  it('rejects batches of one image and a non-positive batch count by name', () => {
    const model = buildModel(spec);
    expect(() => measureShift(model, data, { type: 'invert' }, 1, 1, 1)).toThrow('at least 2 images');
    expect(() => measureShift(model, data, { type: 'invert' }, 0, 8, 1)).toThrow(
      'adaptBatches must be a positive integer',
    );
  });
});

describe('targetImages', () => {
  it('draws the same shifted images for the same seed, others for another, and does not touch the split', () => {
    const copy = Float32Array.from(data.train.x);
    const a = targetImages(data.train, SHAPE, { type: 'invert' }, 20, 1);
    const b = targetImages(data.train, SHAPE, { type: 'invert' }, 20, 1);
    const c = targetImages(data.train, SHAPE, { type: 'invert' }, 20, 2);
    expect(a.count).toBe(20);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    expect(Array.from(data.train.x)).toEqual(Array.from(copy));
    // Inverted: every target pixel is 1 - some training pixel.
    expect(a.x.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('draws each training image at most once (a permutation prefix), capped at the split size', () => {
    const t = targetImages(data.train, SHAPE, { type: 'none' }, 1000, 4);
    expect(t.count).toBe(64);
    const rows = new Set<string>();
    for (let n = 0; n < t.count; n++) rows.add(Array.from(t.x.subarray(n * 16, (n + 1) * 16)).join(','));
    const original = new Set<string>();
    for (let n = 0; n < 64; n++)
      original.add(Array.from(data.train.x.subarray(n * 16, (n + 1) * 16)).join(','));
    expect(rows).toEqual(original);
  });
});
