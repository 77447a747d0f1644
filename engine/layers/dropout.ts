// Inverted dropout (Srivastava et al. 2014, as in PyTorch): in train mode each element is kept with
// probability 1 - rate and scaled by 1 / (1 - rate), so eval mode is the identity. Masks come from the
// Rng passed in, so the same seed gives the same masks in node and in the browser.

import type { Rng } from '../core/rng.ts';
import type { Arr, Layer, Mode, Param, Precision } from '../core/types.ts';
import { alloc, sizeOf } from '../core/types.ts';
import { BatchCache } from './batch-cache.ts';

const NO_PARAMS: readonly Param[] = [];

interface DropoutBuffers {
  y: Arr;
  dx: Arr;
  /** 0 or 1 / (1 - rate) per element; y = x * mask. */
  mask: Arr;
  /** Whether `mask` has been drawn yet (matters only while maskFixed). */
  drawn: boolean;
}

export class Dropout implements Layer {
  readonly kind = 'dropout';
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  /**
   * While true, train-mode forward reuses the last mask drawn for that batch size instead of
   * drawing a new one (a fixed mask makes the layer a deterministic function, e.g. for gradient checks).
   */
  maskFixed = false;
  private readonly cache: BatchCache<DropoutBuffers>;
  private buffers: DropoutBuffers | null = null;
  private lastMode: Mode = 'eval';

  private rateValue = 0;

  /** @param rate probability of dropping an element, in [0, 1). */
  constructor(
    shape: readonly number[],
    rate: number,
    private readonly rng: Rng,
    precision: Precision,
  ) {
    this.rate = rate;
    this.inShape = [...shape];
    this.outShape = [...shape];
    const size = sizeOf(shape);
    this.cache = new BatchCache((n) => ({
      y: alloc(precision, n * size),
      dx: alloc(precision, n * size),
      mask: alloc(precision, n * size),
      drawn: false,
    }));
  }

  /** Probability of dropping an element, in [0, 1); settable between steps (the next mask uses it). */
  get rate(): number {
    return this.rateValue;
  }

  set rate(rate: number) {
    if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate must be in [0, 1), got ${rate}`);
    this.rateValue = rate;
  }

  /** Train: y = x * mask with a fresh mask. Eval: returns x itself (identity, no copy). */
  forward(x: Arr, n: number, mode: Mode): Arr {
    this.lastMode = mode;
    if (mode === 'eval') return x;
    const buffers = this.cache.get(n);
    this.buffers = buffers;
    const { y, mask } = buffers;
    if (!(this.maskFixed && buffers.drawn)) {
      const keep = 1 - this.rate;
      const scale = 1 / keep;
      for (let i = 0; i < mask.length; i++) mask[i] = this.rng.uniform() < keep ? scale : 0;
      buffers.drawn = true;
    }
    for (let i = 0; i < y.length; i++) y[i] = x[i] * mask[i];
    return y;
  }

  // y = x * mask elementwise, so dx = dy * mask (eval: dx = dy).
  backward(dy: Arr): Arr {
    if (this.lastMode === 'eval') return dy;
    const buffers = this.buffers;
    if (buffers === null) throw new Error('dropout backward called before forward');
    const { dx, mask } = buffers;
    for (let i = 0; i < dx.length; i++) dx[i] = dy[i] * mask[i];
    return dx;
  }

  params(): readonly Param[] {
    return NO_PARAMS;
  }
}
