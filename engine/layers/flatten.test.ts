import { describe, expect, it } from 'vitest';
import { Flatten } from './flatten.ts';

describe('Flatten', () => {
  it('[8, 7, 7] -> [392], forward and backward pass the same buffer through (NCHW is already row-major)', () => {
    const flatten = new Flatten([8, 7, 7]);
    expect(flatten.outShape).toEqual([392]);
    const x = new Float32Array(2 * 392);
    expect(flatten.forward(x, 2, 'train')).toBe(x);
    const dy = new Float32Array(2 * 392);
    expect(flatten.backward(dy)).toBe(dy);
    expect(flatten.params()).toEqual([]);
  });
});
