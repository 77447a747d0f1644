// 2-D max and average pooling over NCHW activations, no padding (PyTorch's MaxPool2d/AvgPool2d
// with padding 0, floor mode). Window `size`, `stride` default = size; outH = floor((H - size) / stride) + 1.
// Channels are independent, so (N, C) is walked as one flat plane index nc = n * C + c.

import type { Arr, Layer, Mode, Param, Precision } from '../core/types.ts';
import { alloc } from '../core/types.ts';
import { BatchCache } from './batch-cache.ts';

const NO_PARAMS: readonly Param[] = [];

interface PoolBuffers {
  y: Arr;
  dx: Arr;
  /** Max pooling only: flat index into x (within the plane) of each output's maximum. */
  argmax: Int32Array;
}

abstract class Pool2d implements Layer {
  abstract readonly kind: 'maxpool2d' | 'avgpool2d';
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly size: number;
  readonly stride: number;
  readonly outH: number;
  readonly outW: number;
  protected readonly cache: BatchCache<PoolBuffers>;
  protected n = 0;
  protected buffers: PoolBuffers | null = null;

  constructor(
    name: string,
    inShape: readonly number[],
    size: number,
    stride: number | undefined,
    precision: Precision,
  ) {
    if (inShape.length !== 3) throw new Error(`${name} needs a [C, H, W] input, got [${inShape.join(', ')}]`);
    const s = stride ?? size;
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`${name} size must be a positive integer, got ${size}`);
    if (!Number.isInteger(s) || s < 1) throw new Error(`${name} stride must be a positive integer, got ${s}`);
    const [c, h, w] = inShape;
    if (size > h || size > w) throw new Error(`${name} size ${size} does not fit a ${h}x${w} input`);
    this.channels = c;
    this.height = h;
    this.width = w;
    this.size = size;
    this.stride = s;
    this.outH = Math.floor((h - size) / s) + 1;
    this.outW = Math.floor((w - size) / s) + 1;
    this.inShape = [c, h, w];
    this.outShape = [c, this.outH, this.outW];
    const inLen = c * h * w;
    const outLen = c * this.outH * this.outW;
    const withArgmax = name === 'maxpool2d';
    this.cache = new BatchCache((n) => ({
      y: alloc(precision, n * outLen),
      dx: alloc(precision, n * inLen),
      argmax: new Int32Array(withArgmax ? n * outLen : 0),
    }));
  }

  abstract forward(x: Arr, n: number, mode: Mode): Arr;
  abstract backward(dy: Arr): Arr;

  protected buffersOrThrow(): PoolBuffers {
    if (this.buffers === null) throw new Error(`${this.kind} backward called before forward`);
    return this.buffers;
  }

  params(): readonly Param[] {
    return NO_PARAMS;
  }
}

export class MaxPool2d extends Pool2d {
  readonly kind = 'maxpool2d';

  constructor(inShape: readonly number[], size: number, stride: number | undefined, precision: Precision) {
    super('maxpool2d', inShape, size, stride, precision);
  }

  /** y[nc, oh, ow] = max over the size x size window at (oh * stride, ow * stride); ties keep the first. */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const { height: h, width: w, size, stride, outH, outW } = this;
    const buffers = this.cache.get(n);
    this.n = n;
    this.buffers = buffers;
    const { y, argmax } = buffers;
    const planes = n * this.channels;
    if (size === 2 && stride === 2) {
      this.forward2x2(x, planes, y, argmax);
      return y;
    }
    let o = 0;
    for (let nc = 0; nc < planes; nc++) {
      const base = nc * h * w;
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          const corner = base + oh * stride * w + ow * stride;
          let best = corner;
          let bestValue = x[corner];
          for (let i = 0; i < size; i++) {
            for (let j = 0; j < size; j++) {
              const q = corner + i * w + j;
              if (x[q] > bestValue) {
                bestValue = x[q];
                best = q;
              }
            }
          }
          y[o] = bestValue;
          argmax[o++] = best;
        }
      }
    }
    return y;
  }

  /**
   * The CNN's 2x2, stride-2 pooling (every pool the models build): the generic loop unrolled,
   * the same four comparisons in the same order, so the same maxima and the same winners.
   */
  private forward2x2(x: Arr, planes: number, y: Arr, argmax: Int32Array): void {
    const { height: h, width: w, outH, outW } = this;
    let o = 0;
    for (let nc = 0; nc < planes; nc++) {
      const base = nc * h * w;
      for (let oh = 0; oh < outH; oh++) {
        const top = base + 2 * oh * w;
        for (let ow = 0; ow < outW; ow++) {
          const q = top + 2 * ow;
          let best = q;
          let bestValue = x[q];
          let v = x[q + 1];
          if (v > bestValue) {
            bestValue = v;
            best = q + 1;
          }
          v = x[q + w];
          if (v > bestValue) {
            bestValue = v;
            best = q + w;
          }
          v = x[q + w + 1];
          if (v > bestValue) {
            bestValue = v;
            best = q + w + 1;
          }
          y[o] = bestValue;
          argmax[o++] = best;
        }
      }
    }
  }

  // dL/dx routes each dy to the position that won its window (sums if windows overlap).
  backward(dy: Arr): Arr {
    const { dx, argmax } = this.buffersOrThrow();
    const outLen = this.n * this.channels * this.outH * this.outW;
    dx.fill(0);
    for (let o = 0; o < outLen; o++) dx[argmax[o]] += dy[o];
    return dx;
  }
}

export class AvgPool2d extends Pool2d {
  readonly kind = 'avgpool2d';

  constructor(inShape: readonly number[], size: number, stride: number | undefined, precision: Precision) {
    super('avgpool2d', inShape, size, stride, precision);
  }

  /** y[nc, oh, ow] = mean of the size x size window at (oh * stride, ow * stride). */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const { height: h, width: w, size, stride, outH, outW } = this;
    const buffers = this.cache.get(n);
    this.n = n;
    this.buffers = buffers;
    const { y } = buffers;
    const planes = n * this.channels;
    const scale = 1 / (size * size);
    let o = 0;
    for (let nc = 0; nc < planes; nc++) {
      const base = nc * h * w;
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          const corner = base + oh * stride * w + ow * stride;
          let s = 0;
          for (let i = 0; i < size; i++) {
            for (let j = 0; j < size; j++) s += x[corner + i * w + j];
          }
          y[o++] = s * scale;
        }
      }
    }
    return y;
  }

  // dL/dx[window] += dy / size^2 for every window containing the position.
  backward(dy: Arr): Arr {
    const { height: h, width: w, size, stride, outH, outW } = this;
    const { dx } = this.buffersOrThrow();
    const planes = this.n * this.channels;
    const scale = 1 / (size * size);
    dx.fill(0);
    let o = 0;
    for (let nc = 0; nc < planes; nc++) {
      const base = nc * h * w;
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          const corner = base + oh * stride * w + ow * stride;
          const g = dy[o++] * scale;
          for (let i = 0; i < size; i++) {
            for (let j = 0; j < size; j++) dx[corner + i * w + j] += g;
          }
        }
      }
    }
    return dx;
  }
}
