// Elementwise activations ReLU, Sigmoid and Tanh over any shape. Each keeps its output y, since
// every derivative here is a function of y alone: relu' = [y > 0], sigmoid' = y (1 - y), tanh' = 1 - y^2.

import type { Arr, Layer, Mode, Param, Precision } from '../core/types.ts';
import { alloc, sizeOf } from '../core/types.ts';
import { BatchCache } from './batch-cache.ts';

const NO_PARAMS: readonly Param[] = [];

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

  /** y = max(0, x). */
  forward(x: Arr, n: number, _mode: Mode): Arr {
    const { y } = this.select(n);
    const len = y.length;
    for (let i = 0; i < len; i++) {
      const v = x[i];
      y[i] = v > 0 ? v : 0;
    }
    return y;
  }

  // dx = dy where y > 0 (x > 0), else 0; the subgradient at x = 0 is taken as 0, like PyTorch.
  backward(dy: Arr): Arr {
    const { y, dx } = this.current();
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
