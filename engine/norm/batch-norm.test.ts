import { afterAll, describe, expect, it } from 'vitest';
import type { Arr, Mode } from '../core/types.ts';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { BatchNorm, type BatchNormOptions } from './batch-norm.ts';
import { roundToHalf } from './half.ts';
import { channelValues, maxAbsDiff, refMeanVar } from './reference.ts';

/** Largest relative error accepted from the float64 finite-difference check (reached: ~1e-9). */
const GRAD_TOLERANCE = 1e-7;
/** Agreement of float64 layers with formulas and float64 references. */
const FLOAT64_TOLERANCE = 1e-12;
/** Agreement of float32-storage outputs (rounded once from float64) with float64 references. */
const FLOAT32_TOLERANCE = 2e-6;

const EPS = 1e-5;

/** Max errors reached, printed with NORM_GRAD_REPORT=1. */
const reached: string[] = [];
afterAll(() => {
  if (process.env.NORM_GRAD_REPORT) console.log(reached.join('\n'));
});

function bn(inShape: number[], options: BatchNormOptions = {}): BatchNorm {
  return new BatchNorm(inShape, options, 'float64');
}

/** Non-trivial gamma, beta (and running statistics) so that every term of the backward matters. */
function randomise(layer: BatchNorm, seed: number): BatchNorm {
  const C = layer.channels;
  if (layer.affine) layer.setState({ gamma: randomInput(C, seed, 0.5, 1), beta: randomInput(C, seed + 1) });
  if (layer.trackRunningStats) {
    const runningVar = randomInput(C, seed + 2).map((v) => 0.5 + v * v);
    layer.setState({ runningMean: randomInput(C, seed + 3), runningVar });
  }
  return layer;
}

describe('batchNorm forward, formulas', () => {
  it('batchNorm forward, train mode, dense 4x2: mean, biased var, xhat, y, running stats by hand', () => {
    const layer = bn([2]);
    layer.setState({ gamma: [2, 0.5], beta: [1, -1] });
    // channel 0: 1 3 5 7 -> mean 4, biased var (9+1+1+9)/4 = 5
    // channel 1: 2 4 6 10 -> mean 5.5, biased var (12.25+2.25+0.25+20.25)/4 = 8.75
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 10]);
    const y = layer.forward(x, [4, 2], 'train');
    expect(Array.from(layer.lastMean ?? [])).toEqual([4, 5.5]);
    expect(Array.from(layer.lastVar ?? [])).toEqual([5, 8.75]);
    const mean = [4, 5.5];
    const variance = [5, 8.75];
    const gamma = [2, 0.5];
    const beta = [1, -1];
    for (let i = 0; i < 4; i++) {
      for (let c = 0; c < 2; c++) {
        const xhat = (x[i * 2 + c] - mean[c]) / Math.sqrt(variance[c] + EPS);
        expect(layer.lastXhat?.[i * 2 + c]).toBeCloseTo(xhat, 12);
        expect(y[i * 2 + c]).toBeCloseTo(gamma[c] * xhat + beta[c], 12);
      }
    }
    // running = 0.9 * (0, 1) + 0.1 * (mean, var * 4/3): the UNBIASED variance is stored.
    expect(layer.runningMean[0]).toBeCloseTo(0.4, 15);
    expect(layer.runningMean[1]).toBeCloseTo(0.55, 15);
    expect(layer.runningVar[0]).toBeCloseTo(0.9 + (0.1 * 5 * 4) / 3, 15);
    expect(layer.runningVar[1]).toBeCloseTo(0.9 + (0.1 * 8.75 * 4) / 3, 15);
    expect(layer.numBatchesTracked).toBe(1);
    expect(layer.lastStatsSource).toBe('batch');
  });

  it('batchNorm forward, train mode, NCHW n=2 c=2 h=1 w=2: one mean/var per channel over (N, H, W)', () => {
    const layer = bn([2, 1, 2]);
    // n0: c0 = [1, 3], c1 = [0, 0]; n1: c0 = [5, 7], c1 = [2, 4]
    const x = Float64Array.from([1, 3, 0, 0, 5, 7, 2, 4]);
    const y = layer.forward(x, [2, 2, 1, 2], 'train');
    // channel 0: 1 3 5 7 -> mean 4, var 5; channel 1: 0 0 2 4 -> mean 1.5, var 11/4
    expect(Array.from(layer.lastMean ?? [])).toEqual([4, 1.5]);
    expect(Array.from(layer.lastVar ?? [])).toEqual([5, 2.75]);
    const expected = [1, 3, 0, 0, 5, 7, 2, 4].map((v, idx) => {
      const c = Math.floor(idx / 2) % 2;
      return (v - [4, 1.5][c]) / Math.sqrt([5, 2.75][c] + EPS);
    });
    expect(maxAbsDiff(y, expected)).toBeLessThan(FLOAT64_TOLERANCE);
    // m = N * H * W = 4 values per channel: unbiased factor 4/3.
    expect(layer.runningVar[1]).toBeCloseTo(0.9 + (0.1 * 2.75 * 4) / 3, 15);
  });

  it('batchNorm forward, eval mode, dense n=3 c=2: (x - runningMean) / sqrt(runningVar + eps) * gamma + beta', () => {
    const layer = bn([2]);
    layer.setState({ gamma: [3, -1], beta: [0.5, 2], runningMean: [1, -2], runningVar: [4, 0.25] });
    const x = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const y = layer.forward(x, 3, 'eval');
    for (let i = 0; i < 3; i++) {
      expect(y[i * 2]).toBeCloseTo((3 * (x[i * 2] - 1)) / Math.sqrt(4 + EPS) + 0.5, 12);
      expect(y[i * 2 + 1]).toBeCloseTo((-1 * (x[i * 2 + 1] + 2)) / Math.sqrt(0.25 + EPS) + 2, 12);
    }
    expect(layer.lastStatsSource).toBe('running');
    expect(Array.from(layer.lastMean ?? [])).toEqual([1, -2]);
    expect(layer.numBatchesTracked).toBe(0);
    expect(Array.from(layer.runningMean)).toEqual([1, -2]);
  });
});

