import { describe, expect, it } from 'vitest';
import { makeSequences, padBatch, SEQUENCE_VOCAB, TOKEN_A, TOKEN_B } from '../data/sequences.ts';
import { FD_STEP } from '../testing/grad-check.ts';
import { TOKEN_NORMS, TokenModel } from './token-model.ts';

/** Largest relative error allowed between the analytic and the central-difference gradient. */
const GRAD_TOLERANCE = 1e-6;

describe('makeSequences / padBatch', () => {
  const set = makeSequences({ count: 200, minLength: 3, maxLength: 12, seed: 4 });

  it('draws lengths in range, never a tie, and labels "more A than B"', () => {
    for (let i = 0; i < set.count; i++) {
      const len = set.lengths[i];
      expect(len).toBeGreaterThanOrEqual(3);
      expect(len).toBeLessThanOrEqual(12);
      let a = 0;
      let b = 0;
      for (let t = 0; t < len; t++) {
        const token = set.tokens[set.offsets[i] + t];
        expect(token).toBeGreaterThanOrEqual(0);
        expect(token).toBeLessThan(SEQUENCE_VOCAB);
        if (token === TOKEN_A) a++;
        if (token === TOKEN_B) b++;
      }
      expect(a).not.toBe(b);
      expect(set.labels[i]).toBe(a > b ? 1 : 0);
    }
    // Both classes occur, in roughly equal numbers.
    const ones = set.labels.reduce((s, l) => s + l, 0);
    expect(ones).toBeGreaterThan(60);
    expect(ones).toBeLessThan(140);
  });

  it('is seeded: the same seed gives the same sequences, another seed others', () => {
    const again = makeSequences({ count: 200, minLength: 3, maxLength: 12, seed: 4 });
    expect(Array.from(again.tokens)).toEqual(Array.from(set.tokens));
    const other = makeSequences({ count: 200, minLength: 3, maxLength: 12, seed: 5 });
    expect(Array.from(other.lengths)).not.toEqual(Array.from(set.lengths));
  });

  it('pads with zero rows and mask 0; the real tokens are one-hot whatever the padded length', () => {
    const short = padBatch(set, [0, 1, 2], 12);
    const long = padBatch(set, [0, 1, 2], 30);
    for (let j = 0; j < 3; j++) {
      for (let t = 0; t < 30; t++) {
        const real = t < set.lengths[j];
        expect(long.mask[j * 30 + t]).toBe(real ? 1 : 0);
        const row = Array.from(
          long.x.subarray((j * 30 + t) * SEQUENCE_VOCAB, (j * 30 + t + 1) * SEQUENCE_VOCAB),
        );
        if (!real) expect(row).toEqual([0, 0, 0, 0]);
        else {
          expect(row.reduce((s, v) => s + v, 0)).toBe(1);
          expect(row[set.tokens[set.offsets[j] + t]]).toBe(1);
          const same = (j * 12 + t) * SEQUENCE_VOCAB;
          expect(Array.from(short.x.subarray(same, same + SEQUENCE_VOCAB))).toEqual(row);
        }
      }
    }
    expect(() => padBatch(set, [0], 2)).toThrow(/more than the padded length 2/);
    expect(() => makeSequences({ count: 5, minLength: 4, maxLength: 3, seed: 1 })).toThrow(/minLength/);
  });
});

describe('TokenModel', () => {
  const set = makeSequences({ count: 40, minLength: 2, maxLength: 7, seed: 9 });

  it.each(TOKEN_NORMS)(
    'token model backward (%s, train mode, n=5, length 9 with padding) matches central differences in float64',
    (norm) => {
      const model = new TokenModel({ norm, hidden: 6, seed: 3, lr: 0.01, precision: 'float64' });
      const batch = padBatch(set, [0, 1, 2, 3, 4], 9);
      const lossAt = () => model.loss(model.forward(batch, 'train'), batch, false).loss;
      const z = model.forward(batch, 'train');
      const { dz } = model.loss(z, batch, true);
      model.backward(dz as Float64Array);
      let worst = 0;
      for (const p of model.params()) {
        const analytic = Float64Array.from(p.grad);
        for (let i = 0; i < p.value.length; i++) {
          const orig = p.value[i];
          p.value[i] = orig + FD_STEP;
          const lp = lossAt();
          p.value[i] = orig - FD_STEP;
          const lm = lossAt();
          p.value[i] = orig;
          const numeric = (lp - lm) / (2 * FD_STEP);
          const e = Math.abs(analytic[i] - numeric) / Math.max(1, Math.abs(analytic[i]), Math.abs(numeric));
          worst = Math.max(worst, e);
        }
      }
      expect(worst).toBeLessThan(GRAD_TOLERANCE);
      // The gradient is not trivially zero.
      expect(model.params().some((p) => p.grad.some((g) => Math.abs(g) > 1e-4))).toBe(true);
    },
  );

  it('pooling reads real tokens only: without BatchNorm a sequence’s logits ignore padding and batch-mates (bit for bit)', () => {
    for (const norm of ['layernorm', 'rmsnorm', 'none'] as const) {
      const model = new TokenModel({ norm, hidden: 8, seed: 2, lr: 0.01 });
      const alone = Array.from(model.forward(padBatch(set, [5], 7), 'train'));
      const padded = Array.from(model.forward(padBatch(set, [5, 6, 7], 40), 'train').subarray(0, 2));
      expect(padded).toEqual(alone);
    }
  });

  it('BatchNorm in train mode: its statistics include the padded rows, so the logits move with the padded length', () => {
    const model = new TokenModel({ norm: 'batchnorm', hidden: 8, seed: 2, lr: 0.01 });
    const a = model.forward(padBatch(set, [5, 6, 7], 7), 'train').slice(0, 2);
    const b = model.forward(padBatch(set, [5, 6, 7], 40), 'train').slice(0, 2);
    expect(Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])).toBeGreaterThan(1e-3);
    // In eval mode (running statistics) padding does not matter.
    const c = Array.from(model.forward(padBatch(set, [5, 6, 7], 7), 'eval').subarray(0, 2));
    const d = Array.from(model.forward(padBatch(set, [5, 6, 7], 40), 'eval').subarray(0, 2));
    expect(d).toEqual(c);
  });

  it('trains: a few hundred Adam steps learn "more A than B" on held-out sequences', () => {
    const train = makeSequences({ count: 1000, minLength: 4, maxLength: 16, seed: 1 });
    const test = makeSequences({ count: 200, minLength: 4, maxLength: 16, seed: 2 });
    const model = new TokenModel({ norm: 'layernorm', hidden: 16, seed: 1, lr: 0.01 });
    for (let s = 0; s < 150; s++) {
      const idx = Array.from({ length: 32 }, (_, k) => (s * 32 + k) % train.count);
      model.trainStep(padBatch(train, idx, 16));
    }
    const all = Array.from({ length: test.count }, (_, i) => i);
    const predicted = model.predict(padBatch(test, all, 16), 'eval');
    let right = 0;
    for (let i = 0; i < test.count; i++) if (predicted[i] === test.labels[i]) right++;
    expect(right / test.count).toBeGreaterThan(0.9);
  });
});
