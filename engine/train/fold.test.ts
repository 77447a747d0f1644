import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../core/spec.ts';
import type { Precision } from '../core/types.ts';
import { cnnSpec, mlpSpec } from '../experiment/presets.ts';
import { BatchNorm } from '../norm/batch-norm.ts';
import { randomInput } from '../testing/grad-check.ts';
import { foldBatchNorm, maxFoldDifference } from './fold.ts';
import { buildModel, type Model } from './model.ts';

/** float32: W * s and (b - mean) * s + beta are rounded once more than the BN path; logits are O(1-10). */
const FOLD_TOL_F32 = 1e-4;
/** float64: the same algebra, re-associated. */
const FOLD_TOL_F64 = 1e-10;

/** Builds and trains a model for a few SGD steps on random data so running stats, gamma and beta move. */
function trained(modelSpec: ModelSpec, precision: Precision, inSize: number, classes: number): Model {
  const model = buildModel(modelSpec, precision);
  const n = 16;
  for (let step = 0; step < 15; step++) {
    const x = Float32Array.from(randomInput(n * inSize, 100 + step, 1.5, 0.3));
    const y = Float32Array.from({ length: n }, (_, i) => (i + step) % classes);
    model.trainStep(precision === 'float64' ? Float64Array.from(x) : x, y, n);
  }
  return model;
}

const bnMlp = mlpSpec({
  input: 6,
  hidden: [10, 8],
  classes: 3,
  activation: 'sigmoid',
  norm: { type: 'batchnorm', momentum: 0.3 },
  optimizer: { type: 'sgd', lr: 0.2, momentum: 0.9 },
});
const bnCnn = cnnSpec({
  input: [1, 8, 8],
  classes: 3,
  channels: [4, 6],
  norm: { type: 'batchnorm' },
  optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 },
});

describe('foldBatchNorm', () => {
  for (const precision of ['float32', 'float64'] as const) {
    const tol = precision === 'float32' ? FOLD_TOL_F32 : FOLD_TOL_F64;
    it(`MLP 6-10-8-3, dense -> batchnorm -> sigmoid, after 15 steps, ${precision}: max |difference| < ${tol}`, () => {
      const model = trained(bnMlp, precision, 6, 3);
      const folded = foldBatchNorm(model);
      expect(folded.layers.map((l) => l.kind)).toEqual(['dense', 'sigmoid', 'dense', 'sigmoid', 'dense']);
      expect(folded.layers.every((l) => !(l instanceof BatchNorm))).toBe(true);
      const x = randomInput(32 * 6, 7, 1.5);
      const diff = maxFoldDifference(model, folded, precision === 'float64' ? x : Float32Array.from(x), 32);
      expect(diff).toBeLessThan(tol);
    });

    it(`CNN conv -> batchnorm -> relu (x2), after 15 steps, ${precision}: max |difference| < ${tol}`, () => {
      const model = trained(bnCnn, precision, 64, 3);
      const folded = foldBatchNorm(model);
      expect(folded.layers.filter((l) => l.kind === 'batchnorm')).toHaveLength(0);
      expect(folded.params().filter((p) => p.name === 'bias')).toHaveLength(3);
      const x = randomInput(8 * 64, 8, 1.5);
      expect(
        maxFoldDifference(model, folded, precision === 'float64' ? x : Float32Array.from(x), 8),
      ).toBeLessThan(tol);
    });
  }

  it('by hand: dense W = [2], b = 1 into BN mean 3, var 3, eps 1, gamma 4, beta 5 -> W = 4, b = 1', () => {
    const model = buildModel(
      {
        input: [1],
        layers: [
          { type: 'dense', units: 1 },
          { type: 'batchnorm', eps: 1 },
          { type: 'dense', units: 2 },
        ],
        loss: 'softmax-cross-entropy',
        optimizer: { type: 'sgd', lr: 0 },
        init: { type: 'normal', std: 1 },
        seed: 1,
      },
      'float64',
    );
    model.params()[0].value[0] = 2;
    model.params()[1].value[0] = 1;
    const bn = model.layers[1] as BatchNorm;
    bn.setState({ runningMean: [3], runningVar: [3], gamma: [4], beta: [5] });
    const folded = foldBatchNorm(model);
    // s = 4 / sqrt(3 + 1) = 2: W' = 2 * 2 = 4, b' = (1 - 3) * 2 + 5 = 1
    expect(Array.from(folded.params()[0].value)).toEqual([4]);
    expect(Array.from(folded.params()[1].value)).toEqual([1]);
  });

  it('leaves a BatchNorm that follows an activation in place, with its running statistics and params copied', () => {
    const after = mlpSpec({
      input: 4,
      hidden: [5],
      classes: 2,
      norm: { type: 'batchnorm' },
      placement: 'after',
    });
    const model = trained(after, 'float64', 4, 2);
    const folded = foldBatchNorm(model);
    expect(folded.layers.map((l) => l.kind)).toEqual(['dense', 'relu', 'batchnorm', 'dense']);
    const [a, b] = [model.layers[2] as BatchNorm, folded.layers[2] as BatchNorm];
    expect(Array.from(b.runningMean)).toEqual(Array.from(a.runningMean));
    expect(b.numBatchesTracked).toBe(a.numBatchesTracked);
    expect(maxFoldDifference(model, folded, randomInput(40, 9), 10)).toBe(0);
  });

  it('does not modify the model it folds', () => {
    const model = trained(bnMlp, 'float64', 6, 3);
    const x = randomInput(12, 10);
    const before = Array.from(model.forward(x, 2, 'eval'));
    foldBatchNorm(model);
    expect(Array.from(model.forward(x, 2, 'eval'))).toEqual(before);
  });
});