describe('batchNorm invariants', () => {
  const cases: [string, number[], number, 'float32' | 'float64', number][] = [
    ['dense n=16 c=5, float64', [5], 16, 'float64', FLOAT64_TOLERANCE],
    ['NCHW n=4 c=3 h=5 w=5, float64', [3, 5, 5], 4, 'float64', FLOAT64_TOLERANCE],
    ['dense n=16 c=5, float32', [5], 16, 'float32', FLOAT32_TOLERANCE],
    ['NCHW n=4 c=3 h=5 w=5, float32', [3, 5, 5], 4, 'float32', FLOAT32_TOLERANCE],
  ];
  it.each(cases)(
    'batchNorm train mode output, %s: per-channel mean 0, biased variance var/(var+eps)',
    (_, inShape, n, precision, tol) => {
      const layer = new BatchNorm(inShape, {}, precision);
      const C = inShape[0];
      const S = inShape.length === 3 ? inShape[1] * inShape[2] : 1;
      const x = randomInput(n * C * S, 21, 3, 2);
      const y = layer.forward(precision === 'float32' ? Float32Array.from(x) : x, n, 'train');
      for (let c = 0; c < C; c++) {
        const input = refMeanVar(channelValues(x, n, C, S, c));
        const output = refMeanVar(channelValues(y, n, C, S, c));
        expect(Math.abs(output.mean)).toBeLessThan(tol);
        expect(Math.abs(output.variance - input.variance / (input.variance + EPS))).toBeLessThan(tol);
      }
    },
  );

  it("batchNorm eval mode, dense n=4 and n=6 c=3: a sample's output does not depend on its batch-mates", () => {
    const layer = randomise(bn([3]), 4);
    const a = randomInput(4 * 3, 30);
    const b = randomInput(6 * 3, 31);
    b.set(a.subarray(0, 3), 3 * 3); // sample 0 of a is sample 3 of b
    const yA = Float64Array.from(layer.forward(a, 4, 'eval'));
    const yB = layer.forward(b, 6, 'eval');
    expect(Array.from(yB.subarray(9, 12))).toEqual(Array.from(yA.subarray(0, 3)));
    // ...whereas in train mode it does (the lesson's contrast).
    const tA = Float64Array.from(layer.forward(a, 4, 'train'));
    const tB = layer.forward(b, 6, 'train');
    expect(maxAbsDiff(tB.subarray(9, 12), tA.subarray(0, 3))).toBeGreaterThan(1e-3);
  });
});

