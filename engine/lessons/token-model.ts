// Lesson 10's sequence model: a per-token MLP over padded token sequences (engine/data/sequences.ts),
//   h[i, t] = ReLU(norm(W e[i, t])),  p[i] = (1 / L_i) Σ_t mask[i, t] h[i, t],  z[i] = U p[i] + b,
// trained with softmax cross-entropy. Every token is one row of the (n · length, V) input, so a
// normalizer sees n · length rows of `hidden` features: LayerNorm and RMSNorm normalize each token on
// its own; BatchNorm's statistics are per feature over ALL rows, padding included, as a naive
// implementation (nn.BatchNorm1d on the flattened tokens) computes them. The mean pooling reads real
// tokens only, so without BatchNorm a sequence's logits do not depend on its padding or batch-mates.
// Lesson-specific, so out of the engine's core folders; it reuses the engine's layers and optimizer.

import { Rng } from '../core/rng.ts';
import type { NormSpec } from '../core/spec.ts';
import type { Arr, Mode, Param, Precision } from '../core/types.ts';
import { alloc } from '../core/types.ts';
import {
  makeSequences,
  padBatch,
  SEQUENCE_VOCAB,
  type SequenceSet,
  type TokenBatch,
} from '../data/sequences.ts';
import { ReLU } from '../layers/activations.ts';
import { Dense } from '../layers/dense.ts';
import { createNorm, type Norm } from '../norm/catalog.ts';
import { initWeight } from '../train/init.ts';
import { softmaxCrossEntropy } from '../train/loss.ts';
import { Adam } from '../train/optim.ts';

/** The normalizers the token model can use (per-token features: no spatial axes). */
export type TokenNorm = 'batchnorm' | 'layernorm' | 'rmsnorm' | 'none';
export const TOKEN_NORMS: readonly TokenNorm[] = ['batchnorm', 'layernorm', 'rmsnorm', 'none'];
export const TOKEN_CLASSES = 2;

export interface TokenModelOptions {
  norm: TokenNorm;
  /** Features per token after the first layer. */
  hidden: number;
  seed: number;
  /** Adam's learning rate. */
  lr: number;
  precision?: Precision;
}

function normSpecFor(norm: Exclude<TokenNorm, 'none'>): NormSpec {
  switch (norm) {
    case 'batchnorm':
      return { type: 'batchnorm', momentum: 0.1, eps: 1e-5 };
    case 'layernorm':
      return { type: 'layernorm', eps: 1e-5 };
    case 'rmsnorm':
      return { type: 'rmsnorm' };
  }
}

export class TokenModel {
  readonly embed: Dense;
  readonly norm: Norm | null;
  readonly relu: ReLU;
  readonly head: Dense;
  readonly precision: Precision;
  private readonly optimizer: Adam;
  private batch: TokenBatch | null = null;
  private rows = 0;
  private dz: Arr = new Float64Array(0);
  private labels: Float64Array = new Float64Array(0);
  private readonly lossOut = { loss: 0, correct: 0 };

  constructor(readonly options: TokenModelOptions) {
    const { hidden, norm, seed } = options;
    const precision = options.precision ?? 'float32';
    this.precision = precision;
    // The first layer has no bias when a normalizer follows (its mean subtraction would cancel it).
    this.embed = new Dense([SEQUENCE_VOCAB], hidden, norm === 'none', precision);
    this.norm = norm === 'none' ? null : createNorm(normSpecFor(norm), [hidden], precision);
    this.relu = new ReLU([hidden], precision);
    this.head = new Dense([hidden], TOKEN_CLASSES, true, precision);
    const rng = new Rng(seed).fork();
    initWeight(this.embed.weight.value, { type: 'kaiming' }, SEQUENCE_VOCAB, hidden, rng);
    initWeight(this.head.weight.value, { type: 'kaiming' }, hidden, TOKEN_CLASSES, rng);
    this.optimizer = new Adam(this.params(), options.lr);
  }

  params(): Param[] {
    return [...this.embed.params(), ...(this.norm?.params() ?? []), ...this.head.params()];
  }

