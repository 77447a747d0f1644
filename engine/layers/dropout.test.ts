import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { Dropout } from './dropout.ts';

/** Central differences in float64; with a fixed mask the layer is linear in x. */
const GRAD_TOL = 1e-6;
/** Binomial(10000, 0.7) has std ~46, i.e. 0.0046 of the kept fraction: 5 sigma. */
const KEEP_FRACTION_TOL = 0.025;

describe('Dropout', () => {
  it('train mode, rate 0.3, n=100 x 100: keeps ~70% of the elements, scaled by 1/0.7', () => {
    const dropout = new Dropout([100], 0.3, new Rng(1), 'float64');
    const y = dropout.forward(new Float64Array(10000).fill(1), 100, 'train');
    let kept = 0;
    for (const v of y) {
      if (v !== 0) {
        kept++;
        expect(v).toBeCloseTo(1 / 0.7, 12);
      }
    }
    expect(Math.abs(kept / 10000 - 0.7)).toBeLessThan(KEEP_FRACTION_TOL);
  });

  it('eval mode is the identity (returns the input buffer); backward passes dy through', () => {
    const dropout = new Dropout([4], 0.5, new Rng(1), 'float64');
    const x = randomInput(8, 2);
    expect(dropout.forward(x, 2, 'eval')).toBe(x);
    const dy = randomInput(8, 3);
    expect(dropout.backward(dy)).toBe(dy);
  });

  it('masks are seeded: the same Rng seed gives the same masks, a new draw per train forward', () => {
    const a = new Dropout([50], 0.5, new Rng(9), 'float64');
    const b = new Dropout([50], 0.5, new Rng(9), 'float64');
    const x = new Float64Array(100).fill(1);
    const ya1 = Array.from(a.forward(x, 2, 'train'));
    expect(Array.from(b.forward(x, 2, 'train'))).toEqual(ya1);
    expect(Array.from(a.forward(x, 2, 'train'))).not.toEqual(ya1);
  });

  it('gradient check, float64, n=3 shape [2, 4], train mode with a fixed mask, rate 0.4', () => {
    const dropout = new Dropout([2, 4], 0.4, new Rng(5), 'float64');
    dropout.maskFixed = true;
    const { maxRelError } = gradCheck(dropout, randomInput(24, 6), 3, 'train');
    expect(maxRelError).toBeLessThan(GRAD_TOL);
  });

  it('rate can change between steps: rate 0 after 0.5 keeps every element, n=2 x 50', () => {
    const dropout = new Dropout([50], 0.5, new Rng(3), 'float64');
    const x = new Float64Array(100).fill(1);
    dropout.forward(x, 2, 'train');
    dropout.rate = 0;
    expect(Array.from(dropout.forward(x, 2, 'train'))).toEqual(Array.from(x));
    expect(() => {
      dropout.rate = 1;
    }).toThrow('dropout rate must be in [0, 1), got 1');
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => new Dropout([4], 1, new Rng(1), 'float32')).toThrow('dropout rate must be in [0, 1), got 1');
    expect(() => new Dropout([4], -0.1, new Rng(1), 'float32')).toThrow(
      'dropout rate must be in [0, 1), got -0.1',
    );
  });
});