describe('batchNorm running statistics', () => {
  const batches = [0, 1, 2, 3, 4].map((t) => randomInput(6 * 3 * 2, 100 + t, 1 + t, t - 2));
  it.each([0.1, 0.5, null])(
    'batchNorm running stats over 5 batches, train mode, NCHW n=6 c=3 h=1 w=2, momentum %s',
    (momentum) => {
      const layer = bn([3, 1, 2], { momentum });
      const C = 3;
      const S = 2;
      const m = 6 * S;
      const runningMean = [0, 0, 0];
      const runningVar = [1, 1, 1];
      batches.forEach((x, t) => {
        layer.forward(x, 6, 'train');
        const f = momentum ?? 1 / (t + 1);
        for (let c = 0; c < C; c++) {
          const { mean, variance } = refMeanVar(channelValues(x, 6, C, S, c));
          runningMean[c] = (1 - f) * runningMean[c] + f * mean;
          runningVar[c] = (1 - f) * runningVar[c] + (f * variance * m) / (m - 1);
          // the forward normalised with the BIASED variance
          expect(layer.lastVar?.[c]).toBeCloseTo(variance, 13);
        }
        expect(maxAbsDiff(layer.runningMean, runningMean)).toBeLessThan(FLOAT64_TOLERANCE);
        expect(maxAbsDiff(layer.runningVar, runningVar)).toBeLessThan(FLOAT64_TOLERANCE);
        expect(layer.numBatchesTracked).toBe(t + 1);
      });
    },
  );

  it('batchNorm momentum null, dense n=4 c=2: running stats are the plain average of the batch statistics', () => {
    const layer = bn([2], { momentum: null });
    const means: number[] = [];
    const unbiased: number[] = [];
    for (let t = 0; t < 3; t++) {
      const x = randomInput(8, 200 + t, 2, t);
      layer.forward(x, 4, 'train');
      const s = refMeanVar(channelValues(x, 4, 2, 1, 0));
      means.push(s.mean);
      unbiased.push((s.variance * 4) / 3);
    }
    expect(layer.runningMean[0]).toBeCloseTo((means[0] + means[1] + means[2]) / 3, 13);
    expect(layer.runningVar[0]).toBeCloseTo((unbiased[0] + unbiased[1] + unbiased[2]) / 3, 13);
  });

  it('batchNorm momentum set live between steps, dense n=4 c=1: the next update uses the new value', () => {
    const layer = bn([1]);
    const x = Float64Array.from([1, 2, 3, 4]);
    layer.forward(x, 4, 'train');
    expect(layer.runningMean[0]).toBeCloseTo(0.25, 15);
    layer.momentum = 0.5;
    layer.forward(x, 4, 'train');
    expect(layer.runningMean[0]).toBeCloseTo(0.5 * 0.25 + 0.5 * 2.5, 15);
    layer.momentum = 0;
    layer.forward(x, 4, 'train');
    expect(layer.runningMean[0]).toBeCloseTo(1.375, 15);
    expect(layer.numBatchesTracked).toBe(3);
    expect(() => {
      layer.momentum = 1.5;
    }).toThrow('momentum must be in [0, 1] or null, got 1.5');
    expect(() => new BatchNorm([1], { momentum: -0.1 })).toThrow(
      'momentum must be in [0, 1] or null, got -0.1',
    );
  });

  it('batchNorm frozen, train mode, dense n=4 c=3: normalises with running stats, updates nothing', () => {
    const layer = randomise(bn([3]), 8);
    const x = randomInput(12, 40);
    const before = layer.getState();
    const yEval = Float64Array.from(layer.forward(x, 4, 'eval'));
    layer.frozen = true;
    const yFrozen = layer.forward(x, 4, 'train');
    expect(Array.from(yFrozen)).toEqual(Array.from(yEval));
    expect(layer.lastStatsSource).toBe('running');
    expect(layer.getState()).toEqual(before);
    layer.frozen = false;
    layer.forward(x, 4, 'train');
    expect(layer.numBatchesTracked).toBe((before.numBatchesTracked ?? 0) + 1);
  });

  it('batchNorm trackRunningStats=false, dense n=5 c=2: eval uses batch statistics, no running state', () => {
    const layer = bn([2], { trackRunningStats: false });
    const x = randomInput(10, 41, 2, 1);
    const yTrain = Float64Array.from(layer.forward(x, 5, 'train'));
    const yEval = layer.forward(x, 5, 'eval');
    expect(Array.from(yEval)).toEqual(Array.from(yTrain));
    expect(layer.lastStatsSource).toBe('batch');
    expect(layer.numBatchesTracked).toBe(0);
    expect(Object.keys(layer.getState()).sort()).toEqual(['beta', 'gamma']);
    expect(() => layer.setState({ runningMean: [0, 0] })).toThrow("setState: batchnorm has no 'runningMean'");
  });

  it('batchNorm single image, train mode, NCHW n=1 c=3 h=2 w=2: trains (m = 4) and moves the running stats', () => {
    const layer = bn([3, 2, 2]);
    const x = randomInput(12, 42, 1, 5);
    const y = layer.forward(x, [1, 3, 2, 2], 'train');
    expect(y.every(Number.isFinite)).toBe(true);
    expect(layer.numBatchesTracked).toBe(1);
    expect(layer.runningMean[0]).toBeCloseTo(0.1 * refMeanVar(channelValues(x, 1, 3, 4, 0)).mean, 14);
  });

  it('batchNorm resetRunningStats: mean 0, var 1, counter 0, parameters kept', () => {
    const layer = randomise(bn([2]), 9);
    layer.forward(randomInput(6, 43), 3, 'train');
    const gamma = Array.from(layer.gamma?.value ?? []);
    layer.resetRunningStats();
    expect(Array.from(layer.runningMean)).toEqual([0, 0]);
    expect(Array.from(layer.runningVar)).toEqual([1, 1]);
    expect(layer.numBatchesTracked).toBe(0);
    expect(Array.from(layer.gamma?.value ?? [])).toEqual(gamma);
  });
});