  /**
   * Logits (n, 2) of a padded batch. `mode` is the normalizer's: 'train' uses the batch's
   * statistics (BatchNorm: over every row, padding included) and updates BatchNorm's running ones.
   */
  forward(batch: TokenBatch, mode: Mode): Arr {
    const { n, length, mask, lengths } = batch;
    const rows = n * length;
    const hidden = this.options.hidden;
    const x = this.precision === 'float64' ? batch.x : Float32Array.from(batch.x);
    let a = this.embed.forward(x, rows, mode);
    if (this.norm) a = this.norm.forward(a, rows, mode);
    const h = this.relu.forward(a, rows, mode);
    // Masked mean over each sequence's real tokens.
    const pooled = alloc(this.precision, n * hidden);
    for (let i = 0; i < n; i++) {
      const scale = 1 / lengths[i];
      for (let t = 0; t < length; t++) {
        const row = i * length + t;
        if (mask[row] === 0) continue;
        for (let f = 0; f < hidden; f++) pooled[i * hidden + f] += h[row * hidden + f] * scale;
      }
    }
    this.batch = batch;
    this.rows = rows;
    return this.head.forward(pooled, n, mode);
  }

  // Backward of the pooling: dh[i, t, f] = mask[i, t] · dp[i, f] / L_i (zero at padding); the
  // normalizer's backward then goes through its statistics (BatchNorm's include the padded rows).
  /** Writes every parameter's gradient for dL/dz (n, 2) of the last forward. */
  backward(dz: Arr): void {
    const batch = this.batch;
    if (!batch) throw new Error('token model backward called before forward');
    const { n, length, mask, lengths } = batch;
    const hidden = this.options.hidden;
    const dp = this.head.backward(dz);
    const dh = alloc(this.precision, this.rows * hidden);
    for (let i = 0; i < n; i++) {
      const scale = 1 / lengths[i];
      for (let t = 0; t < length; t++) {
        const row = i * length + t;
        if (mask[row] === 0) continue;
        for (let f = 0; f < hidden; f++) dh[row * hidden + f] = dp[i * hidden + f] * scale;
      }
    }
    let da = this.relu.backward(dh);
    if (this.norm) da = this.norm.backward(da);
    this.embed.backward(da);
  }

  /** Mean cross-entropy of the last forward's logits; fills dL/dz when `withGrad`. */
  loss(z: Arr, batch: TokenBatch, withGrad: boolean): { loss: number; correct: number; dz: Arr | null } {
    if (this.labels.length !== batch.n) this.labels = new Float64Array(batch.n);
    this.labels.set(batch.labels);
    if (withGrad && this.dz.length !== z.length) this.dz = alloc(this.precision, z.length);
    softmaxCrossEntropy(z, this.labels, batch.n, TOKEN_CLASSES, withGrad ? this.dz : null, this.lossOut);
    return { ...this.lossOut, dz: withGrad ? this.dz : null };
  }

  /** One Adam step on a batch (train mode); returns its mean loss. */
  trainStep(batch: TokenBatch): number {
    const z = this.forward(batch, 'train');
    const { loss, dz } = this.loss(z, batch, true);
    this.backward(dz as Arr);
    this.optimizer.step();
    return loss;
  }

  /** Predicted classes of a batch in the given mode. */
  predict(batch: TokenBatch, mode: Mode): Int32Array {
    const z = this.forward(batch, mode);
    const out = new Int32Array(batch.n);
    for (let i = 0; i < batch.n; i++) out[i] = z[2 * i + 1] > z[2 * i] ? 1 : 0;
    return out;
  }
}

/** Lesson 10's sequence study: the task, the model and the padded lengths it is probed at. */
export interface SequenceStudyOptions {
  seed: number;
  trainCount: number;
  testCount: number;
  minLength: number;
  maxLength: number;
  hidden: number;
  lr: number;
  batchSize: number;
  steps: number;
  /** Padded lengths (each ≥ maxLength) the test set is forwarded at in train mode besides maxLength. */
  pads: number[];
}

