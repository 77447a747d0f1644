import { describe, expect, it } from 'vitest';
import {
  channelIndices,
  elementAt,
  elementIndex,
  makeBatch,
  maxUndoError,
  runBatchStep,
  STEP_EPS,
  STEP_SHAPES,
  type StepExample,
  undoParams,
} from './batch-step.ts';

/** Float64 arithmetic on ≤ 18 values: agreement to this is exact up to summation order. */
const TIGHT = 1e-12;
const EXAMPLES: StepExample[] = ['dense', 'conv'];

describe('makeBatch', () => {
  it.each(EXAMPLES)('%s: same seed, same numbers; another seed, other numbers', (example) => {
    const a = makeBatch(example, 7);
    const b = makeBatch(example, 7);
    const c = makeBatch(example, 8);
    const { n, c: channels, h, w } = STEP_SHAPES[example];
    expect(a.x.length).toBe(n * channels * h * w);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    expect(a.x.every(Number.isFinite)).toBe(true);
  });

  it('dense features sit on different scales (so each needs its own γ, β to undo)', () => {
    const step = runBatchStep(makeBatch('dense', 1));
    const sds = step.variance.map(Math.sqrt);
    expect(Math.max(...sds) / Math.min(...sds)).toBeGreaterThan(5);
  });
});

describe('NCHW indexing', () => {
  it('elementAt inverts elementIndex for the conv map 2 × 3 × 3×3', () => {
    const shape = STEP_SHAPES.conv;
    for (let n = 0; n < shape.n; n++)
      for (let c = 0; c < shape.c; c++)
        for (let s = 0; s < 9; s++) {
          const i = elementIndex(shape, n, c, s);
          expect(i).toBe(((n * 3 + c) * 3 + Math.floor(s / 3)) * 3 + (s % 3));
          expect(elementAt(shape, i)).toEqual({ n, c, h: Math.floor(s / 3), w: s % 3 });
        }
  });

  it('channelIndices: N·H·W cells per channel, channels disjoint and covering the batch', () => {
    for (const example of EXAMPLES) {
      const shape = STEP_SHAPES[example];
      const all = new Set<number>();
      for (let c = 0; c < shape.c; c++) {
        const idx = channelIndices(shape, c);
        expect(idx).toHaveLength(shape.n * shape.h * shape.w);
        for (const i of idx) {
          expect(elementAt(shape, i).c).toBe(c);
          all.add(i);
        }
      }
      expect(all.size).toBe(shape.n * shape.c * shape.h * shape.w);
    }
    expect(channelIndices(STEP_SHAPES.dense, 2)).toEqual([2, 6, 10, 14, 18, 22, 26, 30]);
  });
});

describe('runBatchStep (the engine BatchNorm, train mode)', () => {
  it.each(EXAMPLES)('%s, seed 1: statistics per channel over (N, H, W), biased variance', (example) => {
    const batch = makeBatch(example, 1);
    const step = runBatchStep(batch);
    const { shape } = batch;
    expect(step.mean).toHaveLength(shape.c);
    expect(step.m).toBe(shape.n * shape.h * shape.w);
    for (let c = 0; c < shape.c; c++) {
      const xs = channelIndices(shape, c).map((i) => batch.x[i]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
      expect(step.mean[c]).toBeCloseTo(mean, 12);
      expect(step.variance[c]).toBeCloseTo(variance, 12);
      expect(step.invStd[c]).toBeCloseTo(1 / Math.sqrt(variance + STEP_EPS), 10);
    }
    expect(step.gamma).toEqual(Array(shape.c).fill(1));
    expect(step.beta).toEqual(Array(shape.c).fill(0));
    expect(step.numBatchesTracked).toBe(1);
  });

  it('y = γ x̂ + β with the γ, β passed in (conv, seed 2)', () => {
    const batch = makeBatch('conv', 2);
    const gamma = [0.5, 2, -1];
    const beta = [1, -3, 0.25];
    const step = runBatchStep(batch, gamma, beta);
    expect(step.gamma).toEqual(gamma);
    expect(step.beta).toEqual(beta);
    for (let i = 0; i < batch.x.length; i++) {
      const { c } = elementAt(batch.shape, i);
      const xhat = (batch.x[i] - step.mean[c]) / Math.sqrt(step.variance[c] + STEP_EPS);
      expect(Math.abs(step.xhat[i] - xhat)).toBeLessThan(TIGHT);
      expect(Math.abs(step.y[i] - (gamma[c] * xhat + beta[c]))).toBeLessThan(TIGHT);
    }
  });

  it('returns copies: a later step does not change an earlier result', () => {
    const batch = makeBatch('dense', 3);
    const first = runBatchStep(batch);
    const y0 = Array.from(first.y);
    runBatchStep(batch, [2, 2, 2, 2]);
    expect(Array.from(first.y)).toEqual(y0);
  });

  it.each(EXAMPLES)('%s: undoParams give back x per channel; the default γ, β do not', (example) => {
    const batch = makeBatch(example, 1);
    const plain = runBatchStep(batch);
    for (let c = 0; c < batch.shape.c; c++) {
      expect(maxUndoError(plain, c)).toBeGreaterThan(0.1);
      const gamma = [...plain.gamma];
      const beta = [...plain.beta];
      const undo = undoParams(plain, c);
      gamma[c] = undo.gamma;
      beta[c] = undo.beta;
      const undone = runBatchStep(batch, gamma, beta);
      expect(maxUndoError(undone, c)).toBeLessThan(TIGHT);
      // The other channels are untouched.
      for (let k = 0; k < batch.shape.c; k++)
        if (k !== c) expect(maxUndoError(undone, k)).toBeGreaterThan(0.1);
    }
  });
});