describe('batchNorm errors', () => {
  it('batchNorm train mode, dense n=1 c=3: throws before touching any state', () => {
    const layer = randomise(bn([3]), 10);
    layer.forward(randomInput(6, 44), 2, 'train');
    const before = layer.getState();
    expect(() => layer.forward(randomInput(3, 45), 1, 'train')).toThrow(
      new Error('expected more than 1 value per channel when training, got input shape [1, 3]'),
    );
    expect(layer.getState()).toEqual(before);
    expect(layer.lastN).toBe(2);
  });

  it('batchNorm train mode, NCHW n=1 c=2 h=1 w=1: throws with the real shape', () => {
    const layer = bn([2, 1, 1]);
    expect(() => layer.forward(new Float64Array(2), [1, 2, 1, 1], 'train')).toThrow(
      new Error('expected more than 1 value per channel when training, got input shape [1, 2, 1, 1]'),
    );
    expect(layer.numBatchesTracked).toBe(0);
    expect(Array.from(layer.runningVar)).toEqual([1, 1]);
  });

  it('batchNorm trackRunningStats=false, eval mode, dense n=1 c=3: throws too (batch statistics, as PyTorch)', () => {
    const layer = bn([3], { trackRunningStats: false });
    expect(() => layer.forward(new Float64Array(3), 1, 'eval')).toThrow(
      /expected more than 1 value per channel/,
    );
  });

  it('batchNorm eval mode and frozen train mode, dense n=1 c=3: work (running statistics)', () => {
    const layer = randomise(bn([3]), 11);
    const x = randomInput(3, 46);
    const y = Float64Array.from(layer.forward(x, 1, 'eval'));
    expect(y.every(Number.isFinite)).toBe(true);
    const [gamma, beta] = [layer.gamma?.value ?? [], layer.beta?.value ?? []];
    for (let c = 0; c < 3; c++) {
      const expected =
        (gamma[c] * (x[c] - layer.runningMean[c])) / Math.sqrt(layer.runningVar[c] + EPS) + beta[c];
      expect(y[c]).toBeCloseTo(expected, 12);
    }
    layer.frozen = true;
    expect(Array.from(layer.forward(x, 1, 'train'))).toEqual(Array.from(y));
  });

  it('batchNorm shape checks: shape mismatch, input length, batch size, backward misuse', () => {
    const dense = bn([4]);
    expect(() => dense.forward(new Float64Array(24), [8, 3], 'train')).toThrow(
      new Error('shape mismatch: expected [N, 4], got [8, 3]'),
    );
    expect(() => dense.forward(new Float64Array(32), [8, 4, 1], 'train')).toThrow(
      new Error('shape mismatch: expected [N, 4], got [8, 4, 1]'),
    );
    expect(() => dense.forward(new Float64Array(30), [8, 4], 'train')).toThrow(
      new Error('input length mismatch: shape [8, 4] needs 32 values, got 30'),
    );
    expect(() => dense.forward(new Float64Array(30), 8, 'train')).toThrow(/input length mismatch/);
    expect(() => dense.forward(new Float64Array(0), 0, 'train')).toThrow(
      'batch size must be a positive integer, got 0',
    );
    expect(() => dense.backward(new Float64Array(8))).toThrow('batchnorm backward called before forward');
    dense.forward(new Float64Array(8), 2, 'train');
    expect(() => dense.backward(new Float64Array(4))).toThrow(
      'dy length mismatch: the last forward had shape [2, 4] (8 values), got 4',
    );
    const conv = bn([3, 2, 2]);
    expect(() => conv.forward(new Float64Array(24), [2, 3, 4, 1], 'train')).toThrow(
      new Error('shape mismatch: expected [N, 3, 2, 2], got [2, 3, 4, 1]'),
    );
    expect(() => new BatchNorm([3, 2])).toThrow('batchnorm input shape must be [C] or [C, H, W], got [3, 2]');
    expect(() => new BatchNorm([0])).toThrow('batchnorm input shape must be [C] or [C, H, W], got [0]');
    expect(() => new BatchNorm([2], { eps: -1 })).toThrow(
      'batchnorm eps must be a finite number >= 0, got -1',
    );
  });
});

