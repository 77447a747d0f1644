// Weight initialisation, deterministic from the Rng: Kaiming/He normal (He et al. 2015),
// Xavier/Glorot normal (Glorot & Bengio 2010) and a plain normal with a given std. Biases are not
// touched: layers allocate them zeroed, which is the start value for every scheme here.

import type { Rng } from '../core/rng.ts';
import type { InitSpec } from '../core/spec.ts';
import type { Arr } from '../core/types.ts';

/**
 * Standard deviation of the initial weights. fanIn / fanOut follow PyTorch: Dense (out, in) has
 * fanIn = in, fanOut = out; Conv2d (F, C, k, k) has fanIn = C k^2, fanOut = F k^2.
 *   kaiming: sqrt(2 / fanIn)   xavier: sqrt(2 / (fanIn + fanOut))   normal: std
 */
export function initStd(spec: InitSpec, fanIn: number, fanOut: number): number {
  switch (spec.type) {
    case 'kaiming':
      return Math.sqrt(2 / fanIn);
    case 'xavier':
      return Math.sqrt(2 / (fanIn + fanOut));
    case 'normal':
      if (!(spec.std >= 0 && Number.isFinite(spec.std))) {
        throw new Error(`normal init std must be a finite number >= 0, got ${spec.std}`);
      }
      return spec.std;
    default: {
      const never: never = spec;
      throw new Error(`unknown init ${JSON.stringify(never)}`);
    }
  }
}

/** Fills `weight` in index order with N(0, initStd(spec, fanIn, fanOut)^2) draws from rng. */
export function initWeight(weight: Arr, spec: InitSpec, fanIn: number, fanOut: number, rng: Rng): void {
  const std = initStd(spec, fanIn, fanOut);
  for (let i = 0; i < weight.length; i++) weight[i] = std * rng.normal();
}
