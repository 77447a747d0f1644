import { afterAll, describe, expect, it } from 'vitest';
import type { Mode } from '../core/types.ts';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { roundToHalf } from './half.ts';
import { maxAbsDiff } from './reference.ts';
import { FLOAT32_EPSILON, RmsNorm, type RmsNormOptions } from './rms-norm.ts';

/** Largest relative error accepted from the float64 finite-difference check (reached: ~1e-9). */
const GRAD_TOLERANCE = 1e-7;
/** Agreement of float64 layers with formulas and float64 references. */
const FLOAT64_TOLERANCE = 1e-12;

const reached: string[] = [];
afterAll(() => {
  if (process.env.NORM_GRAD_REPORT) console.log(reached.join('\n'));
});

function rms(inShape: number[], options: RmsNormOptions = {}): RmsNorm {
  const layer = new RmsNorm(inShape, options, 'float64');
  if (layer.affine) layer.setState({ gamma: randomInput(layer.sampleSize, 1, 0.5, 1) });
  return layer;
}

describe('rmsNorm forward', () => {
  it('rmsNorm forward, dense n=2 c=2: y = x / sqrt(mean(x^2) + eps) * gamma, no mean subtraction', () => {
    const layer = new RmsNorm([2], { eps: 1e-5 }, 'float64');
    layer.setState({ gamma: [2, -1] });
    // sample 0: 3 4 -> mean square 12.5; sample 1: 1 1 -> 1 (not centred: LayerNorm would give 0)
    const y = layer.forward(Float64Array.from([3, 4, 1, 1]), [2, 2], 'train');
    expect(Array.from(layer.lastMeanSquare ?? [])).toEqual([12.5, 1]);
    const r0 = 1 / Math.sqrt(12.5 + 1e-5);
    const r1 = 1 / Math.sqrt(1 + 1e-5);
    expect(maxAbsDiff(y, [2 * 3 * r0, -4 * r0, 2 * r1, -r1])).toBeLessThan(FLOAT64_TOLERANCE);
  });

  it('rmsNorm defaults: eps = finfo(dtype).eps as PyTorch (2^-23 float32, 2^-52 float64), gamma only', () => {
    expect(new RmsNorm([4]).eps).toBe(FLOAT32_EPSILON);
    expect(FLOAT32_EPSILON).toBe(1.1920928955078125e-7);
    expect(new RmsNorm([4], {}, 'float64').eps).toBe(Number.EPSILON);
    expect(new RmsNorm([4], { eps: 1e-5 }).eps).toBe(1e-5);
    const layer = new RmsNorm([2, 2, 2]);
    expect(layer.params().map((p) => [p.name, p.value.length])).toEqual([['gamma', 8]]);
    expect(Object.keys(layer.getState())).toEqual(['gamma']);
    expect(() => layer.setState({ beta: new Float32Array(8) })).toThrow("setState: rmsnorm has no 'beta'");
    expect(new RmsNorm([4], { affine: false }).params()).toEqual([]);
  });

  it.each([
    ['dense n=4 c=6', [6], 4],
    ['NCHW n=2 c=2 h=2 w=3', [2, 2, 3], 2],
  ])('rmsNorm output, %s, gamma 1: mean square ms/(ms+eps) ~ 1 per sample', (_, inShape, n) => {
    const layer = new RmsNorm(inShape, { eps: 1e-5 }, 'float64');
    const L = layer.sampleSize;
    const x = randomInput(n * L, 3, 2, 1);
    const y = layer.forward(x, n, 'eval');
    for (let i = 0; i < n; i++) {
      let msIn = 0;
      let msOut = 0;
      for (let k = 0; k < L; k++) {
        msIn += x[i * L + k] ** 2 / L;
        msOut += y[i * L + k] ** 2 / L;
      }
      expect(Math.abs(msOut - msIn / (msIn + 1e-5))).toBeLessThan(FLOAT64_TOLERANCE);
    }
  });

  it('rmsNorm, dense n=2 c=4, halfPrecision: mean square rounded to float16; above 65504 it overflows and y = 0', () => {
    const layer = new RmsNorm([4], { halfPrecision: true }, 'float64');
    const x = Float64Array.from([0.1, 0.2, 0.3, 0.4, 300, 300, 300, 300]);
    const y = layer.forward(x, 2, 'train');
    expect(layer.lastMeanSquare?.[0]).toBe(roundToHalf((0.01 + 0.04 + 0.09 + 0.16) / 4));
    expect(layer.lastMeanSquare?.[1]).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(y.subarray(4))).toEqual([0, 0, 0, 0]);
    expect(layer.backward(new Float64Array(8).fill(1)).every(Number.isFinite)).toBe(true);
  });

  it('rmsNorm forward, dense n=1 c=3, all zeros: finite output 0 (eps keeps 1/rms finite)', () => {
    const layer = new RmsNorm([3]);
    expect(Array.from(layer.forward(new Float32Array(3), 1, 'train'))).toEqual([0, 0, 0]);
  });
});

describe('rmsNorm backward, float64 finite differences', () => {
  const cases: [string, () => RmsNorm, number, Mode][] = [
    ['train mode, dense n=3 c=5', () => rms([5]), 3, 'train'],
    ['eval mode, dense n=3 c=5', () => rms([5]), 3, 'eval'],
    ['train mode, NCHW n=2 c=2 h=2 w=2', () => rms([2, 2, 2]), 2, 'train'],
    ['train mode, dense n=2 c=4, eps 1e-5', () => rms([4], { eps: 1e-5 }), 2, 'train'],
    ['train mode, NCHW n=2 c=3 h=1 w=2, affine=false', () => rms([3, 1, 2], { affine: false }), 2, 'train'],
  ];
  it.each(cases)('rmsNorm backward, %s', (name, build, n, mode) => {
    const layer = build();
    const x = randomInput(n * layer.sampleSize, 93, 1.5, 0.3);
    const { maxRelError, worst } = gradCheck(layer, x, n, mode);
    reached.push(`rmsNorm ${name}: ${maxRelError.toExponential(2)} (${worst})`);
    expect(maxRelError).toBeLessThan(GRAD_TOLERANCE);
  });
});