describe('batchNorm state', () => {
  it('batchNorm getState/setState, dense c=3: JSON round trip reproduces eval outputs and the counter', () => {
    const a = randomise(bn([3]), 12);
    a.forward(randomInput(12, 47), 4, 'train');
    const b = bn([3]);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    const x = randomInput(6, 48);
    expect(Array.from(b.forward(x, 2, 'eval'))).toEqual(Array.from(a.forward(x, 2, 'eval')));
    expect(b.numBatchesTracked).toBe(1);
    expect(Object.keys(a.getState()).sort()).toEqual([
      'beta',
      'gamma',
      'numBatchesTracked',
      'runningMean',
      'runningVar',
    ]);
  });

  it('batchNorm setState accepts typed arrays and rejects bad input without changing anything', () => {
    const layer = bn([2]);
    layer.setState({ runningVar: Float32Array.from([2, 3]) });
    expect(Array.from(layer.runningVar)).toEqual([2, 3]);
    const before = layer.getState();
    expect(() => layer.setState({ gamma: [1, 2], beta: [1] })).toThrow(
      'setState: beta has length 1, expected 2',
    );
    expect(() => layer.setState({ gamma: [5, 5], runningVar: [1, -1] })).toThrow(
      'setState: runningVar[1] must be a finite non-negative number, got -1',
    );
    expect(() => layer.setState({ runningMean: [0, Number.NaN] })).toThrow(
      /runningMean\[1\] must be a finite/,
    );
    expect(() => layer.setState({ numBatchesTracked: 1.5 })).toThrow(
      /numBatchesTracked must be a non-negative integer/,
    );
    expect(() => layer.setState({ foo: [1] } as never)).toThrow("setState: batchnorm has no 'foo'");
    expect(layer.getState()).toEqual(before);
    expect(() => bn([2], { affine: false }).setState({ gamma: [1, 1] })).toThrow(
      "setState: batchnorm has no 'gamma'",
    );
  });

  it('batchNorm params: gamma and beta Param objects of length C, none with affine=false', () => {
    const layer = bn([3, 2, 2]);
    const params = layer.params();
    expect(params.map((p) => p.name)).toEqual(['gamma', 'beta']);
    expect(Array.from(params[0].value)).toEqual([1, 1, 1]);
    expect(Array.from(params[1].value)).toEqual([0, 0, 0]);
    expect(layer.params()).toBe(params);
    expect(bn([3], { affine: false }).params()).toEqual([]);
  });
});

