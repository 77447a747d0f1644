// Fully connected layer y = x W^T + b on a flat (N, in) batch, PyTorch's nn.Linear layout.
// Weight (out, in) row-major: W[o * inF + i]; bias (out). Output (N, out) at n * outF + o.
// All arithmetic runs through the Kernels interface (GEMM + bias reductions).

import type { Kernels } from '../core/kernels.ts';
import type { Arr, Layer, Mode, Param, Precision } from '../core/types.ts';
import { alloc } from '../core/types.ts';
import { defaultKernels } from '../core/wasm-kernels.ts';
import { BatchCache } from './batch-cache.ts';

interface DenseBuffers {
  y: Arr;
  dx: Arr;
}

const NO_INPUT_GRAD = new Float64Array(0);

export class Dense implements Layer {
  readonly kind = 'dense';
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly inF: number;
  readonly outF: number;
  /** (out, in) row-major. */
  readonly weight: Param;
  /** (out), or null when built with bias = false (e.g. right before a normalizer). */
  readonly bias: Param | null;
  /**
   * When false, backward() skips dL/dx and returns an empty array: the model turns it off
   * for its first layer, whose input gradient nobody reads (saves a GEMM per step).
   */
  inputGrad = true;
  private readonly paramList: readonly Param[];
  private readonly cache: BatchCache<DenseBuffers>;
  private x: Arr = NO_INPUT_GRAD;
  private n = 0;
  private buffers: DenseBuffers | null = null;

  /** @param inShape must be flat [F]; a [C, H, W] input needs an explicit flatten layer first. */
  constructor(
    inShape: readonly number[],
    units: number,
    useBias: boolean,
    readonly precision: Precision,
    private readonly kernels: Kernels = defaultKernels,
  ) {
    if (inShape.length !== 1) {
      throw new Error(
        `dense needs a flat [F] input, got [${inShape.join(', ')}]: add { type: 'flatten' } first`,
      );
    }
    if (!Number.isInteger(units) || units < 1)
      throw new Error(`dense units must be a positive integer, got ${units}`);
    this.inF = inShape[0];
    this.outF = units;
    this.inShape = [this.inF];
    this.outShape = [units];
    const wLen = units * this.inF;
    this.weight = {
      name: 'weight',
      value: alloc(precision, wLen),
      grad: alloc(precision, wLen),
      decay: true,
    };
    this.bias = useBias
      ? { name: 'bias', value: alloc(precision, units), grad: alloc(precision, units), decay: false }
      : null;
    this.paramList = this.bias ? [this.weight, this.bias] : [this.weight];
    this.cache = new BatchCache((n) => ({
      y: alloc(precision, n * units),
      dx: alloc(precision, n * this.inF),
    }));
  }

  /** x (N, in) -> y (N, out) = x W^T + b. */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const { inF, outF, kernels } = this;
    const buffers = this.cache.get(n);
    this.x = x;
    this.n = n;
    this.buffers = buffers;
    kernels.gemm(false, true, n, outF, inF, x, 0, inF, this.weight.value, 0, inF, buffers.y, 0, outF, false);
    if (this.bias) kernels.addBias(buffers.y, this.bias.value, n, outF, 1);
    return buffers.y;
  }

  // Backward of y = x W^T + b, with dy (N, out):
  //   dL/dW = dy^T x   (out, in): dW[o, i] = sum_n dy[n, o] x[n, i]
  //   dL/db = sum_n dy[n, :]
  //   dL/dx = dy W     (N, in)
  backward(dy: Arr): Arr {
    const { inF, outF, kernels, n, x } = this;
    const buffers = this.buffers;
    if (buffers === null) throw new Error('dense backward called before forward');
    kernels.gemm(true, false, outF, inF, n, dy, 0, outF, x, 0, inF, this.weight.grad, 0, inF, false);
    if (this.bias) kernels.sumBias(dy, n, outF, 1, this.bias.grad);
    if (!this.inputGrad) return NO_INPUT_GRAD;
    kernels.gemm(
      false,
      false,
      n,
      inF,
      outF,
      dy,
      0,
      outF,
      this.weight.value,
      0,
      inF,
      buffers.dx,
      0,
      inF,
      false,
    );
    return buffers.dx;
  }

  params(): readonly Param[] {
    return this.paramList;
  }
}
