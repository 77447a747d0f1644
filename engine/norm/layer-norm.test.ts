import { afterAll, describe, expect, it } from 'vitest';
import type { Mode } from '../core/types.ts';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { roundToHalf } from './half.ts';
import { LayerNorm, type LayerNormOptions } from './layer-norm.ts';
import { maxAbsDiff, refMeanVar, sampleValues } from './reference.ts';

/** Largest relative error accepted from the float64 finite-difference check (reached: ~1e-9). */
const GRAD_TOLERANCE = 1e-7;
/** Agreement of float64 layers with formulas and float64 references. */
const FLOAT64_TOLERANCE = 1e-12;
/** Agreement of float32-storage outputs with float64 references. */
const FLOAT32_TOLERANCE = 2e-6;

const EPS = 1e-5;

const reached: string[] = [];
afterAll(() => {
  if (process.env.NORM_GRAD_REPORT) console.log(reached.join('\n'));
});

function ln(inShape: number[], options: LayerNormOptions = {}): LayerNorm {
  const layer = new LayerNorm(inShape, options, 'float64');
  const L = layer.sampleSize;
  if (layer.affine) layer.setState({ gamma: randomInput(L, 1, 0.5, 1), beta: randomInput(L, 2) });
  return layer;
}

describe('layerNorm forward', () => {
  it('layerNorm forward, dense n=2 c=4: per-sample mean and biased var, elementwise gamma and beta', () => {
    const layer = new LayerNorm([4], {}, 'float64');
    const gamma = [1, 2, 3, 4];
    const beta = [0, 0, 1, 1];
    layer.setState({ gamma, beta });
    // sample 0: 1 2 3 4 -> mean 2.5, var 1.25; sample 1: 2 2 2 6 -> mean 3, var 3
    const x = Float64Array.from([1, 2, 3, 4, 2, 2, 2, 6]);
    const y = layer.forward(x, [2, 4], 'train');
    expect(Array.from(layer.lastMean ?? [])).toEqual([2.5, 3]);
    expect(Array.from(layer.lastVar ?? [])).toEqual([1.25, 3]);
    const expected = Array.from(x, (v, i) => {
      const n = Math.floor(i / 4);
      const k = i % 4;
      return gamma[k] * ((v - [2.5, 3][n]) / Math.sqrt([1.25, 3][n] + EPS)) + beta[k];
    });
    expect(maxAbsDiff(y, expected)).toBeLessThan(FLOAT64_TOLERANCE);
  });

  it('layerNorm NCHW c=2 h=2 w=3: gamma and beta have C*H*W entries; params named gamma, beta', () => {
    const layer = new LayerNorm([2, 2, 3]);
    expect(layer.params().map((p) => [p.name, p.value.length])).toEqual([
      ['gamma', 12],
      ['beta', 12],
    ]);
    expect(new LayerNorm([2, 2, 3], { affine: false }).params()).toEqual([]);
  });

  it.each([
    ['dense n=5 c=7', [7], 5],
    ['NCHW n=3 c=2 h=3 w=3', [2, 3, 3], 3],
  ])(
    'layerNorm train mode output, %s, gamma 1 beta 0: per-sample mean 0, variance var/(var+eps)',
    (_, inShape, n) => {
      const layer = new LayerNorm(inShape, {}, 'float64');
      const L = layer.sampleSize;
      const x = randomInput(n * L, 3, 2, -1);
      const y = layer.forward(x, n, 'train');
      for (let i = 0; i < n; i++) {
        const input = refMeanVar(Array.from(x.subarray(i * L, (i + 1) * L)));
        const output = refMeanVar(Array.from(y.subarray(i * L, (i + 1) * L)));
        expect(Math.abs(output.mean)).toBeLessThan(FLOAT64_TOLERANCE);
        expect(Math.abs(output.variance - input.variance / (input.variance + EPS))).toBeLessThan(
          FLOAT64_TOLERANCE,
        );
      }
    },
  );

  it('layerNorm, dense n=3 and n=1 c=4: train and eval agree, and a sample ignores its batch-mates', () => {
    const layer = ln([4]);
    const x = randomInput(12, 4);
    const yTrain = Float64Array.from(layer.forward(x, 3, 'train'));
    expect(Array.from(layer.forward(x, 3, 'eval'))).toEqual(Array.from(yTrain));
    expect(Array.from(layer.forward(x.subarray(4, 8), 1, 'train'))).toEqual(
      Array.from(yTrain.subarray(4, 8)),
    );
  });

  it('layerNorm forward, dense n=2 c=5, float32: constant sample -> xhat 0; values around 1e4 accurate', () => {
    const x = new Float32Array(10);
    x.fill(-2.3, 0, 5);
    x.set(Float32Array.from(randomInput(5, 5, 1, 1e4)), 5);
    const layer = new LayerNorm([5]);
    const y = layer.forward(x, 2, 'train');
    expect(Array.from(layer.lastXhat?.subarray(0, 5) ?? [])).toEqual([0, 0, 0, 0, 0]);
    const { mean, variance } = refMeanVar(Array.from(x.subarray(5)));
    const expected = Array.from(x.subarray(5), (v) => (v - mean) / Math.sqrt(variance + EPS));
    expect(maxAbsDiff(y.subarray(5), expected)).toBeLessThan(FLOAT32_TOLERANCE);
  });

  it('layerNorm forward, dense n=2 c=64, halfPrecision: statistics equal the float16-rounded ones', () => {
    const x = randomInput(128, 6, 1, 1e4 + 4);
    const layer = new LayerNorm([64], { halfPrecision: true }, 'float64');
    layer.forward(x, 2, 'train');
    for (let i = 0; i < 2; i++) {
      const values = sampleValues(x, i, 64, 1);
      const mean16 = roundToHalf(refMeanVar(values).mean);
      expect(layer.lastMean?.[i]).toBe(mean16);
      expect(layer.lastVar?.[i]).toBe(roundToHalf(values.reduce((s, v) => s + (v - mean16) ** 2, 0) / 64));
    }
  });

  it('layerNorm shape checks: shape mismatch and input length', () => {
    const layer = new LayerNorm([3, 2, 2]);
    expect(() => layer.forward(new Float32Array(12), [1, 3, 4], 'train')).toThrow(
      'shape mismatch: expected [N, 3, 2, 2], got [1, 3, 4]',
    );
    expect(() => layer.forward(new Float32Array(11), 1, 'train')).toThrow(
      'input length mismatch: shape [1, 3, 2, 2] needs 12 values, got 11',
    );
  });
});

describe('layerNorm backward, float64 finite differences', () => {
  const cases: [string, () => LayerNorm, number, Mode][] = [
    ['train mode, dense n=3 c=5', () => ln([5]), 3, 'train'],
    ['eval mode, dense n=3 c=5', () => ln([5]), 3, 'eval'],
    ['train mode, NCHW n=2 c=2 h=2 w=3', () => ln([2, 2, 3]), 2, 'train'],
    ['train mode, dense n=1 c=4', () => ln([4]), 1, 'train'],
    ['train mode, dense n=3 c=5, affine=false', () => ln([5], { affine: false }), 3, 'train'],
    ['eval mode, NCHW n=2 c=3 h=1 w=2, affine=false', () => ln([3, 1, 2], { affine: false }), 2, 'eval'],
  ];
  it.each(cases)('layerNorm backward, %s', (name, build, n, mode) => {
    const layer = build();
    const x = randomInput(n * layer.sampleSize, 90, 1.5, 0.3);
    const { maxRelError, worst } = gradCheck(layer, x, n, mode);
    reached.push(`layerNorm ${name}: ${maxRelError.toExponential(2)} (${worst})`);
    expect(maxRelError).toBeLessThan(GRAD_TOLERANCE);
  });
});