describe('batchNorm numerically hard inputs, float32 storage', () => {
  it('batchNorm train mode, dense n=8 c=2, constant channel: xhat exactly 0, y = beta, finite backward', () => {
    const layer = new BatchNorm([2]);
    layer.setState({ beta: [0.25, 0] });
    const x = new Float32Array(16);
    for (let i = 0; i < 8; i++) {
      x[i * 2] = 3.7;
      x[i * 2 + 1] = i;
    }
    const y = layer.forward(x, 8, 'train');
    expect(layer.lastVar?.[0]).toBe(0);
    for (let i = 0; i < 8; i++) {
      expect(layer.lastXhat?.[i * 2]).toBe(0);
      expect(y[i * 2]).toBe(0.25);
    }
    const dx = layer.backward(Float32Array.from(randomInput(16, 49)));
    expect(dx.every(Number.isFinite)).toBe(true);
  });

  it.each([
    ['around 1e4 with spread 1', 1, 1e4],
    ['around 1e-4 with spread 1e-6', 1e-6, 1e-4],
    ['around -3e4 with spread 0.01', 0.01, -3e4],
  ])('batchNorm train mode, dense n=64 c=3, values %s: matches the float64 reference', (_, scale, offset) => {
    const x = Float32Array.from(randomInput(64 * 3, 50, scale, offset));
    const layer = new BatchNorm([3]);
    const y = layer.forward(x, 64, 'train');
    const expected = new Float64Array(y.length);
    for (let c = 0; c < 3; c++) {
      const { mean, variance } = refMeanVar(channelValues(x, 64, 3, 1, c));
      for (let i = 0; i < 64; i++) expected[i * 3 + c] = (x[i * 3 + c] - mean) / Math.sqrt(variance + EPS);
    }
    expect(y.every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(y, expected)).toBeLessThan(FLOAT32_TOLERANCE);
  });
});

describe('batchNorm half-precision statistics', () => {
  it('batchNorm train mode, dense n=32 c=2, halfPrecision: statistics equal the float16-rounded ones', () => {
    const x = randomInput(64, 60, 1, 1e4 + 4);
    const layer = bn([2], { halfPrecision: true });
    layer.forward(x, 32, 'train');
    for (let c = 0; c < 2; c++) {
      const values = channelValues(x, 32, 2, 1, c);
      const mean16 = roundToHalf(refMeanVar(values).mean);
      const var16 = roundToHalf(values.reduce((s, v) => s + (v - mean16) ** 2, 0) / values.length);
      expect(layer.lastMean?.[c]).toBe(mean16);
      expect(layer.lastVar?.[c]).toBe(var16);
      expect(layer.runningMean[c]).toBeCloseTo(0.1 * mean16, 12);
      expect(layer.runningVar[c]).toBeCloseTo(0.9 + (0.1 * var16 * 32) / 31, 12);
    }
  });

  it('batchNorm train mode, dense n=64 c=1, values 10004 + N(0, 1): the float16 variance is far off', () => {
    // float16 values near 1e4 are 8 apart, so the mean lands ~4 away and the variance about it
    // is ~1 + 4^2: the lesson's reason to keep BN statistics in fp32.
    const x = randomInput(64, 61, 1, 10004);
    const exact = refMeanVar(Array.from(x));
    const full = bn([1]);
    full.forward(x, 64, 'train');
    const half = bn([1], { halfPrecision: true });
    const y = half.forward(x, 64, 'train');
    expect(Math.abs((full.lastVar?.[0] ?? 0) - exact.variance)).toBeLessThan(FLOAT64_TOLERANCE);
    expect((half.lastVar?.[0] ?? 0) / exact.variance).toBeGreaterThan(5);
    // the normalised output is visibly off-centre and shrunk
    expect(Math.abs(refMeanVar(Array.from(y)).mean)).toBeGreaterThan(0.5);
  });

  it('batchNorm eval mode, dense n=2 c=1, halfPrecision: the running statistics pass through float16', () => {
    const layer = bn([1], { halfPrecision: true });
    layer.setState({ runningMean: [10003], runningVar: [1.0001] });
    layer.forward(Float64Array.from([1, 2]), 2, 'eval');
    expect(layer.lastMean?.[0]).toBe(10000);
    expect(layer.lastVar?.[0]).toBe(1);
    expect(layer.runningMean[0]).toBe(10003);
  });
});

describe('batchNorm buffers', () => {
  it('batchNorm forward, dense c=3, n=2 then n=5 then n=2: one cached output per batch size, still valid', () => {
    const layer = bn([3]);
    const y2 = layer.forward(randomInput(6, 70), 2, 'train');
    const y5 = layer.forward(randomInput(15, 71), 5, 'train');
    const kept = Array.from(y5);
    expect(layer.forward(randomInput(6, 72), 2, 'train')).toBe(y2);
    expect(Array.from(y5)).toEqual(kept);
    expect(layer.backward(new Float64Array(6))).toBe(layer.backward(new Float64Array(6)));
    expect(layer.lastN).toBe(2);
  });
});

/** The bytes of a typed array, so that -0 and +0 (and NaN payloads) count as different. */
function bits(a: Arr): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

