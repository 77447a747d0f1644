// Lesson 10's sequence task: seeded variable-length token sequences, padded to a common length,
// labelled "more A than B tokens". Tokens are one-hot rows of SEQUENCE_VOCAB features; a padding
// position is an all-zero row with mask 0. Ties (as many A as B) are never drawn, so the label is
// always defined. A sequence's content does not depend on how far it is padded.

import { Rng } from '../core/rng.ts';

/** Token ids: A, B and two distractors. */
export const SEQUENCE_VOCAB = 4;
export const TOKEN_A = 0;
export const TOKEN_B = 1;
export const TOKEN_NAMES = ['A', 'B', 'C', 'D'] as const;

export interface SequenceOptions {
  count: number;
  /** Lengths are uniform in [minLength, maxLength] (whole tokens). */
  minLength: number;
  maxLength: number;
  seed: number;
}

/** Sequences stored unpadded: sequence i's tokens are tokens[offsets[i] .. offsets[i] + lengths[i]). */
export interface SequenceSet {
  readonly count: number;
  readonly maxLength: number;
  readonly tokens: Int32Array;
  readonly offsets: Int32Array;
  readonly lengths: Int32Array;
  /** 1 when the sequence has more A than B tokens, else 0. */
  readonly labels: Int32Array;
}

/** A padded batch: n sequences of `length` positions each. */
export interface TokenBatch {
  n: number;
  /** Positions per sequence (the padded length). */
  length: number;
  /** One-hot tokens, (n · length, SEQUENCE_VOCAB) at (i · length + t) · V + v; zero rows at padding. */
  x: Float64Array;
  /** 1 at a real token, 0 at padding, (n · length). */
  mask: Float64Array;
  /** Real tokens per sequence, (n). */
  lengths: Int32Array;
  /** Class indices, (n). */
  labels: Int32Array;
}

/**
 * Draws `count` sequences: a length uniform in [minLength, maxLength], each token uniform over the
 * vocabulary; a draw with as many A as B tokens is redrawn. Throws on lengths that cannot hold a
 * sequence (minLength < 1, maxLength < minLength).
 */
export function makeSequences(options: SequenceOptions): SequenceSet {
  const { count, minLength, maxLength, seed } = options;
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`sequence count must be ≥ 1, got ${count}`);
  if (
    !(Number.isInteger(minLength) && Number.isInteger(maxLength) && minLength >= 1 && maxLength >= minLength)
  )
    throw new Error(`sequence lengths need 1 ≤ minLength ≤ maxLength, got ${minLength} and ${maxLength}`);
  const rng = new Rng(seed);
  const tokens = new Int32Array(count * maxLength);
  const offsets = new Int32Array(count);
  const lengths = new Int32Array(count);
  const labels = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = minLength + rng.int(maxLength - minLength + 1);
    let balance = 0;
    do {
      balance = 0;
      for (let t = 0; t < length; t++) {
        const token = rng.int(SEQUENCE_VOCAB);
        tokens[at + t] = token;
        if (token === TOKEN_A) balance++;
        else if (token === TOKEN_B) balance--;
      }
    } while (balance === 0);
    offsets[i] = at;
    lengths[i] = length;
    labels[i] = balance > 0 ? 1 : 0;
    at += length;
  }
  return { count, maxLength, tokens: tokens.slice(0, at), offsets, lengths, labels };
}

/**
 * The sequences `indices` of `set` as one batch padded to `length` positions (at least the
 * longest of them; the set's maxLength is the usual choice).
 */
export function padBatch(set: SequenceSet, indices: ArrayLike<number>, length: number): TokenBatch {
  const n = indices.length;
  const V = SEQUENCE_VOCAB;
  const x = new Float64Array(n * length * V);
  const mask = new Float64Array(n * length);
  const lengths = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = indices[j];
    if (!(Number.isInteger(i) && i >= 0 && i < set.count))
      throw new Error(`sequence index ${i} is not in [0, ${set.count})`);
    const len = set.lengths[i];
    if (len > length)
      throw new Error(`sequence ${i} has ${len} tokens, more than the padded length ${length}`);
    lengths[j] = len;
    labels[j] = set.labels[i];
    for (let t = 0; t < len; t++) {
      const row = j * length + t;
      x[row * V + set.tokens[set.offsets[i] + t]] = 1;
      mask[row] = 1;
    }
  }
  return { n, length, x, mask, lengths, labels };
}
