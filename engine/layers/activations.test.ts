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
