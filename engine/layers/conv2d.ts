// 2-D convolution (cross-correlation, as in PyTorch's nn.Conv2d) as im2col + GEMM per sample.
// Activations NCHW: x[((n * C + c) * H + h) * W + w]. Weight (F, C, k, k) at ((f * C + c) * k + i) * k + j,
// bias (F). Output side: outH = floor((H + 2 pad - k) / stride) + 1, same for W. Zero padding.

import type { Kernels } from '../core/kernels.ts';
import type { Arr, Layer, Mode, Param, Precision } from '../core/types.ts';
import { alloc } from '../core/types.ts';
import { defaultKernels } from '../core/wasm-kernels.ts';
import { BatchCache } from './batch-cache.ts';

export interface Conv2dOptions {
  filters: number;
  kernel: number;
  stride?: number;
  padding?: number;
  bias?: boolean;
}

interface ConvBuffers {
  y: Arr;
  /** im2col of every sample, (N, C*k*k, outH*outW), kept for dL/dW. */
  col: Arr;
  dx: Arr;
}

const NO_INPUT_GRAD = new Float64Array(0);

export class Conv2d implements Layer {
  readonly kind = 'conv2d';
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly filters: number;
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
  readonly outH: number;
  readonly outW: number;
  /** (F, C, k, k) row-major. */
  readonly weight: Param;
  /** (F), or null when built with bias = false. */
  readonly bias: Param | null;
  /** When false, backward() skips dL/dx (the model's first layer) and returns an empty array. */
  inputGrad = true;
  private readonly paramList: readonly Param[];
  private readonly cache: BatchCache<ConvBuffers>;
  /** dL/dcol of one sample, (C*k*k, outH*outW); folded back by col2im right away. */
  private readonly dcol: Arr;
  private n = 0;
  private buffers: ConvBuffers | null = null;

  /** @param inShape [C, H, W]. */
  constructor(
    inShape: readonly number[],
    options: Conv2dOptions,
    readonly precision: Precision,
    private readonly kernels: Kernels = defaultKernels,
  ) {
    if (inShape.length !== 3) throw new Error(`conv2d needs a [C, H, W] input, got [${inShape.join(', ')}]`);
    const { filters, kernel } = options;
    const stride = options.stride ?? 1;
    const padding = options.padding ?? 0;
    if (!Number.isInteger(filters) || filters < 1)
      throw new Error(`conv2d filters must be a positive integer, got ${filters}`);
    if (!Number.isInteger(kernel) || kernel < 1)
      throw new Error(`conv2d kernel must be a positive integer, got ${kernel}`);
    if (!Number.isInteger(stride) || stride < 1)
      throw new Error(`conv2d stride must be a positive integer, got ${stride}`);
    if (!Number.isInteger(padding) || padding < 0)
      throw new Error(`conv2d padding must be an integer >= 0, got ${padding}`);
    const [c, h, w] = inShape;
    if (kernel > h + 2 * padding || kernel > w + 2 * padding) {
      throw new Error(`conv2d kernel ${kernel} does not fit a ${h}x${w} input with padding ${padding}`);
    }
    this.channels = c;
    this.height = h;
    this.width = w;
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.outH = Math.floor((h + 2 * padding - kernel) / stride) + 1;
    this.outW = Math.floor((w + 2 * padding - kernel) / stride) + 1;
    this.inShape = [c, h, w];
    this.outShape = [filters, this.outH, this.outW];
    const ckk = c * kernel * kernel;
    const outP = this.outH * this.outW;
    this.weight = {
      name: 'weight',
      value: alloc(precision, filters * ckk),
      grad: alloc(precision, filters * ckk),
      decay: true,
    };
    this.bias =
      (options.bias ?? true)
        ? { name: 'bias', value: alloc(precision, filters), grad: alloc(precision, filters), decay: false }
        : null;
    this.paramList = this.bias ? [this.weight, this.bias] : [this.weight];
    this.dcol = alloc(precision, ckk * outP);
    this.cache = new BatchCache((n) => ({
      y: alloc(precision, n * filters * outP),
      col: alloc(precision, n * ckk * outP),
      dx: alloc(precision, n * c * h * w),
    }));
  }

  /** x (N, C, H, W) -> y (N, F, outH, outW); per sample y_n (F, P) = W (F, C*k*k) col_n (C*k*k, P). */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const {
      channels: c,
      height: h,
      width: w,
      kernel: k,
      stride,
      padding,
      outH,
      outW,
      filters: f,
      kernels,
    } = this;
    const ckk = c * k * k;
    const outP = outH * outW;
    const buffers = this.cache.get(n);
    this.n = n;
    this.buffers = buffers;
    const { y, col } = buffers;
    for (let s = 0; s < n; s++) {
      kernels.im2col(x, s * c * h * w, c, h, w, k, stride, padding, outH, outW, col, s * ckk * outP);
      kernels.gemm(
        false,
        false,
        f,
        outP,
        ckk,
        this.weight.value,
        0,
        ckk,
        col,
        s * ckk * outP,
        outP,
        y,
        s * f * outP,
        outP,
        false,
      );
    }
    if (this.bias) kernels.addBias(y, this.bias.value, n, f, outP);
    return y;
  }

  // Backward, per sample n with dy_n (F, P):
  //   dL/dW = sum_n dy_n col_n^T            (F, C*k*k)
  //   dL/db[f] = sum over n, p of dy[n, f, p]
  //   dL/dx_n = col2im(W^T dy_n)            (im2col is linear, so its adjoint col2im carries dcol back)
  backward(dy: Arr): Arr {
    const {
      channels: c,
      height: h,
      width: w,
      kernel: k,
      stride,
      padding,
      outH,
      outW,
      filters: f,
      kernels,
      n,
    } = this;
    const buffers = this.buffers;
    if (buffers === null) throw new Error('conv2d backward called before forward');
    const ckk = c * k * k;
    const outP = outH * outW;
    const { col, dx } = buffers;
    const dW = this.weight.grad;
    if (n === 0) dW.fill(0);
    for (let s = 0; s < n; s++) {
      kernels.gemm(
        false,
        true,
        f,
        ckk,
        outP,
        dy,
        s * f * outP,
        outP,
        col,
        s * ckk * outP,
        outP,
        dW,
        0,
        ckk,
        s > 0,
      );
    }
    if (this.bias) kernels.sumBias(dy, n, f, outP, this.bias.grad);
    if (!this.inputGrad) return NO_INPUT_GRAD;
    for (let s = 0; s < n; s++) {
      kernels.gemm(
        true,
        false,
        ckk,
        outP,
        f,
        this.weight.value,
        0,
        ckk,
        dy,
        s * f * outP,
        outP,
        this.dcol,
        0,
        outP,
        false,
      );
      kernels.col2im(this.dcol, 0, c, h, w, k, stride, padding, outH, outW, dx, s * c * h * w);
    }
    return dx;
  }

  params(): readonly Param[] {
    return this.paramList;
  }
}
