// Lesson 10's sequence claims, trained here in node (the page does not train this task live): a
// per-token MLP (engine/lessons/token-model.ts) learns "more A than B tokens" on variable-length
// sequences padded to a common length, once with BatchNorm, LayerNorm and RMSNorm on its tokens.
// BatchNorm's statistics (train mode, as while training) mix every token of every sequence in the
// batch, padding included, so a sequence's logits move with the padded length; LayerNorm and
// RMSNorm normalize each token on its own and give bit-identical logits. At batch size 1 (how
// language models serve), BN in train mode has only one sequence's tokens to normalize with; LN
// needs no running statistics and answers exactly as in a batch. Seeds 1, 2, 3.

import { beforeAll, describe, expect, it } from 'vitest';
import { makeSequences, padBatch, type SequenceSet, TokenModel, type TokenNorm } from '#engine/testing';
import { LESSON_10_SEQUENCES as SEQ } from './preset.ts';

const SEEDS = [1, 2, 3];
const NORMS: TokenNorm[] = ['batchnorm', 'layernorm', 'rmsnorm'];
const TIMEOUT_MS = 120_000;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Logits (count, 2) of the test set forwarded in consecutive batches of `batch`, padded to `length`. */
function logits(model: TokenModel, set: SequenceSet, batch: number, length: number, mode: 'train' | 'eval') {
  const out = new Float64Array(set.count * 2);
  for (let start = 0; start < set.count; start += batch) {
    const idx = range(Math.min(batch, set.count - start)).map((k) => start + k);
    out.set(model.forward(padBatch(set, idx, length), mode), start * 2);
  }
  return out;
}

const predictions = (z: Float64Array) =>
  Int32Array.from(range(z.length / 2), (i) => (z[2 * i + 1] > z[2 * i] ? 1 : 0));
const differing = (a: Int32Array, b: Int32Array) => a.reduce((s, v, i) => s + (v === b[i] ? 0 : 1), 0);
const maxDiff = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe.each(SEEDS)('lesson 10: padded sequences, "more A than B" (node), seed %i', (seed) => {
  const models = new Map<TokenNorm, TokenModel>();
  let test: SequenceSet;
  /** Eval-mode logits at the training padding, before any train-mode forward below moves BN's running statistics. */
  const evalLogits = new Map<TokenNorm, Float64Array>();

  beforeAll(() => {
    const train = makeSequences({
      count: SEQ.trainCount,
      minLength: SEQ.minLength,
      maxLength: SEQ.maxLength,
      seed,
    });
    test = makeSequences({
      count: SEQ.testCount,
      minLength: SEQ.minLength,
      maxLength: SEQ.maxLength,
      seed: 100 + seed,
    });
    for (const norm of NORMS) {
      const model = new TokenModel({ norm, hidden: SEQ.hidden, seed, lr: SEQ.lr });
      for (let s = 0; s < SEQ.steps; s++) {
        const idx = range(SEQ.batchSize).map((k) => (s * SEQ.batchSize + k) % train.count);
        model.trainStep(padBatch(train, idx, SEQ.maxLength));
      }
      models.set(norm, model);
      evalLogits.set(norm, logits(model, test, SEQ.batchSize, SEQ.maxLength, 'eval'));
    }
  }, TIMEOUT_MS);

  it('[l10-seq-task] every variant learns the task on held-out sequences', () => {
    expect(Math.min(...test.lengths)).toBe(SEQ.minLength);
    expect(Math.max(...test.lengths)).toBe(SEQ.maxLength);
    expect([SEQ.minLength, SEQ.maxLength]).toEqual([4, 16]);
    for (const norm of NORMS) {
      const predicted = predictions(evalLogits.get(norm) as Float64Array);
      const right = predicted.reduce((s, p, i) => s + (p === test.labels[i] ? 1 : 0), 0);
      if (process.env.CLAIMS_VERBOSE)
        console.log(`seed ${seed} ${norm}: ${right}/${test.count} right (eval mode)`);
      expect(right / test.count).toBeGreaterThanOrEqual(SEQ.accuracy);
    }
  });

  it('[l10-seq-pad] train mode: a sequence’s logits move with the padded length under BN, and not at all under LN and RMSNorm', () => {
    for (const norm of NORMS) {
      const model = models.get(norm) as TokenModel;
      const base = logits(model, test, SEQ.batchSize, SEQ.maxLength, 'train');
      for (const pad of SEQ.pads) {
        const padded = logits(model, test, SEQ.batchSize, pad, 'train');
        const moved = maxDiff(base, padded);
        const flipped = differing(predictions(base), predictions(padded));
        if (process.env.CLAIMS_VERBOSE)
          console.log(
            `seed ${seed} ${norm} pad ${pad}: logits move up to ${moved.toFixed(2)}, ${flipped}/${test.count} predictions flip`,
          );
        if (norm === 'batchnorm') {
          expect(moved).toBeGreaterThanOrEqual(SEQ.bnPadMove[pad][0]);
          expect(moved).toBeLessThanOrEqual(SEQ.bnPadMove[pad][1]);
          // A wide-margin task: the logits move a lot, few answers flip.
          expect(flipped).toBeLessThanOrEqual(SEQ.bnPadFlipsMax);
        } else expect(moved).toBe(0);
      }
    }
  });

  it('[l10-seq-one] batch size 1: BN in train mode changes many answers; LN answers exactly as in a batch, with no running statistics', () => {
    const bn = models.get('batchnorm') as TokenModel;
    const bnEval = predictions(evalLogits.get('batchnorm') as Float64Array);
    // One sequence at its own length (no padding), as a batch-1 server would send it.
    const bnOne = new Float64Array(test.count * 2);
    for (let i = 0; i < test.count; i++)
      bnOne.set(bn.forward(padBatch(test, [i], test.lengths[i]), 'train'), 2 * i);
    const changed = differing(predictions(bnOne), bnEval);
    if (process.env.CLAIMS_VERBOSE)
      console.log(
        `seed ${seed}: BN train mode at batch 1 (no padding) changes ${changed}/${test.count} predictions`,
      );
    expect(changed).toBeGreaterThanOrEqual(SEQ.bnBatchOneChanged[0]);
    expect(changed).toBeLessThanOrEqual(SEQ.bnBatchOneChanged[1]);
    const ln = models.get('layernorm') as TokenModel;
    expect(ln.norm && 'runningMean' in ln.norm).toBe(false);
    const lnOne = logits(ln, test, 1, SEQ.maxLength, 'train');
    expect(maxDiff(lnOne, logits(ln, test, SEQ.batchSize, SEQ.maxLength, 'train'))).toBe(0);
    expect(maxDiff(lnOne, evalLogits.get('layernorm') as Float64Array)).toBe(0);
    // ...and at batch 1 it needs no padding at all: each sequence at its own length.
    const own = new Float64Array(test.count * 2);
    for (let i = 0; i < test.count; i++)
      own.set(ln.forward(padBatch(test, [i], test.lengths[i]), 'eval'), 2 * i);
    expect(maxDiff(own, lnOne)).toBe(0);
  });
});
