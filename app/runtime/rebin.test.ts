import { describe, expect, it } from 'vitest';
import { rebin } from './rebin.ts';

describe('rebin', () => {
  it('rebin onto a range twice as wide merges bin pairs exactly (power-of-two ranges nest)', () => {
    const values = [1, 2, 3, 4];
    // [-1, 1] in 4 bins → [-2, 2] in 4 bins: the values land in the two middle bins.
    expect(Array.from(rebin(values, -1, 1, -2, 2))).toEqual([0, 3, 7, 0]);
    // Same range: unchanged.
    expect(Array.from(rebin(values, -1, 1, -1, 1))).toEqual(values);
  });

  it('rebin keeps the total and pushes values outside the target range into the end bins', () => {
    const out = rebin([5, 1, 1, 5], -4, 4, -2, 2);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 9);
    // [-4, -2] is outside [-2, 2]: all 5 go to bin 0, which also gets half of [-2, 0].
    expect(Array.from(out)).toEqual([5.5, 0.5, 0.5, 5.5]);
  });
});
