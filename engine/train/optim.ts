// Optimizers in PyTorch's conventions: SGD (with optional momentum, buf = mu buf + g, first buf = g)
// and Adam (Kingma & Ba 2015) with bias correction. Weight decay is L2 added to the gradient
// (g += wd * p, torch.optim.SGD/Adam, not AdamW) and only for params with decay = true.
// Hyper-parameters can change between steps without resetting any state. The per-element updates
// run through the kernel backend (train/update.ts is their JS reference).

import type { Kernels } from '../core/kernels.ts';
import type { OptimizerSpec } from '../core/spec.ts';
import type { Arr, Param } from '../core/types.ts';
import { alloc } from '../core/types.ts';
import { defaultKernels } from '../core/wasm-kernels.ts';
import type { AdamScalars, SgdScalars } from './update.ts';

export interface Optimizer {
  readonly kind: 'sgd' | 'adam';
  readonly learningRate: number;
  /** SGD momentum; for Adam, beta1 (the momentum of the first moment). */
  readonly momentum: number;
  readonly weightDecay: number;
  setLearningRate(lr: number): void;
  setMomentum(momentum: number): void;
  setWeightDecay(weightDecay: number): void;
  /** One update of every param from its current grad. Allocates nothing. */
  step(): void;
}

function checkNonNegative(what: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0))
    throw new Error(`${what} must be a finite number >= 0, got ${value}`);
  return value;
}

function checkBeta(what: string, value: number): number {
  if (!(value >= 0 && value < 1)) throw new Error(`${what} must be in [0, 1), got ${value}`);
  return value;
}

function precisionOf(a: Arr): 'float32' | 'float64' {
  return a instanceof Float64Array ? 'float64' : 'float32';
}

/** SGD: g = grad + wd p (decay params); buf = mu buf + g (buf = g on its first step); p -= lr buf. */
export class Sgd implements Optimizer {
  readonly kind = 'sgd';
  learningRate: number;
  momentum: number;
  weightDecay: number;
  private readonly bufs: Arr[];
  /** PyTorch creates the momentum buffer lazily: the first momentum step copies the grad. */
  private hasBuf = false;
  /** The step's scalars, one object reused (a step allocates nothing). */
  private readonly scalars: SgdScalars = { learningRate: 0, momentum: 0, weightDecay: 0, first: true };

  constructor(
    private readonly params: readonly Param[],
    lr: number,
    momentum = 0,
    weightDecay = 0,
    private readonly kernels: Kernels = defaultKernels,
  ) {
    this.learningRate = checkNonNegative('learning rate', lr);
    this.momentum = checkNonNegative('momentum', momentum);
    this.weightDecay = checkNonNegative('weight decay', weightDecay);
    this.bufs = params.map((p) => alloc(precisionOf(p.value), p.value.length));
  }

  setLearningRate(lr: number): void {
    this.learningRate = checkNonNegative('learning rate', lr);
  }
  setMomentum(momentum: number): void {
    this.momentum = checkNonNegative('momentum', momentum);
  }
  setWeightDecay(weightDecay: number): void {
    this.weightDecay = checkNonNegative('weight decay', weightDecay);
  }

  step(): void {
    const s = this.scalars;
    s.learningRate = this.learningRate;
    s.momentum = this.momentum;
    s.first = !this.hasBuf;
    for (let k = 0; k < this.params.length; k++) {
      const { value, grad, decay } = this.params[k];
      s.weightDecay = decay ? this.weightDecay : 0;
      this.kernels.sgdUpdate(value, grad, this.bufs[k], s);
    }
    if (this.momentum !== 0) this.hasBuf = true;
  }
}

/**
 * Adam, as torch.optim.Adam: g = grad + wd p (decay params);
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 *   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
export class Adam implements Optimizer {
  readonly kind = 'adam';
  learningRate: number;
  beta1: number;
  readonly beta2: number;
  readonly eps: number;
  weightDecay: number;
  /** Number of steps taken (t in the bias corrections). */
  t = 0;
  private readonly m: Arr[];
  private readonly v: Arr[];
  /** The step's scalars, one object reused (a step allocates nothing). */
  private readonly scalars: AdamScalars = {
    weightDecay: 0,
    beta1: 0,
    beta2: 0,
    stepSize: 0,
    sqrtCorrection2: 0,
    eps: 0,
  };

  constructor(
    private readonly params: readonly Param[],
    lr: number,
    beta1 = 0.9,
    beta2 = 0.999,
    eps = 1e-8,
    weightDecay = 0,
    private readonly kernels: Kernels = defaultKernels,
  ) {
    this.learningRate = checkNonNegative('learning rate', lr);
    this.beta1 = checkBeta('adam beta1', beta1);
    this.beta2 = checkBeta('adam beta2', beta2);
    this.eps = checkNonNegative('adam eps', eps);
    this.weightDecay = checkNonNegative('weight decay', weightDecay);
    this.m = params.map((p) => alloc(precisionOf(p.value), p.value.length));
    this.v = params.map((p) => alloc(precisionOf(p.value), p.value.length));
  }

  get momentum(): number {
    return this.beta1;
  }
  setLearningRate(lr: number): void {
    this.learningRate = checkNonNegative('learning rate', lr);
  }
  /** Sets beta1; the bias correction keeps using beta1^t with the new value, as PyTorch does. */
  setMomentum(momentum: number): void {
    this.beta1 = checkBeta('adam beta1 (momentum)', momentum);
  }
  setWeightDecay(weightDecay: number): void {
    this.weightDecay = checkNonNegative('weight decay', weightDecay);
  }

  step(): void {
    this.t++;
    const s = this.scalars;
    s.beta1 = this.beta1;
    s.beta2 = this.beta2;
    s.eps = this.eps;
    s.stepSize = this.learningRate / (1 - this.beta1 ** this.t);
    s.sqrtCorrection2 = Math.sqrt(1 - this.beta2 ** this.t);
    for (let k = 0; k < this.params.length; k++) {
      const { value, grad, decay } = this.params[k];
      s.weightDecay = decay ? this.weightDecay : 0;
      this.kernels.adamUpdate(value, grad, this.m[k], this.v[k], s);
    }
  }
}

/** Builds the optimizer of a spec over the given params (defaults as in PyTorch). */
export function createOptimizer(
  spec: OptimizerSpec,
  params: readonly Param[],
  kernels: Kernels = defaultKernels,
): Optimizer {
  switch (spec.type) {
    case 'sgd':
      return new Sgd(params, spec.lr, spec.momentum ?? 0, spec.weightDecay ?? 0, kernels);
    case 'adam':
      return new Adam(
        params,
        spec.lr,
        spec.beta1 ?? 0.9,
        spec.beta2 ?? 0.999,
        spec.eps ?? 1e-8,
        spec.weightDecay ?? 0,
        kernels,
      );
    default: {
      const never: never = spec;
      throw new Error(`unknown optimizer ${JSON.stringify(never)}`);
    }
  }
}
