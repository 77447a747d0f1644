import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { Arr, Mode, Precision } from '../core/types.ts';
import { Batcher } from '../data/batcher.ts';
import { experimentData, experimentSpec } from '../experiment/build-experiment.ts';
import { DEFAULT_CONFIG } from '../experiment/experiment.ts';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { buildModel } from '../train/model.ts';
import { BatchNorm } from './batch-norm.ts';
import { BatchRenorm, DEFAULT_D_MAX, DEFAULT_R_MAX } from './batch-renorm.ts';

/** Float64 finite differences against the analytic backward (as batch-norm.test.ts). */
const GRAD_TOLERANCE = 1e-7;
/** Two float64 computations of the same quantity in a different order. */
const F64_CLOSE = 1e-12;

/** The bytes of a typed array: equal bytes = equal bits (−0 ≠ +0, every NaN payload). */
const bits = (a: Arr | Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

function input(length: number, seed: number, precision: Precision, scale = 1.5, offset = 0.4): Arr {
  const x = randomInput(length, seed, scale, offset);
  return precision === 'float32' ? Float32Array.from(x) : x;
}

const SHAPES: [string, number[], number][] = [
  ['dense n=6 c=4', [4], 6],
  ['conv n=3 c=3 h=2 w=3', [3, 2, 3], 3],
];

describe('batchRenorm equals batchNorm bit for bit at rMax = 1, dMax = 0', () => {
  for (const [name, shape, n] of SHAPES) {
    for (const mode of ['train', 'eval'] as Mode[]) {
      it(`batchRenorm ${mode} mode, ${name}, float32, five steps: y, dx, dGamma, dBeta and the running statistics`, () => {
        const bn = new BatchNorm(shape, { momentum: 0.3 });
        const brn = new BatchRenorm(shape, { momentum: 0.3, rMax: 1, dMax: 0 });
        const size = n * shape.reduce((a, b) => a * b);
        for (let step = 0; step < 5; step++) {
          // Train steps move the running statistics away from (0, 1), so r and d would not be trivial.
          const x = input(size, 10 + step, 'float32');
          bn.forward(x, n, 'train');
          brn.forward(x, n, 'train');
          const y1 = bn.forward(x, n, mode);
          const y2 = brn.forward(x, n, mode);
          expect(bits(y2)).toEqual(bits(y1));
          const dy = input(size, 50 + step, 'float32', 1, 0);
          expect(bits(brn.backward(dy))).toEqual(bits(bn.backward(dy)));
          expect(bits(brn.params()[0].grad)).toEqual(bits(bn.params()[0].grad));
          expect(bits(brn.params()[1].grad)).toEqual(bits(bn.params()[1].grad));
          expect(bits(brn.runningMean)).toEqual(bits(bn.runningMean));
          expect(bits(brn.runningVar)).toEqual(bits(bn.runningVar));
        }
        expect(brn.numBatchesTracked).toBe(bn.numBatchesTracked);
      });
    }
  }

  it('batchRenorm warm-up, dense n=8 c=2: the first step is BatchNorm (limits 1 and 0), then they ramp linearly', () => {
    const bn = new BatchNorm([2]);
    const brn = new BatchRenorm([2], { warmup: 4 });
    expect(brn.currentLimits()).toEqual({ rMax: 1, dMax: 0 });
    const x = input(16, 3, 'float32', 2, 1);
    expect(bits(brn.forward(x, 8, 'train'))).toEqual(bits(bn.forward(x, 8, 'train')));
    brn.forward(x, 8, 'train');
    expect(brn.currentLimits()).toEqual({ rMax: 1 + (DEFAULT_R_MAX - 1) / 2, dMax: DEFAULT_D_MAX / 2 });
    for (let i = 0; i < 4; i++) brn.forward(x, 8, 'train');
    expect(brn.currentLimits()).toEqual({ rMax: DEFAULT_R_MAX, dMax: DEFAULT_D_MAX });
  });
});

describe('batchRenorm forward, formulas', () => {
  it('batchRenorm train mode, dense n=4 c=2, float64: r, d and y by hand, from the running statistics before the batch', () => {
    const brn = new BatchRenorm([2], { rMax: 1.5, dMax: 0.5 }, 'float64');
    brn.setState({ runningMean: [0.5, -3], runningVar: [4, 0.25], gamma: [2, 1], beta: [0.1, 0] });
    const x = Float64Array.from([1, 10, 2, 11, 3, 12, 6, 15]); // channel 0: 1,2,3,6; channel 1: 10,11,12,15
    const y = brn.forward(x, 4, 'train');
    const eps = 1e-5;
    const expected: number[] = [];
    const rs: number[] = [];
    const ds: number[] = [];
    const runningMean = [0.5, -3];
    const runningVar = [4, 0.25];
    const gamma = [2, 1];
    const beta = [0.1, 0];
    for (let c = 0; c < 2; c++) {
      const v = [0, 1, 2, 3].map((i) => x[i * 2 + c]);
      const mean = v.reduce((a, b) => a + b) / 4;
      const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      const sigmaB = Math.sqrt(variance + eps);
      const sigma = Math.sqrt(runningVar[c] + eps);
      const r = Math.min(Math.max(sigmaB / sigma, 1 / 1.5), 1.5);
      const d = Math.min(Math.max((mean - runningMean[c]) / sigma, -0.5), 0.5);
      rs.push(r);
      ds.push(d);
      for (const value of v) expected.push(gamma[c] * (((value - mean) / sigmaB) * r + d) + beta[c]);
    }
    // Channel 0: σ_B/σ = 1.87/2 ≈ 0.935 and (μ_B − μ)/σ = 1.5/2 = 0.75: r free, d clipped to 0.5.
    // Channel 1: σ_B/σ ≈ 1.87/0.5 → r clipped to 1.5; (12 + 3)/0.5 = 30 → d clipped to 0.5.
    expect(rs[0]).toBeCloseTo(0.935, 3);
    expect([rs[1], ds[0], ds[1]]).toEqual([1.5, 0.5, 0.5]);
    expect(Array.from(brn.lastR)).toEqual(rs.map((r) => expect.closeTo(r, 12)));
    expect(Array.from(brn.lastD)).toEqual(ds);
    const byChannel = [0, 2, 4, 6, 1, 3, 5, 7].map((i) => y[i]);
    for (let i = 0; i < 8; i++) expect(byChannel[i]).toBeCloseTo(expected[i], 12);
  });

  it('batchRenorm, dense n=5 c=3, float32: running statistics move exactly as BatchNorm’s, and eval mode uses them', () => {
    const bn = new BatchNorm([3], { momentum: 0.2 });
    const brn = new BatchRenorm([3], { momentum: 0.2 }); // the default limits, so r and d do act
    for (let step = 0; step < 6; step++) {
      const x = input(15, 70 + step, 'float32', 3, 2);
      bn.forward(x, 5, 'train');
      brn.forward(x, 5, 'train');
    }
    expect(bits(brn.runningMean)).toEqual(bits(bn.runningMean));
    expect(bits(brn.runningVar)).toEqual(bits(bn.runningVar));
    const x = input(15, 99, 'float32');
    expect(bits(brn.forward(x, 5, 'eval'))).toEqual(bits(bn.forward(x, 5, 'eval')));
  });

  it('batchRenorm rejects rMax < 1, dMax < 0 and a fractional warm-up by name', () => {
    expect(() => new BatchRenorm([2], { rMax: 0.5 })).toThrow('rMax must be a finite number >= 1, got 0.5');
    expect(() => new BatchRenorm([2], { dMax: -1 })).toThrow('dMax must be a finite number >= 0, got -1');
    expect(() => new BatchRenorm([2], { warmup: 2.5 })).toThrow(
      'warmup must be a non-negative integer, got 2.5',
    );
  });
});

describe('batchRenorm backward, float64', () => {
  // r and d clipped on every channel (running variance 100 → σ_B/σ ≈ 0.15 < 1/2, running mean 10 →
  // |μ_B − μ|/σ ≈ 1 > 0.25) and momentum 0 (the running statistics stay): the forward as a function
  // of x and the parameters then has r, d constant, so finite differences check the backward exactly.
  for (const [name, shape, n] of SHAPES) {
    for (const affine of [true, false]) {
      it(`batchRenorm backward, train mode, ${name}, affine ${affine}, r and d clipped: finite differences`, () => {
        const layer = new BatchRenorm(shape, { momentum: 0, rMax: 2, dMax: 0.25, affine }, 'float64');
        const c = shape[0];
        layer.setState({ runningMean: Array(c).fill(10), runningVar: Array(c).fill(100) });
        if (affine)
          layer.setState({ gamma: [1.3, -0.7, 0.9, 1.1].slice(0, c), beta: [0.2, 0, -0.4, 0.1].slice(0, c) });
        const x = randomInput(n * shape.reduce((a, b) => a * b), 21, 1.5, 0.3);
        const { maxRelError, worst } = gradCheck(layer, x, n, 'train');
        expect(Array.from(layer.lastR).every((r) => r === 0.5)).toBe(true);
        expect(Array.from(layer.lastD).every((d) => d === -0.25)).toBe(true);
        expect(maxRelError, worst).toBeLessThan(GRAD_TOLERANCE);
      });
    }

    it(`batchRenorm backward, train mode, ${name}, r and d inside their limits: stop-gradient, dx = BatchNorm's dx of r·dy`, () => {
      const brn = new BatchRenorm(shape, { rMax: 5, dMax: 5 }, 'float64');
      const bn = new BatchNorm(shape, {}, 'float64');
      const c = shape[0];
      const state = {
        runningMean: [0.1, 0.5, -0.2, 0].slice(0, c),
        runningVar: [2, 0.8, 1.5, 1].slice(0, c),
      };
      brn.setState(state);
      bn.setState(state);
      const size = n * shape.reduce((a, b) => a * b);
      const x = randomInput(size, 31, 1.5, 0.3);
      const dy = randomInput(size, 32);
      brn.forward(x, n, 'train');
      const r = Float64Array.from(brn.lastR);
      expect(Array.from(r).some((v) => Math.abs(v - 1) > 0.05)).toBe(true);
      expect(Array.from(brn.lastD).some((v) => Math.abs(v) > 0.05)).toBe(true);
      expect(Array.from(r).every((v) => v > 1 / 5 && v < 5)).toBe(true);
      const dx = Float64Array.from(brn.backward(dy));
      const spatial = size / n / c;
      const scaled = dy.map((v, i) => v * r[Math.floor(i / spatial) % c]);
      bn.forward(x, n, 'train');
      const expected = bn.backward(scaled);
      for (let i = 0; i < size; i++) expect(dx[i]).toBeCloseTo(expected[i], 12);
      // dBeta = Σ dy and dGamma = Σ dy · x̂ with the corrected x̂ (what y was built from).
      const xhat = brn.lastXhat as Arr;
      for (let ch = 0; ch < c; ch++) {
        let dGamma = 0;
        let dBeta = 0;
        for (let i = 0; i < size; i++) {
          if (Math.floor(i / spatial) % c !== ch) continue;
          dGamma += dy[i] * xhat[i];
          dBeta += dy[i];
        }
        expect(Math.abs(brn.params()[0].grad[ch] - dGamma)).toBeLessThan(
          F64_CLOSE * Math.max(1, Math.abs(dGamma)),
        );
        expect(Math.abs(brn.params()[1].grad[ch] - dBeta)).toBeLessThan(
          F64_CLOSE * Math.max(1, Math.abs(dBeta)),
        );
      }
    });
  }

  it('batchRenorm backward, eval mode, dense n=3 c=2: finite differences (running statistics, as BatchNorm)', () => {
    const layer = new BatchRenorm([2], {}, 'float64');
    layer.setState({ runningMean: [0.3, -0.1], runningVar: [1.4, 0.6] });
    const { maxRelError, worst } = gradCheck(layer, randomInput(6, 41), 3, 'eval');
    expect(maxRelError, worst).toBeLessThan(GRAD_TOLERANCE);
  });
});

describe('batchRenorm in an experiment', () => {
  it('norm=batchrenorm, moons MLP, seed 1: the catalog builds it with the knobs, and 300 steps halve the loss', () => {
    const config = {
      ...DEFAULT_CONFIG,
      dataset: 'moons' as const,
      norm: 'batchrenorm' as const,
      rmax: 2,
      dmax: 1,
      renormWarmup: 100,
    };
    const data = experimentData(config, null);
    const spec = experimentSpec(config, [2], data.classes);
    expect(spec.layers[1]).toEqual({
      type: 'batchrenorm',
      eps: 1e-5,
      momentum: 0.1,
      rMax: 2,
      dMax: 1,
      warmup: 100,
    });
    const model = buildModel(spec);
    const layer = model.layers[1] as BatchRenorm;
    expect([layer.kind, layer.rMax, layer.dMax, layer.warmup]).toEqual(['batchrenorm', 2, 1, 100]);
    const batcher = new Batcher(data.train, new Rng(1));
    const losses: number[] = [];
    for (let step = 0; step < 300; step++) {
      const batch = batcher.next(config.batchSize);
      losses.push(model.trainStep(batch.x, batch.y, config.batchSize).loss);
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(losses.slice(-30))).toBeLessThan(0.5 * mean(losses.slice(0, 30)));
    expect(layer.currentLimits()).toEqual({ rMax: 2, dMax: 1 });
  });
});
