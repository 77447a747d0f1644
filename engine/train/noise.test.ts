import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { NormSpec } from '../core/spec.ts';
import type { Split } from '../data/dataset.ts';
import { mlpSpec } from '../experiment/presets.ts';
import { Dense } from '../layers/dense.ts';
import { hasRunningStats } from '../norm/index.ts';
import { buildModel, type Model } from './model.ts';
import { batchMateSpread, fitReport } from './noise.ts';

const FEATURES = 6;
const CLASSES = 3;
/** Float32 sums in another order: the spread of identical batches is rounding, far below this. */
const SAME_BATCH_TOL = 1e-5;

function split(count: number, seed: number): Split {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: count * FEATURES }, () => rng.normal());
  const y = Float32Array.from({ length: count }, () => rng.int(CLASSES));
  return { x, y, count };
}

function model(norm: NormSpec | null, dropout = 0): Model {
  return buildModel(
    mlpSpec({
      input: FEATURES,
      hidden: [8, 8],
      classes: CLASSES,
      norm,
      dropout,
      optimizer: { type: 'sgd', lr: 0.1, weightDecay: 0 },
      seed: 3,
    }),
  );
}

function train(m: Model, data: Split, steps: number): number[] {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const start = (s * 8) % (data.count - 8);
    const x = data.x.subarray(start * FEATURES, (start + 8) * FEATURES);
    losses.push(m.trainStep(x, data.y.subarray(start, start + 8), 8).loss);
  }
  return losses;
}

function runningState(m: Model): unknown[] {
  return m.layers.filter(hasRunningStats).map((l) => l.getState());
}

describe('batchMateSpread', () => {
  const data = split(40, 1);

  it('BN MLP 6-8-8-3, dropout 0.3: the spread is positive, shrinks with B, and nothing of the run changes', () => {
    const a = model({ type: 'batchnorm' }, 0.3);
    const b = model({ type: 'batchnorm' }, 0.3);
    train(a, data, 5);
    train(b, data, 5);
    const before = JSON.stringify(runningState(a));
    const r = batchMateSpread(a, data, 7, [4, 16, 40], 32, 5);
    expect(r.batchStatistics).toBe(true);
    expect(r.batchSizes).toEqual([4, 16, 40]);
    expect(r.spread[0]).toBeGreaterThan(0.05);
    expect(r.spread[1]).toBeLessThan(r.spread[0]);
    // B = all 40 samples: every draw holds the same images (in another order), so no spread.
    expect(r.spread[2]).toBeLessThan(SAME_BATCH_TOL);
    expect(JSON.stringify(runningState(a))).toBe(before);
    // No dropout mask was drawn and no running statistic kept: training goes on exactly as without it.
    expect(train(a, data, 3)).toEqual(train(b, data, 3));
  });

  it('is seeded: the same seed gives the same spread, another seed another draw', () => {
    const m = model({ type: 'batchnorm' });
    train(m, data, 5);
    const one = batchMateSpread(m, data, 0, [4], 8, 1).spread[0];
    expect(batchMateSpread(m, data, 0, [4], 8, 1).spread[0]).toBe(one);
    expect(batchMateSpread(m, data, 0, [4], 8, 2).spread[0]).not.toBe(one);
  });

  it('without batch statistics (no normalizer, or LayerNorm) the spread is exactly 0', () => {
    for (const norm of [null, { type: 'layernorm' } as NormSpec]) {
      const m = model(norm, 0.3);
      train(m, data, 5);
      const r = batchMateSpread(m, data, 3, [2, 8], 8, 1);
      expect(r.spread).toEqual([0, 0]);
      expect(r.batchStatistics).toBe(false);
    }
  });

  it('names a bad image, batch size or draw count', () => {
    const m = model({ type: 'batchnorm' });
    expect(() => batchMateSpread(m, data, 40, [4], 8, 1)).toThrow('spread image 40 is out of range [0, 40)');
    expect(() => batchMateSpread(m, data, 0, [1], 8, 1)).toThrow(
      'spread batch size must be an integer in [2, 40], got 1',
    );
    expect(() => batchMateSpread(m, data, 0, [4], 1, 1)).toThrow('spread needs at least 2 draws, got 1');
  });
});

describe('fitReport', () => {
  const trainSplit = split(48, 2);
  const testSplit = split(24, 3);

  it('train/test loss and accuracy are eval-mode evaluations of each split', () => {
    const m = model({ type: 'batchnorm' });
    train(m, trainSplit, 6);
    const f = fitReport(m, trainSplit, testSplit, 0.1, 10);
    const t = m.evaluate(trainSplit.x, trainSplit.y, trainSplit.count, 48, 'eval');
    const e = m.evaluate(testSplit.x, testSplit.y, testSplit.count, 24, 'eval');
    expect(f.train.loss).toBeCloseTo(t.loss, 5);
    expect(f.train.accuracy).toBe(t.accuracy);
    expect(f.test.loss).toBeCloseTo(e.loss, 5);
    expect(f.test.accuracy).toBe(e.accuracy);
  });

  it('weight norm over the hidden Dense layers; effective step lr·mean 1/‖row‖² over the rows BN follows', () => {
    const m = model({ type: 'batchnorm' });
    const dense = m.layers.filter((l): l is Dense => l instanceof Dense);
    expect(dense).toHaveLength(3);
    let squares = 0;
    let inverse = 0;
    for (const layer of dense.slice(0, 2)) {
      const w = Array.from(layer.weight.value);
      squares += w.reduce((s, v) => s + v * v, 0);
      for (let o = 0; o < layer.outF; o++) {
        const row = w.slice(o * layer.inF, (o + 1) * layer.inF);
        inverse += 1 / row.reduce((s, v) => s + v * v, 0);
      }
    }
    const f = fitReport(m, trainSplit, testSplit, 0.2);
    expect(f.weightNorm).toBeCloseTo(Math.sqrt(squares), 4);
    expect(f.effectiveStep).toBeCloseTo((0.2 * inverse) / 16, 5);
    // Scale invariance: doubling the BN-normalized weights leaves the outputs, and quarters the step.
    const logits = Float64Array.from(m.forward(testSplit.x, testSplit.count, 'train'));
    for (const layer of dense.slice(0, 2))
      for (let i = 0; i < layer.weight.value.length; i++) layer.weight.value[i] *= 2;
    const scaled = m.forward(testSplit.x, testSplit.count, 'train');
    for (let i = 0; i < logits.length; i++) expect(scaled[i]).toBeCloseTo(logits[i], 3);
    const g = fitReport(m, trainSplit, testSplit, 0.2);
    expect(g.weightNorm).toBeCloseTo(2 * f.weightNorm, 3);
    expect(g.effectiveStep).toBeCloseTo((f.effectiveStep ?? 0) / 4, 6);
  });

  it('without a batch-statistics normalizer there is no effective step', () => {
    expect(fitReport(model(null), trainSplit, testSplit, 0.1).effectiveStep).toBeNull();
    expect(fitReport(model({ type: 'layernorm' }), trainSplit, testSplit, 0.1).effectiveStep).toBeNull();
  });
});
