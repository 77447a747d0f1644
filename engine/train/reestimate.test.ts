import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../core/spec.ts';
import type { BatchNorm } from '../norm/batch-norm.ts';
import { randomInput } from '../testing/grad-check.ts';
import { buildModel, type Model } from './model.ts';
import { reestimateBatchNorm } from './reestimate.ts';

/** float64 throughout: cumulative averaging of equal chunks vs one pass, summation order only. */
const STATS_TOL = 1e-10;

/** Per-channel mean and mean of per-chunk unbiased variances of model.layerInputs[index] over `count` samples. */
function inputStats(model: Model, index: number, x: Float64Array, count: number, chunk: number) {
  model.forward(x, count, 'eval');
  const input = model.layerInputs[index];
  const bn = model.layers[index] as BatchNorm;
  const c = bn.channels;
  const spatial = input.length / (count * c);
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  const chunks = count / chunk;
  for (let ch = 0; ch < c; ch++) {
    for (let k = 0; k < chunks; k++) {
      const values: number[] = [];
      for (let n = k * chunk; n < (k + 1) * chunk; n++) {
        for (let s = 0; s < spatial; s++) values.push(input[(n * c + ch) * spatial + s]);
      }
      const m = values.reduce((a, v) => a + v, 0) / values.length;
      const v = values.reduce((a, u) => a + (u - m) ** 2, 0) / (values.length - 1);
      mean[ch] += m / chunks;
      variance[ch] += v / chunks;
    }
  }
  return { mean, variance };
}

function train(model: Model, inSize: number, classes: number): void {
  for (let step = 0; step < 10; step++) {
    const x = randomInput(16 * inSize, 200 + step);
    model.trainStep(
      x,
      Float64Array.from({ length: 16 }, (_, i) => i % classes),
      16,
    );
  }
}

const mlp: ModelSpec = {
  input: [5],
  layers: [
    { type: 'dense', units: 7 },
    { type: 'dropout', rate: 0.5 },
    { type: 'batchnorm', frozen: true },
    { type: 'relu' },
    { type: 'dense', units: 6, bias: false },
    { type: 'batchnorm', momentum: 0.1 },
    { type: 'relu' },
    { type: 'dense', units: 3 },
  ],
  loss: 'softmax-cross-entropy',
  optimizer: { type: 'sgd', lr: 0.1 },
  init: { type: 'kaiming' },
  seed: 2,
};

describe('reestimateBatchNorm', () => {
  it('MLP, shifted data (mean 3, std 2), 60 samples in chunks of 20: running stats = those of the first BN input', () => {
    // The first BN (frozen, behind a dropout) sees the dense output, which re-estimation does not
    // change: its running mean must be the data set's per-channel mean, dropout or not.
    const model = buildModel(mlp, 'float64');
    train(model, 5, 3);
    const shifted = randomInput(60 * 5, 300, 2, 3);
    expect(reestimateBatchNorm(model, shifted, 60, 20)).toBe(3);
    const bn = model.layers[2] as BatchNorm;
    const { mean, variance } = inputStats(model, 2, shifted, 60, 20);
    for (let c = 0; c < bn.channels; c++) {
      expect(Math.abs(bn.runningMean[c] - mean[c])).toBeLessThan(STATS_TOL);
      expect(Math.abs(bn.runningVar[c] - variance[c])).toBeLessThan(STATS_TOL);
    }
    // The second BN's input depends on the first BN's per-chunk batch statistics (all BNs collect
    // in train mode at once, as with PyTorch's model.train()); it averaged the same 3 chunks.
    expect((model.layers[5] as BatchNorm).numBatchesTracked).toBe(3);
    expect(bn.numBatchesTracked).toBe(3);
  });

  it("restores each BN's momentum and frozen flag afterwards", () => {
    const model = buildModel(mlp, 'float64');
    reestimateBatchNorm(model, randomInput(40 * 5, 301), 40, 10);
    const [a, b] = [model.layers[2] as BatchNorm, model.layers[5] as BatchNorm];
    expect([a.momentum, a.frozen, b.momentum, b.frozen]).toEqual([0.1, true, 0.1, false]);
  });

  it('CNN conv -> batchnorm2d, 12 images in chunks of 4: running mean = mean over (N, H, W) per channel', () => {
    const model = buildModel(
      {
        ...mlp,
        input: [2, 5, 5],
        layers: [
          { type: 'conv2d', filters: 3, kernel: 3, padding: 1, bias: false },
          { type: 'batchnorm' },
          { type: 'relu' },
          { type: 'flatten' },
          { type: 'dense', units: 2 },
        ],
      },
      'float64',
    );
    const x = randomInput(12 * 50, 302, 1, -2);
    reestimateBatchNorm(model, x, 12, 4);
    const bn = model.layers[1] as BatchNorm;
    const { mean } = inputStats(model, 1, x, 12, 4);
    for (let c = 0; c < 3; c++) expect(Math.abs(bn.runningMean[c] - mean[c])).toBeLessThan(STATS_TOL);
  });

  it('skips a final single-sample chunk (9 samples in chunks of 4 -> 2 chunks) and checks its arguments', () => {
    const model = buildModel(mlp, 'float64');
    expect(reestimateBatchNorm(model, randomInput(9 * 5, 303), 9, 4)).toBe(2);
    expect(() => reestimateBatchNorm(model, randomInput(9 * 5, 303), 8, 4)).toThrow(
      'input length 45 does not match count=8 samples of [5]',
    );
  });
});