describe('batchNorm dense fast path equals the general path bit for bit', () => {
  // Dense, affine, full-precision BatchNorm in train mode runs dense-batch-norm.ts; the general
  // path (referencePath) is the reference. Several steps, so the running statistics are compared too.
  const cases: [number, number, 'float32' | 'float64', BatchNormOptions][] = [
    [16, 8, 'float32', {}],
    [2, 1, 'float32', {}],
    [5, 3, 'float64', { momentum: null }],
    [33, 7, 'float32', { trackRunningStats: false }],
  ];
  for (const [n, c, precision, options] of cases) {
    it(`batchNorm forward and backward, train mode, n=${n} c=${c}, ${precision}, ${JSON.stringify(options)}`, () => {
      const fast = new BatchNorm([c], options, precision);
      const reference = new BatchNorm([c], options, precision);
      reference.referencePath = true;
      for (const layer of [fast, reference]) {
        layer.setState({ gamma: randomInput(c, 90, 0.5, 1), beta: randomInput(c, 91) });
      }
      for (let step = 0; step < 3; step++) {
        const x = randomInput(n * c, 92 + step).map((v) => 3 * v + step);
        const dy = randomInput(n * c, 95 + step);
        const xs = precision === 'float32' ? Float32Array.from(x) : Float64Array.from(x);
        const dys = precision === 'float32' ? Float32Array.from(dy) : Float64Array.from(dy);
        expect(bits(fast.forward(xs, n, 'train'))).toEqual(bits(reference.forward(xs, n, 'train')));
        expect(bits(fast.backward(dys))).toEqual(bits(reference.backward(dys)));
        expect(bits(fast.lastXhat as Arr)).toEqual(bits(reference.lastXhat as Arr));
        expect(bits(fast.lastMean as Arr)).toEqual(bits(reference.lastMean as Arr));
        expect(bits(fast.lastVar as Arr)).toEqual(bits(reference.lastVar as Arr));
        expect(bits(fast.lastInvStd as Arr)).toEqual(bits(reference.lastInvStd as Arr));
        for (const key of ['gamma', 'beta'] as const) {
          expect(bits(fast[key]?.grad as Arr)).toEqual(bits(reference[key]?.grad as Arr));
        }
        expect(bits(fast.runningMean)).toEqual(bits(reference.runningMean));
        expect(bits(fast.runningVar)).toEqual(bits(reference.runningVar));
      }
    });
  }
});

describe('batchNorm backward, float64 finite differences', () => {
  const cases: [string, () => BatchNorm, number, Mode][] = [
    ['train mode, dense n=6 c=4', () => randomise(bn([4]), 1), 6, 'train'],
    ['train mode, NCHW n=3 c=2 h=3 w=2', () => randomise(bn([2, 3, 2]), 2), 3, 'train'],
    ['train mode, NCHW n=1 c=2 h=2 w=2 (single image)', () => randomise(bn([2, 2, 2]), 3), 1, 'train'],
    ['train mode, dense n=5 c=3, momentum null', () => randomise(bn([3], { momentum: null }), 4), 5, 'train'],
    ['train mode, dense n=5 c=3, affine=false', () => randomise(bn([3], { affine: false }), 5), 5, 'train'],
    [
      'train mode, NCHW n=2 c=3 h=2 w=2, affine=false',
      () => randomise(bn([3, 2, 2], { affine: false }), 6),
      2,
      'train',
    ],
    ['eval mode (running stats set), dense n=5 c=3', () => randomise(bn([3]), 7), 5, 'eval'],
    ['eval mode (running stats set), NCHW n=2 c=3 h=2 w=2', () => randomise(bn([3, 2, 2]), 8), 2, 'eval'],
    ['eval mode, dense n=1 c=3', () => randomise(bn([3]), 9), 1, 'eval'],
    [
      'eval mode, NCHW n=2 c=2 h=2 w=1, affine=false',
      () => randomise(bn([2, 2, 1], { affine: false }), 10),
      2,
      'eval',
    ],
    ['train mode, frozen, dense n=4 c=3', () => randomise(bn([3], { frozen: true }), 11), 4, 'train'],
    [
      'train mode, frozen, NCHW n=2 c=2 h=2 w=2',
      () => randomise(bn([2, 2, 2], { frozen: true }), 12),
      2,
      'train',
    ],
    [
      'train mode, ghost batches of 3, dense n=8 c=3 (last ghost batch 2)',
      () => randomise(bn([3], { ghostBatch: 3 }), 15),
      8,
      'train',
    ],
    [
      'train mode, ghost batches of 2, NCHW n=5 c=2 h=2 w=1 (last ghost batch 1 image)',
      () => randomise(bn([2, 2, 1], { ghostBatch: 2 }), 16),
      5,
      'train',
    ],
    [
      'eval mode, trackRunningStats=false, dense n=4 c=3',
      () => randomise(bn([3], { trackRunningStats: false }), 13),
      4,
      'eval',
    ],
    [
      'eval mode, trackRunningStats=false, NCHW n=2 c=2 h=2 w=2',
      () => randomise(bn([2, 2, 2], { trackRunningStats: false }), 14),
      2,
      'eval',
    ],
  ];
  it.each(cases)('batchNorm backward, %s', (name, build, n, mode) => {
    const layer = build();
    const x = randomInput(n * layer.sampleSize, 80, 1.5, 0.3);
    const { maxRelError, worst } = gradCheck(layer, x, n, mode);
    reached.push(`batchNorm ${name}: ${maxRelError.toExponential(2)} (${worst})`);
    expect(maxRelError).toBeLessThan(GRAD_TOLERANCE);
  });

  it('batchNorm backward, eval mode, dense n=3 c=2: dx = dy * gamma / sqrt(runningVar + eps)', () => {
    const layer = randomise(bn([2]), 15);
    layer.forward(randomInput(6, 81), 3, 'eval');
    const dy = randomInput(6, 82);
    const dx = layer.backward(dy);
    const gamma = layer.gamma?.value ?? [];
    for (let i = 0; i < 6; i++) {
      const c = i % 2;
      expect(dx[i]).toBeCloseTo((dy[i] * gamma[c]) / Math.sqrt(layer.runningVar[c] + EPS), 13);
    }
  });
});

