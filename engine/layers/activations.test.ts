import { describe, expect, it } from 'vitest';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { ReLU, Sigmoid, Tanh } from './activations.ts';

/** Central differences in float64 (FD_STEP 1e-6); no input lies within 1e-6 of ReLU's kink at this seed. */
const GRAD_TOL = 1e-6;
const VALUE_TOL = 1e-15;

describe('activations', () => {
  it('formulas at x = [-2, 0, 3]: relu [0, 0, 3], sigmoid 1/(1+e^-x), tanh', () => {
    const x = Float64Array.of(-2, 0, 3);
    expect(Array.from(new ReLU([3], 'float64').forward(x, 1, 'train'))).toEqual([0, 0, 3]);
    const s = new Sigmoid([3], 'float64').forward(x, 1, 'train');
    const t = new Tanh([3], 'float64').forward(x, 1, 'train');
    x.forEach((v, i) => {
      expect(Math.abs(s[i] - 1 / (1 + Math.exp(-v)))).toBeLessThan(VALUE_TOL);
      expect(Math.abs(t[i] - Math.tanh(v))).toBeLessThan(VALUE_TOL);
    });
  });

  it('relu backward passes dy where x > 0 only (0 at x = 0, like PyTorch)', () => {
    const relu = new ReLU([3], 'float64');
    relu.forward(Float64Array.of(-2, 0, 3), 1, 'train');
    expect(Array.from(relu.backward(Float64Array.of(5, 5, 5)))).toEqual([0, 0, 5]);
  });

  it('relu on float32 (branch-free, on the bits) gives the plain rule’s bits: NaN, ±0, ±Infinity, subnormals, random values, a subarray input', () => {
    const special = [
      Number.NaN,
      -Number.NaN,
      0,
      -0,
      Infinity,
      -Infinity,
      1e-45,
      -1e-45,
      3,
      -2,
      2 ** 127,
      -(2 ** 127),
    ];
    const x = new Float32Array(4 + special.length + 1001);
    x.set(special, 4);
    // A NaN with the sign bit set and one with payload bits, written as bits (arithmetic may canonicalize them).
    const bits = new Int32Array(x.buffer);
    bits[4 + special.length] = 0xffc00001 | 0;
    bits[5 + special.length] = 0x7f800001;
    for (let i = 6 + special.length; i < x.length; i++) x[i] = Math.sin(i * 12.9898) * 3;
    const input = x.subarray(4);
    const n = input.length;
    const relu = new ReLU([n], 'float32');
    const y = relu.forward(input, 1, 'train');
    const dy = new Float32Array(n).map((_, i) => (i % 3 === 0 ? Number.NaN : Math.cos(i) * 2));
    const dx = relu.backward(dy);
    for (let i = 0; i < n; i++) {
      const v = input[i];
      expect(Object.is(y[i], v > 0 ? v : 0), `y at ${i} (x = ${v})`).toBe(true);
      expect(Object.is(dx[i], v > 0 ? dy[i] : 0), `dx at ${i} (x = ${v}, dy = ${dy[i]})`).toBe(true);
    }
  });

  for (const make of [
    (mode: 'train' | 'eval') => ({ layer: new ReLU([2, 3, 3], 'float64'), mode }),
    (mode: 'train' | 'eval') => ({ layer: new Sigmoid([2, 3, 3], 'float64'), mode }),
    (mode: 'train' | 'eval') => ({ layer: new Tanh([2, 3, 3], 'float64'), mode }),
  ]) {
    for (const m of ['train', 'eval'] as const) {
      const { layer, mode } = make(m);
      it(`${layer.kind} gradient check, float64, n=3 shape [2, 3, 3], ${mode} mode`, () => {
        const { maxRelError } = gradCheck(layer, randomInput(3 * 18, 41, 2), 3, mode);
        expect(maxRelError).toBeLessThan(GRAD_TOL);
      });
    }
  }
});
