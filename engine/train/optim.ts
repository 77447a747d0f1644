// Optimizers in PyTorch's conventions: SGD (with optional momentum, buf = mu buf + g, first buf = g)
// and Adam (Kingma & Ba 2015) with bias correction. Weight decay is L2 added to the gradient
// (g += wd * p, torch.optim.SGD/Adam, not AdamW) and only for params with decay = true.
// Hyper-parameters can change between steps without resetting any state.

import type { OptimizerSpec } from '../core/spec.ts';
import type { Arr, Param } from '../core/types.ts';
import { alloc } from '../core/types.ts';

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

  constructor(
    private readonly params: readonly Param[],
    lr: number,
    momentum = 0,
    weightDecay = 0,
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
    const { learningRate: lr, momentum: mu } = this;
    const first = !this.hasBuf;
    for (let k = 0; k < this.params.length; k++) {
      const { value: p, grad: g, decay } = this.params[k];
      const wd = decay ? this.weightDecay : 0;
      const buf = this.bufs[k];
      if (mu === 0) {
        for (let i = 0; i < p.length; i++) p[i] -= lr * (g[i] + wd * p[i]);
      } else if (first) {
        for (let i = 0; i < p.length; i++) {
          buf[i] = g[i] + wd * p[i];
          p[i] -= lr * buf[i];
        }
      } else {
        for (let i = 0; i < p.length; i++) {
          buf[i] = mu * buf[i] + g[i] + wd * p[i];
          p[i] -= lr * buf[i];
        }
      }
    }
    if (mu !== 0) this.hasBuf = true;
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

  constructor(
    private readonly params: readonly Param[],
    lr: number,
    beta1 = 0.9,
    beta2 = 0.999,
    eps = 1e-8,
    weightDecay = 0,
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
    const { beta1: b1, beta2: b2, eps } = this;
    const stepSize = this.learningRate / (1 - b1 ** this.t);
    const sqrtCorrection2 = Math.sqrt(1 - b2 ** this.t);
    for (let k = 0; k < this.params.length; k++) {
      const { value: p, grad: g, decay } = this.params[k];
      const wd = decay ? this.weightDecay : 0;
      const m = this.m[k];
      const v = this.v[k];
      for (let i = 0; i < p.length; i++) {
        const gi = g[i] + wd * p[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtCorrection2 + eps);
      }
    }
  }
}

/** Builds the optimizer of a spec over the given params (defaults as in PyTorch). */
export function createOptimizer(spec: OptimizerSpec, params: readonly Param[]): Optimizer {
  switch (spec.type) {
    case 'sgd':
      return new Sgd(params, spec.lr, spec.momentum ?? 0, spec.weightDecay ?? 0);
    case 'adam':
      return new Adam(
        params,
        spec.lr,
        spec.beta1 ?? 0.9,
        spec.beta2 ?? 0.999,
        spec.eps ?? 1e-8,
        spec.weightDecay ?? 0,
      );
    default: {
      const never: never = spec;
      throw new Error(`unknown optimizer ${JSON.stringify(never)}`);
    }
  }
}
