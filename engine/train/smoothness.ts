// Loss-landscape smoothness along training (Santurkar, Tsipras, Ilyas & Madry 2018, "How Does
// Batch Normalization Help Optimization?", NeurIPS, Figure 4): at the current weights and batch,
// step along the negative gradient by a few multiples of the learning rate and record how much the
// loss and the gradient change. A probe, not a step: weights and BatchNorm running statistics are
// restored bit for bit, so training is unaffected. Models with dropout are not probed (a probe
// would draw masks from the training stream).

import type { Arr } from '../core/types.ts';
import { hasRunningStats } from '../norm/catalog.ts';
import type { Model } from './model.ts';

/**
 * Probe distances as multiples of the learning rate η: w − f·η·g for f in this list. Santurkar et
 * al. probe a range of distances around the training step; 0.5–4 η brackets a real SGD step (η·g
 * without momentum, longer once momentum has built up) without reaching far past it.
 */
export const SMOOTHNESS_STEP_FACTORS: readonly number[] = [0.5, 1, 2, 4];

/** The views' probe cadence: one probe every this many steps (each costs ~5 forward/backward passes). */
export const SMOOTHNESS_EVERY = 10;

/** One probe at weights w on one batch. */
export interface SmoothnessSample {
  /** L(w) on the batch (train mode: the batch's own BatchNorm statistics). */
  loss: number;
  /** ‖∇L(w)‖ over every trainable parameter. */
  gradNorm: number;
  /** max − min of L over w and the probe points w − f·η·∇L(w) (Santurkar's "loss landscape" variation). */
  lossRange: number;
  /** max over the probe points of ‖∇L(w) − ∇L(w − f·η·∇L(w))‖ ("gradient predictiveness": smaller is more predictive). */
  gradChange: number;
  /** gradChange / ‖∇L(w)‖: the same change relative to the gradient it started from. */
  relGradChange: number;
}

/** Probes every `every` steps, delivered with the snapshots (see protocol.ts, RunSnapshot.smoothness). */
export interface SmoothnessTrace {
  step: Int32Array;
  loss: Float32Array;
  gradNorm: Float32Array;
  lossRange: Float32Array;
  gradChange: Float32Array;
  relGradChange: Float32Array;
}

/** Whether a model can be probed without side effects (no dropout layer draws masks). */
export function canProbe(model: Model): boolean {
  return model.layers.every((layer) => layer.kind !== 'dropout');
}

/**
 * Measures a SmoothnessSample of `model` at its current weights on batch (x, targets, n), with
 * step sizes f·lr for f in `factors`. Every parameter and every BatchNorm running statistic is
 * restored exactly before returning; the params' grad buffers hold the last probe's gradient
 * (the next training step overwrites them). Non-finite probe losses make lossRange Infinity.
 */
export function measureSmoothness(
  model: Model,
  x: Arr,
  targets: Arr,
  n: number,
  lr: number,
  factors: readonly number[] = SMOOTHNESS_STEP_FACTORS,
): SmoothnessSample {
  if (!canProbe(model)) throw new Error('smoothness probes need a model without dropout');
  if (!(Number.isFinite(lr) && lr > 0))
    throw new Error(`smoothness probe needs a learning rate > 0, got ${lr}`);
  const params = model.params();
  const saved = params.map((p) => p.value.slice());
  const norms = model.layers.filter(hasRunningStats);
  const stats = norms.map((bn) => bn.getState());
  try {
    const loss0 = model.computeGradients(x, targets, n).loss;
    const g = params.map((p) => Float64Array.from(p.grad));
    let gg = 0;
    for (const gi of g) for (let i = 0; i < gi.length; i++) gg += gi[i] * gi[i];
    const gradNorm = Math.sqrt(gg);
    let lo = loss0;
    let hi = loss0;
    let gradChange = 0;
    for (const f of factors) {
      const eta = f * lr;
      params.forEach((p, k) => {
        const w = saved[k];
        const gk = g[k];
        for (let i = 0; i < w.length; i++) p.value[i] = w[i] - eta * gk[i];
      });
      const loss = model.computeGradients(x, targets, n).loss;
      if (!Number.isFinite(loss)) {
        hi = Number.POSITIVE_INFINITY;
      } else {
        lo = Math.min(lo, loss);
        hi = Math.max(hi, loss);
      }
      let dd = 0;
      params.forEach((p, k) => {
        const gk = g[k];
        for (let i = 0; i < gk.length; i++) {
          const d = p.grad[i] - gk[i];
          dd += d * d;
        }
      });
      // NaN (an exploded probe) counts as an infinite change, not as none.
      gradChange = Math.max(gradChange, Number.isNaN(dd) ? Number.POSITIVE_INFINITY : Math.sqrt(dd));
    }
    return {
      loss: loss0,
      gradNorm,
      lossRange: hi - lo,
      gradChange,
      relGradChange: gradNorm > 0 ? gradChange / gradNorm : 0,
    };
  } finally {
    params.forEach((p, k) => {
      p.value.set(saved[k]);
    });
    norms.forEach((bn, k) => {
      bn.setState(stats[k]);
    });
  }
}

/** Packs samples (with the step each was taken at) into the typed arrays a snapshot carries. */
export function packSmoothness(samples: readonly (SmoothnessSample & { step: number })[]): SmoothnessTrace {
  const pick = (key: keyof SmoothnessSample) => Float32Array.from(samples, (s) => s[key]);
  return {
    step: Int32Array.from(samples, (s) => s.step),
    loss: pick('loss'),
    gradNorm: pick('gradNorm'),
    lossRange: pick('lossRange'),
    gradChange: pick('gradChange'),
    relGradChange: pick('relGradChange'),
  };
}
