// Elementwise activations ReLU, Sigmoid and Tanh over any shape. Each keeps its output y, since
// every derivative here is a function of y alone: relu' = [y > 0], sigmoid' = y (1 - y), tanh' = 1 - y^2.

import type { Arr, Layer, Mode, Param, Precision } from '../core/types.ts';
import { alloc, sizeOf } from '../core/types.ts';
import { BatchCache } from './batch-cache.ts';

const NO_PARAMS: readonly Param[] = [];

/** Int32 views of float32 arrays (the same memory), made once per array: ReLU works on the bits. */
const bitViews = new WeakMap<Float32Array, Int32Array>();
function bitsOf(a: Float32Array): Int32Array {
  let view = bitViews.get(a);
  if (view === undefined) {
    view = new Int32Array(a.buffer, a.byteOffset, a.length);
    bitViews.set(a, view);
  }
  return view;
}

/** The float32 bit pattern of +Infinity; above it (as int32) lie the NaNs with the sign bit clear. */
const POSITIVE_INFINITY_BITS = 0x7f800000;

interface ActivationBuffers {
  y: Arr;
  dx: Arr;
}

abstract class Activation implements Layer {
  abstract readonly kind: 'relu' | 'sigmoid' | 'tanh';
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  protected readonly cache: BatchCache<ActivationBuffers>;
  protected buffers: ActivationBuffers | null = null;

  constructor(shape: readonly number[], precision: Precision) {
    this.inShape = [...shape];
    this.outShape = [...shape];
    const size = sizeOf(shape);
    this.cache = new BatchCache((n) => ({ y: alloc(precision, n * size), dx: alloc(precision, n * size) }));
  }

  abstract forward(x: Arr, n: number, mode: Mode): Arr;
  abstract backward(dy: Arr): Arr;

  /** Selects (and remembers) the buffers for batch size n. */
  protected select(n: number): ActivationBuffers {
    this.buffers = this.cache.get(n);
    return this.buffers;
  }

  protected current(): ActivationBuffers {
    if (this.buffers === null) throw new Error(`${this.kind} backward called before forward`);
    return this.buffers;
  }

  params(): readonly Param[] {
    return NO_PARAMS;
  }
}

export class ReLU extends Activation {
  readonly kind = 'relu';

  /**
   * y = x > 0 ? x : 0 (NaN and -0 give +0). On float32 it works on the bits, without a branch: the
   * sign of a trained layer's inputs is a coin flip, and the branch mispredicted on about half of
   * them (5 ns per element in node here, 1 ns branch-free). An int32 with the sign bit set (x < 0,
   * -0, a negative NaN) masks to 0; above +Infinity's bits lie the positive NaNs, which give 0.
   */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const { y } = this.select(n);
    const len = y.length;
    if (x instanceof Float32Array && y instanceof Float32Array) {
      const xb = bitsOf(x);
      const yb = bitsOf(y);
      for (let i = 0; i < len; i++) {
        const b = xb[i];
        yb[i] = b > POSITIVE_INFINITY_BITS ? 0 : b & ~(b >> 31);
      }
      return y;
    }
    for (let i = 0; i < len; i++) {
      const v = x[i];
      y[i] = v > 0 ? v : 0;
    }
    return y;
  }

  // dx = dy where y > 0 (x > 0), else 0; the subgradient at x = 0 is taken as 0, like PyTorch.
  // On float32 branch-free too: y is +0 or positive, so -y's sign bit, spread by >> 31, is the mask.
  backward(dy: Arr): Arr {
    const { y, dx } = this.current();
    if (dy instanceof Float32Array && y instanceof Float32Array && dx instanceof Float32Array) {
      const yb = bitsOf(y);
      const dyb = bitsOf(dy);
      const dxb = bitsOf(dx);
      for (let i = 0; i < dx.length; i++) dxb[i] = dyb[i] & (-yb[i] >> 31);
      return dx;
    }
    for (let i = 0; i < dx.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
    return dx;
  }
}

export class Sigmoid extends Activation {
  readonly kind = 'sigmoid';

  /** y = 1 / (1 + e^-x). */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const { y } = this.select(n);
    for (let i = 0; i < y.length; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
    return y;
  }

  // dsigma/dx = sigma (1 - sigma) = y (1 - y).
  backward(dy: Arr): Arr {
    const { y, dx } = this.current();
    for (let i = 0; i < dx.length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
    return dx;
  }
}

export class Tanh extends Activation {
  readonly kind = 'tanh';

  /** y = tanh(x). */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const { y } = this.select(n);
    for (let i = 0; i < y.length; i++) y[i] = Math.tanh(x[i]);
    return y;
  }

  // dtanh/dx = 1 - tanh^2 = 1 - y^2.
  backward(dy: Arr): Arr {
    const { y, dx } = this.current();
    for (let i = 0; i < dx.length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
    return dx;
  }
}
