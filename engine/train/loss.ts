// Losses on a batch of logits z (N, K) at n * K + k. Each returns the MEAN loss over the batch, writes
// dL/dz (when given a buffer) and counts correct predictions. Results go into a caller-owned LossValue
// so a training step allocates nothing. Conventions follow PyTorch's reductions ('mean').

import type { LossKind } from '../core/spec.ts';
import type { Arr } from '../core/types.ts';

/** Mean loss over the batch and the number of correctly predicted samples. */
export interface LossValue {
  loss: number;
  correct: number;
}

/** Targets per sample: one class index for softmax cross-entropy, K values otherwise. */
export function targetsPerSample(kind: LossKind, outputs: number): number {
  return kind === 'softmax-cross-entropy' ? 1 : outputs;
}

/** Dispatches on the loss kind; see the three functions below for shapes and conventions. */
export function computeLoss(
  kind: LossKind,
  z: Arr,
  targets: Arr,
  n: number,
  k: number,
  dz: Arr | null,
  out: LossValue,
): LossValue {
  switch (kind) {
    case 'softmax-cross-entropy':
      return softmaxCrossEntropy(z, targets, n, k, dz, out);
    case 'mse':
      return meanSquaredError(z, targets, n, k, dz, out);
    case 'sigmoid-bce':
      return sigmoidBinaryCrossEntropy(z, targets, n, k, dz, out);
    default: {
      const never: never = kind;
      throw new Error(`unknown loss ${String(never)}`);
    }
  }
}

/**
 * Softmax cross-entropy with integer labels (PyTorch's CrossEntropyLoss on logits).
 * z (N, K), labels (N) holding class indices 0..K-1 as numbers.
 *   L = (1/N) sum_n [ logsumexp(z_n) - z_n[t_n] ],  computed with the row max subtracted (stable).
 *   dL/dz_n = (softmax(z_n) - onehot(t_n)) / N.
 * Correct: argmax(z_n) === t_n (ties resolve to the lowest index).
 */
export function softmaxCrossEntropy(
  z: Arr,
  labels: Arr,
  n: number,
  k: number,
  dz: Arr | null,
  out: LossValue,
): LossValue {
  let total = 0;
  let correct = 0;
  for (let s = 0; s < n; s++) {
    const row = s * k;
    const t = labels[s];
    if (!(Number.isInteger(t) && t >= 0 && t < k)) {
      throw new Error(`label ${t} of sample ${s} is not a class index in [0, ${k})`);
    }
    let max = z[row];
    let argmax = 0;
    for (let j = 1; j < k; j++) {
      if (z[row + j] > max) {
        max = z[row + j];
        argmax = j;
      }
    }
    let sumExp = 0;
    for (let j = 0; j < k; j++) sumExp += Math.exp(z[row + j] - max);
    total += max + Math.log(sumExp) - z[row + t];
    if (argmax === t) correct++;
    if (dz !== null) {
      const scale = 1 / (sumExp * n);
      for (let j = 0; j < k; j++) dz[row + j] = Math.exp(z[row + j] - max) * scale;
      dz[row + t] -= 1 / n;
    }
  }
  out.loss = total / n;
  out.correct = correct;
  return out;
}

/**
 * Mean squared error averaged over all N*K elements (PyTorch's MSELoss):
 *   L = (1/(N K)) sum (y - t)^2,  dL/dy = 2 (y - t) / (N K).
 * Correct: with K = 1, (y >= 0.5) === (t >= 0.5), i.e. targets are read as 0/1 labels;
 * with K > 1, argmax(y_n) === argmax(t_n) (one-hot targets).
 */
export function meanSquaredError(
  y: Arr,
  t: Arr,
  n: number,
  k: number,
  dy: Arr | null,
  out: LossValue,
): LossValue {
  const count = n * k;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const d = y[i] - t[i];
    total += d * d;
    if (dy !== null) dy[i] = (2 * d) / count;
  }
  let correct = 0;
  for (let s = 0; s < n; s++) {
    const row = s * k;
    if (k === 1) {
      if (y[row] >= 0.5 === t[row] >= 0.5) correct++;
    } else if (argmaxOf(y, row, k) === argmaxOf(t, row, k)) {
      correct++;
    }
  }
  out.loss = total / count;
  out.correct = correct;
  return out;
}

/**
 * Sigmoid + binary cross-entropy on logits, averaged over all N*K elements (BCEWithLogitsLoss).
 * Stable form: l = max(z, 0) - z t + log(1 + e^-|z|);  dl/dz = sigmoid(z) - t, divided by N K.
 * Targets in [0, 1]. Correct: a sample counts when every output agrees, (z >= 0) === (t >= 0.5),
 * i.e. p = sigmoid(z) >= 0.5 is predicted as class 1.
 */
export function sigmoidBinaryCrossEntropy(
  z: Arr,
  t: Arr,
  n: number,
  k: number,
  dz: Arr | null,
  out: LossValue,
): LossValue {
  const count = n * k;
  let total = 0;
  let correct = 0;
  for (let s = 0; s < n; s++) {
    let allRight = true;
    for (let j = s * k; j < (s + 1) * k; j++) {
      const zj = z[j];
      const tj = t[j];
      total += Math.max(zj, 0) - zj * tj + Math.log1p(Math.exp(-Math.abs(zj)));
      if (dz !== null) {
        const p = zj >= 0 ? 1 / (1 + Math.exp(-zj)) : Math.exp(zj) / (1 + Math.exp(zj));
        dz[j] = (p - tj) / count;
      }
      if (zj >= 0 !== tj >= 0.5) allRight = false;
    }
    if (allRight) correct++;
  }
  out.loss = total / count;
  out.correct = correct;
  return out;
}

function argmaxOf(a: Arr, off: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (a[off + j] > a[off + best]) best = j;
  return best;
}
