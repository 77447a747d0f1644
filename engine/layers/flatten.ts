// Flatten: (N, C, H, W) -> (N, C*H*W). NCHW is already row-major in that order, so this is a pure
// reshape: forward returns its input buffer and backward returns dy, with no copy.

import type { Arr, Layer, Mode, Param } from '../core/types.ts';
import { sizeOf } from '../core/types.ts';

const NO_PARAMS: readonly Param[] = [];

export class Flatten implements Layer {
  readonly kind = 'flatten';
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];

  constructor(inShape: readonly number[]) {
    this.inShape = [...inShape];
    this.outShape = [sizeOf(inShape)];
  }

  /** Returns x itself (same memory, viewed as (N, C*H*W)). */
  forward(x: Arr, _n: number, _mode: Mode): Arr {
    return x;
  }

  backward(dy: Arr): Arr {
    return dy;
  }

  params(): readonly Param[] {
    return NO_PARAMS;
  }
}