describe('batchNorm ghost batches (Hoffer et al. 2017)', () => {
  it('train mode over ghost batches equals each sub-batch through its own BatchNorm, running statistics included', () => {
    const x = randomInput(10 * 3, 41, 2, 0.5);
    const ghost = new BatchNorm([3], { ghostBatch: 4 }, 'float64');
    const y = ghost.forward(x, 10, 'train');
    const reference = new BatchNorm([3], {}, 'float64');
    for (const [start, m] of [
      [0, 4],
      [4, 4],
      [8, 2],
    ]) {
      const part = reference.forward(x.subarray(start * 3, (start + m) * 3), m, 'train');
      for (let i = 0; i < m * 3; i++) expect(y[start * 3 + i]).toBeCloseTo(part[i], 12);
    }
    expect(ghost.numBatchesTracked).toBe(3);
    expect(Array.from(ghost.runningMean)).toEqual(Array.from(reference.runningMean));
    expect(Array.from(ghost.runningVar)).toEqual(Array.from(reference.runningVar));
  });

  it('0, or a ghost batch at least the batch, is ordinary BatchNorm; eval mode ignores it', () => {
    const x = randomInput(6 * 3, 42, 1.5);
    const plain = Array.from(new BatchNorm([3], {}, 'float64').forward(x, 6, 'train'));
    expect(Array.from(new BatchNorm([3], { ghostBatch: 6 }, 'float64').forward(x, 6, 'train'))).toEqual(
      plain,
    );
    expect(Array.from(new BatchNorm([3], { ghostBatch: 0 }, 'float64').forward(x, 6, 'train'))).toEqual(
      plain,
    );
    const evalGhost = new BatchNorm([3], { ghostBatch: 2 }, 'float64');
    expect(Array.from(evalGhost.forward(x, 6, 'eval'))).toEqual(
      Array.from(new BatchNorm([3], {}, 'float64').forward(x, 6, 'eval')),
    );
    expect(evalGhost.numBatchesTracked).toBe(0);
  });

  it('a dense ghost batch of one sample is the framework error, before any state changes', () => {
    const layer = new BatchNorm([3], { ghostBatch: 2 }, 'float64');
    expect(() => layer.forward(randomInput(5 * 3, 43), 5, 'train')).toThrow(
      /^expected more than 1 value per channel when training, got a ghost batch of shape \[1, 3\] \(batch 5 in ghost batches of 2\)/,
    );
    expect(layer.numBatchesTracked).toBe(0);
    expect(() => new BatchNorm([3], { ghostBatch: 1.5 })).toThrow(
      'ghostBatch must be a non-negative integer, got 1.5',
    );
  });
});
