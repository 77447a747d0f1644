// Lesson 10's sequence claims, through the study the page's panel asks the worker for
// (engine/lessons/token-model.ts, studySequences): a per-token MLP learns "more A than B tokens" on
// variable-length sequences padded to a common length, once with BatchNorm, LayerNorm and RMSNorm on
// its tokens. BatchNorm's statistics (train mode, as while training) mix every token row of the batch,
// padding included, so a sequence's logits move with the padded length; LayerNorm and RMSNorm
// normalize each token on its own and give bit-identical logits. At batch size 1 (how language
// models serve), BN in train mode has only one sequence's tokens to normalize with; LN needs no
// running statistics and answers exactly as in a batch. Seeds 1, 2, 3.

import { beforeAll, describe, expect, it } from 'vitest';
import { makeSequences, type SequenceStudy, studySequences, TokenModel } from '#engine/testing';
import { LESSON_10_SEQUENCES as SEQ, sequenceStudyOptions } from './preset.ts';

const SEEDS = [1, 2, 3];
const TIMEOUT_MS = 120_000;

describe.each(SEEDS)('lesson 10: padded sequences, "more A than B" (node), seed %i', (seed) => {
  let study: SequenceStudy;
  const row = (norm: string) => {
    const r = study.rows.find((x) => x.norm === norm);
    if (!r) throw new Error(`no ${norm} row`);
    return r;
  };

  beforeAll(() => {
    study = studySequences(sequenceStudyOptions(seed));
    if (process.env.CLAIMS_VERBOSE)
      for (const r of study.rows)
        console.log(
          `seed ${seed} ${r.norm}: ${r.correct}/${study.testCount} right; pads ${study.pads.join('/')}: move ${r.padMove.map((m) => m.toFixed(2)).join('/')}, flips ${r.padFlips.join('/')}; batch 1: ${r.batchOneChanged} changed, move ${r.batchOneMove.toFixed(2)}`,
        );
  }, TIMEOUT_MS);

  it('[l10-seq-task] every variant learns the task on held-out sequences of 4 to 16 tokens', () => {
    const test = makeSequences({
      count: SEQ.testCount,
      minLength: SEQ.minLength,
      maxLength: SEQ.maxLength,
      seed: 100 + seed,
    });
    expect(Math.min(...test.lengths)).toBe(4);
    expect(Math.max(...test.lengths)).toBe(16);
    expect(study.testCount).toBe(400);
    expect(study.rows.map((r) => r.norm)).toEqual(['batchnorm', 'layernorm', 'rmsnorm']);
    for (const r of study.rows) expect(r.correct / study.testCount).toBeGreaterThanOrEqual(SEQ.accuracy);
  });

  it('[l10-seq-pad] train mode: a sequence’s logits move with the padded length under BN, and not at all under LN and RMSNorm', () => {
    expect(study.pads).toEqual([24, 96]);
    const bn = row('batchnorm');
    study.pads.forEach((pad, k) => {
      const [low, high] = SEQ.bnPadMove[pad];
      expect(bn.padMove[k]).toBeGreaterThanOrEqual(low);
      expect(bn.padMove[k]).toBeLessThanOrEqual(high);
      // A wide-margin task: the logits move a lot, few answers flip.
      expect(bn.padFlips[k]).toBeLessThanOrEqual(SEQ.bnPadFlipsMax);
    });
    for (const norm of ['layernorm', 'rmsnorm']) {
      expect(row(norm).padMove).toEqual([0, 0]);
      expect(row(norm).padFlips).toEqual([0, 0]);
    }
  });

  it('[l10-seq-one] batch size 1: BN in train mode changes many answers; LN answers exactly as in a batch, with no running statistics', () => {
    const bn = row('batchnorm');
    expect(bn.batchOneChanged).toBeGreaterThanOrEqual(SEQ.bnBatchOneChanged[0]);
    expect(bn.batchOneChanged).toBeLessThanOrEqual(SEQ.bnBatchOneChanged[1]);
    expect(row('layernorm').batchOneMove).toBe(0);
    expect(row('layernorm').batchOneChanged).toBe(0);
    const ln = new TokenModel({ norm: 'layernorm', hidden: SEQ.hidden, seed, lr: SEQ.lr });
    expect(ln.norm && 'runningMean' in ln.norm).toBe(false);
  });
});
