import { describe, expect, it } from 'vitest';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { AvgPool2d, MaxPool2d } from './pool.ts';

/** Central differences in float64; random inputs keep every window's max clear of ties by >> FD_STEP. */
const GRAD_TOL = 1e-6;

const x4x4 = Float64Array.of(1, 2, 5, 6, 3, 4, 8, 7, 0, -1, 2, 2, -3, -2, 1, 9);

describe('MaxPool2d', () => {
  it('size 2 by hand on 1x4x4 -> [[4, 8], [0, 9]]', () => {
    const pool = new MaxPool2d([1, 4, 4], 2, undefined, 'float64');
    expect(pool.outShape).toEqual([1, 2, 2]);
    expect(Array.from(pool.forward(x4x4, 1, 'train'))).toEqual([4, 8, 0, 9]);
    const dx = pool.backward(Float64Array.of(10, 20, 30, 40));
    expect(Array.from(dx)).toEqual([0, 0, 0, 0, 0, 10, 20, 0, 30, 0, 0, 0, 0, 0, 0, 40]);
  });

  for (const [size, stride] of [
    [2, 2],
    [3, 2],
    [2, 1],
  ]) {
    it(`gradient check, float64, n=2 c=3 6x5 size=${size} stride=${stride}`, () => {
      const pool = new MaxPool2d([3, 6, 5], size, stride, 'float64');
      const { maxRelError } = gradCheck(pool, randomInput(2 * 3 * 6 * 5, 31), 2, 'train');
      expect(maxRelError).toBeLessThan(GRAD_TOL);
    });
  }

  it('2x2 stride 2 (its unrolled path) picks the same maxima and winners as a plain loop, ties and odd sizes included', () => {
    // Values on a coarse grid, so many windows tie; 7x5 leaves a last row and column unpooled.
    const [c, h, w] = [3, 7, 5];
    const x = Float32Array.from(randomInput(2 * c * h * w, 5), (v) => Math.round(v * 2) / 2);
    const pool = new MaxPool2d([c, h, w], 2, 2, 'float32');
    const y = Array.from(pool.forward(x, 2, 'train'));
    const dy = Float32Array.from(y, (_, i) => i + 1);
    const dx = Array.from(pool.backward(dy));
    const [outH, outW] = [3, 2];
    const expectY: number[] = [];
    const expectDx = new Array<number>(x.length).fill(0);
    for (let nc = 0; nc < 2 * c; nc++)
      for (let oh = 0; oh < outH; oh++)
        for (let ow = 0; ow < outW; ow++) {
          let best = -1;
          for (let i = 0; i < 2; i++)
            for (let j = 0; j < 2; j++) {
              const q = nc * h * w + (2 * oh + i) * w + 2 * ow + j;
              if (best < 0 || x[q] > x[best]) best = q;
            }
          expectDx[best] += dy[expectY.length];
          expectY.push(x[best]);
        }
    expect(y).toEqual(expectY);
    expect(dx).toEqual(expectDx);
  });

  it('rejects a flat input and a window larger than the image', () => {
    expect(() => new MaxPool2d([784], 2, undefined, 'float32')).toThrow(
      'maxpool2d needs a [C, H, W] input, got [784]',
    );
    expect(() => new MaxPool2d([1, 2, 2], 3, undefined, 'float32')).toThrow(
      'maxpool2d size 3 does not fit a 2x2 input',
    );
  });
});

describe('AvgPool2d', () => {
  it('size 2 by hand on 1x4x4 -> [[2.5, 6.5], [-1.5, 3.5]]; backward spreads dy / 4', () => {
    const pool = new AvgPool2d([1, 4, 4], 2, undefined, 'float64');
    expect(Array.from(pool.forward(x4x4, 1, 'train'))).toEqual([2.5, 6.5, -1.5, 3.5]);
    const dx = pool.backward(Float64Array.of(4, 8, 0, 0));
    expect(Array.from(dx.subarray(0, 4))).toEqual([1, 1, 2, 2]);
  });

  for (const [size, stride] of [
    [2, 2],
    [3, 1],
  ]) {
    it(`gradient check, float64, n=2 c=2 5x6 size=${size} stride=${stride}`, () => {
      const pool = new AvgPool2d([2, 5, 6], size, stride, 'float64');
      const { maxRelError } = gradCheck(pool, randomInput(2 * 2 * 5 * 6, 32), 2, 'eval');
      expect(maxRelError).toBeLessThan(GRAD_TOL);
    });
  }
});
