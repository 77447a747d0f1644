import { describe, expect, it } from 'vitest';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { Conv2d } from './conv2d.ts';

/** Central differences in float64 with FD_STEP 1e-6 agree to ~1e-9 on this linear layer. */
const GRAD_TOL = 1e-6;
/** Direct loops vs im2col + GEMM in float64: summation order only. */
const CONV_TOL = 1e-12;

/** Direct 6-loop convolution, the definition: y[n,f,oh,ow] = b[f] + sum_{c,i,j} W[f,c,i,j] x[n,c,oh*s-p+i,ow*s-p+j]. */
function directConv(layer: Conv2d, x: Float64Array, n: number): Float64Array {
  const {
    channels: c,
    height: h,
    width: w,
    filters: f,
    kernel: k,
    stride: s,
    padding: p,
    outH,
    outW,
  } = layer;
  const wt = layer.weight.value;
  const y = new Float64Array(n * f * outH * outW);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < f; o++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          let sum = layer.bias ? layer.bias.value[o] : 0;
          for (let ci = 0; ci < c; ci++) {
            for (let i = 0; i < k; i++) {
              for (let j = 0; j < k; j++) {
                const ih = oh * s - p + i;
                const iw = ow * s - p + j;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                sum += wt[((o * c + ci) * k + i) * k + j] * x[((b * c + ci) * h + ih) * w + iw];
              }
            }
          }
          y[((b * f + o) * outH + oh) * outW + ow] = sum;
        }
      }
    }
  }
  return y;
}

function randomConv(
  shape: number[],
  filters: number,
  kernel: number,
  stride: number,
  padding: number,
  bias = true,
) {
  const layer = new Conv2d(shape, { filters, kernel, stride, padding, bias }, 'float64');
  layer.weight.value.set(randomInput(layer.weight.value.length, 21));
  layer.bias?.value.set(randomInput(filters, 22));
  return layer;
}

describe('Conv2d', () => {
  it('2x2 conv by hand: x = 1..9 (3x3), W = [[1, 0], [0, -1]], b = 0.5 -> every output 1 - 5 + 0.5 ... = -3.5', () => {
    const layer = new Conv2d([1, 3, 3], { filters: 1, kernel: 2 }, 'float64');
    layer.weight.value.set([1, 0, 0, -1]);
    layer.bias?.value.set([0.5]);
    const y = layer.forward(
      Float64Array.from({ length: 9 }, (_, i) => i + 1),
      1,
      'train',
    );
    // y[oh, ow] = x[oh, ow] - x[oh + 1, ow + 1] + 0.5 = -4 + 0.5
    expect(Array.from(y)).toEqual([-3.5, -3.5, -3.5, -3.5]);
    expect(layer.outShape).toEqual([1, 2, 2]);
  });

  const cases = [
    { stride: 1, padding: 0 },
    { stride: 1, padding: 1 },
    { stride: 2, padding: 0 },
    { stride: 2, padding: 1 },
  ];
  for (const { stride, padding } of cases) {
    it(`matches the direct definition, n=2 c=3 7x6 f=4 k=3 stride=${stride} pad=${padding}`, () => {
      const layer = randomConv([3, 7, 6], 4, 3, stride, padding);
      const x = randomInput(2 * 3 * 7 * 6, 23);
      const y = layer.forward(x, 2, 'train');
      const expected = directConv(layer, x, 2);
      expect(y.length).toBe(expected.length);
      for (let i = 0; i < y.length; i++) expect(Math.abs(y[i] - expected[i])).toBeLessThan(CONV_TOL);
    });

    for (const bias of [true, false]) {
      it(`gradient check, float64, n=2 c=2 5x5 f=3 k=3 stride=${stride} pad=${padding} bias=${bias}`, () => {
        const layer = randomConv([2, 5, 5], 3, 3, stride, padding, bias);
        const { maxRelError, worst } = gradCheck(layer, randomInput(2 * 2 * 5 * 5, 24), 2, 'train');
        expect(maxRelError, worst).toBeLessThan(GRAD_TOL);
      });
    }
  }

  it('output shape [F, outH, outW] with outH = floor((H + 2p - k) / s) + 1: 28x28 k=3 p=1 -> 28x28; s=2 -> 14x14', () => {
    expect(new Conv2d([1, 28, 28], { filters: 8, kernel: 3, padding: 1 }, 'float32').outShape).toEqual([
      8, 28, 28,
    ]);
    expect(
      new Conv2d([1, 28, 28], { filters: 8, kernel: 3, padding: 1, stride: 2 }, 'float32').outShape,
    ).toEqual([8, 14, 14]);
  });

  it('rejects a flat input and impossible geometry with named errors', () => {
    expect(() => new Conv2d([784], { filters: 8, kernel: 3 }, 'float32')).toThrow(
      'conv2d needs a [C, H, W] input, got [784]',
    );
    expect(() => new Conv2d([1, 2, 2], { filters: 1, kernel: 3 }, 'float32')).toThrow(
      'conv2d kernel 3 does not fit a 2x2 input with padding 0',
    );
    expect(() => new Conv2d([1, 4, 4], { filters: 1, kernel: 3, stride: 0 }, 'float32')).toThrow(
      'conv2d stride must be a positive integer, got 0',
    );
  });
});