export interface SequenceStudyRow {
  norm: TokenNorm;
  /** Held-out sequences answered correctly (eval mode, padded to maxLength). */
  correct: number;
  /** Per entry of `pads`: the largest change of any test logit against padding to maxLength (train mode, batches of batchSize)... */
  padMove: number[];
  /** ...and how many test predictions flip. */
  padFlips: number[];
  /** Train mode at batch size 1, each sequence unpadded: predictions that differ from eval mode's... */
  batchOneChanged: number;
  /** ...and the largest logit change against eval mode. */
  batchOneMove: number;
}

export interface SequenceStudy {
  testCount: number;
  pads: number[];
  rows: SequenceStudyRow[];
}

const indicesFrom = (start: number, count: number) => Array.from({ length: count }, (_, k) => start + k);

/** Logits (count, 2) of `set` forwarded in consecutive batches of `batch`, padded to `length`. */
function setLogits(
  model: TokenModel,
  set: SequenceSet,
  batch: number,
  length: number,
  mode: Mode,
): Float64Array {
  const out = new Float64Array(set.count * TOKEN_CLASSES);
  for (let start = 0; start < set.count; start += batch) {
    const idx = indicesFrom(start, Math.min(batch, set.count - start));
    out.set(model.forward(padBatch(set, idx, length), mode), start * TOKEN_CLASSES);
  }
  return out;
}

function classesOf(z: Float64Array): Int32Array {
  return Int32Array.from({ length: z.length / 2 }, (_, i) => (z[2 * i + 1] > z[2 * i] ? 1 : 0));
}

const countDiffering = (a: Int32Array, b: Int32Array) => a.reduce((s, v, i) => s + (v === b[i] ? 0 : 1), 0);
const largestDiff = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/**
 * Trains one token model per normalizer on the same seeded sequences (padded to maxLength, Adam,
 * `steps` batches in order) and probes it on held-out sequences (seed 100 + seed): accuracy in eval
 * mode; in train mode, how far the logits move when the same batches are padded further, and what
 * serving one unpadded sequence at a time changes. Eval-mode answers are taken before any train-mode
 * probe moves BatchNorm's running statistics. ~1 s for three models on one core.
 */
export function studySequences(
  options: SequenceStudyOptions,
  norms: readonly TokenNorm[] = ['batchnorm', 'layernorm', 'rmsnorm'],
): SequenceStudy {
  const { seed, minLength, maxLength, batchSize } = options;
  for (const pad of options.pads)
    if (!(Number.isInteger(pad) && pad >= maxLength))
      throw new Error(`a padded length must be a whole number ≥ ${maxLength}, got ${pad}`);
  const train = makeSequences({ count: options.trainCount, minLength, maxLength, seed });
  const test = makeSequences({ count: options.testCount, minLength, maxLength, seed: 100 + seed });
  const rows = norms.map((norm): SequenceStudyRow => {
    const model = new TokenModel({ norm, hidden: options.hidden, seed, lr: options.lr });
    for (let s = 0; s < options.steps; s++) {
      const idx = indicesFrom(0, batchSize).map((k) => (s * batchSize + k) % train.count);
      model.trainStep(padBatch(train, idx, maxLength));
    }
    const evalZ = setLogits(model, test, batchSize, maxLength, 'eval');
    const evalClasses = classesOf(evalZ);
    const correct = evalClasses.reduce((s, p, i) => s + (p === test.labels[i] ? 1 : 0), 0);
    const base = setLogits(model, test, batchSize, maxLength, 'train');
    const padded = options.pads.map((pad) => setLogits(model, test, batchSize, pad, 'train'));
    const one = new Float64Array(test.count * TOKEN_CLASSES);
    for (let i = 0; i < test.count; i++)
      one.set(model.forward(padBatch(test, [i], test.lengths[i]), 'train'), i * TOKEN_CLASSES);
    return {
      norm,
      correct,
      padMove: padded.map((z) => largestDiff(base, z)),
      padFlips: padded.map((z) => countDiffering(classesOf(base), classesOf(z))),
      batchOneChanged: countDiffering(classesOf(one), evalClasses),
      batchOneMove: largestDiff(one, evalZ),
    };
  });
  return { testCount: test.count, pads: [...options.pads], rows };
}
