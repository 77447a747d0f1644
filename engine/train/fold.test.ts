import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../core/spec.ts';
import type { Precision } from '../core/types.ts';
import { cnnSpec, mlpSpec } from '../experiment/presets.ts';
import { BatchNorm } from '../norm/batch-norm.ts';
import { randomInput } from '../testing/grad-check.ts';
import {
  cloneWithoutDropout,
  countBatchNorms,
  countMultiplies,
  foldBatchNorm,
  maxFoldDifference,
} from './fold.ts';
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

describe('countMultiplies and countBatchNorms', () => {
  it('the course CNN on 1x28x28 (conv 8, conv 16, dense 10): by hand, and minus one per BN output element once folded', () => {
    const model = buildModel(cnnSpec({ norm: { type: 'batchnorm' } }));
    // conv1 8·1·9 weights at 28·28 positions, conv2 16·8·9 at 14·14, dense 16·7·7·10.
    const linear = 8 * 9 * 784 + 16 * 8 * 9 * 196 + 16 * 7 * 7 * 10;
    // One multiply per element of each BN output in eval mode: 8·28·28 + 16·14·14.
    const bn = 8 * 784 + 16 * 196;
    expect(linear).toBe(290_080);
    expect(bn).toBe(9_408);
    expect(countBatchNorms(model)).toBe(2);
    expect(countMultiplies(model)).toBe(linear + bn);
    const folded = foldBatchNorm(model);
    expect(countBatchNorms(folded)).toBe(0);
    expect(countMultiplies(folded)).toBe(linear);
  });

  it('an MLP 6-10-8-3: dense in·out per layer, BN 1 per feature; GroupNorm 3 per element and nothing folds', () => {
    expect(countMultiplies(buildModel(bnMlp))).toBe(6 * 10 + 8 * 10 + 3 * 8 + 10 + 8);
    const gn = buildModel(
      cnnSpec({ input: [1, 8, 8], classes: 3, channels: [4, 6], norm: { type: 'groupnorm', groups: 2 } }),
    );
    expect(countBatchNorms(gn)).toBe(0);
    const linear = 4 * 9 * 64 + 6 * 4 * 9 * 16 + 6 * 2 * 2 * 3;
    expect(countMultiplies(gn)).toBe(linear + 3 * (4 * 64 + 6 * 16));
    const folded = foldBatchNorm(gn);
    expect(folded.layers.map((l) => l.kind)).toEqual(gn.layers.map((l) => l.kind));
    expect(countMultiplies(folded)).toBe(countMultiplies(gn));
  });
});

describe('cloneWithoutDropout', () => {
  it('copies weights and running statistics; a train-mode pass on the copy leaves the original untouched', () => {
    const withDropout = mlpSpec({
      input: 6,
      hidden: [10],
      classes: 3,
      norm: { type: 'batchnorm' },
      dropout: 0.5,
    });
    const model = trained(withDropout, 'float64', 6, 3);
    const copy = cloneWithoutDropout(model);
    const x = randomInput(8 * 6, 11);
    expect(Array.from(copy.forward(x, 8, 'eval'))).toEqual(Array.from(model.forward(x, 8, 'eval')));
    const bn = model.layers.find((l) => l instanceof BatchNorm) as BatchNorm;
    const before = Array.from(bn.runningMean);
    const a = Array.from(copy.forward(x, 8, 'train'));
    // No dropout on the copy: two train-mode passes on the same batch agree.
    expect(Array.from(copy.forward(x, 8, 'train'))).toEqual(a);
    expect(Array.from(bn.runningMean)).toEqual(before);
  });
});
