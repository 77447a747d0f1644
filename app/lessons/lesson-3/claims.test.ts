// Lesson 3's claims, checked on the very batches the lesson shows (LESSON_3_EXAMPLE's dense 8 × 4
// batch and the conv map 2 × 3 × 3×3, seeds 1–3) through the engine's own BatchNorm in train mode,
// exactly as BatchStepView computes them. Expected values are recomputed here independently from
// the raw inputs (plain loops over the NCHW layout), never read back from the view's helpers.

import { describe, expect, it } from 'vitest';
import { BatchNorm } from '#engine';
import {
  makeBatch,
  runBatchStep,
  STEP_EPS,
  STEP_SHAPES,
  type StepBatch,
  type StepExample,
} from '../../views/bn-step/batch-step.ts';
import { predictOutcome } from '../predict.ts';
import { LESSON_3_PREDICT } from './predict.ts';
import { LESSON_3_CLAIM_SEEDS, LESSON_3_EXAMPLE } from './preset.ts';

/** The lesson's thresholds. */
const MEAN_ZERO = 1e-6;
const UNDO_MAX_ERROR = 1e-5;
/** Float64 agreement for recomputed statistics (≤ 18 values summed). */
const TIGHT = 1e-12;

const EXAMPLES: StepExample[] = [
  LESSON_3_EXAMPLE.example,
  LESSON_3_EXAMPLE.example === 'dense' ? 'conv' : 'dense',
];

/** The values of channel c, found by walking the NCHW layout ((n · C + c) · H · W + s). */
function channelValues(values: ArrayLike<number>, batch: StepBatch, c: number): number[] {
  const { n, c: C, h, w } = batch.shape;
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let s = 0; s < h * w; s++) out.push(values[(i * C + c) * h * w + s]);
  return out;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function biasedVariance(values: number[]): number {
  const mu = mean(values);
  return values.reduce((a, b) => a + (b - mu) ** 2, 0) / values.length;
}

describe.each(EXAMPLES)('lesson 3 claims, %s example', (example) => {
  describe.each(LESSON_3_CLAIM_SEEDS)('seed %i', (seed) => {
    const batch = makeBatch(example, seed);
    const step = runBatchStep(batch);

    it('[l3-xhat] (a) every channel of x̂ has mean 0 and biased variance σ²_B/(σ²_B + ε) ≈ 1', () => {
      for (let c = 0; c < batch.shape.c; c++) {
        const x = channelValues(batch.x, batch, c);
        const sigma2 = biasedVariance(x);
        const xhat = channelValues(step.xhat, batch, c);
        expect(Math.abs(mean(xhat))).toBeLessThan(MEAN_ZERO);
        expect(Math.abs(biasedVariance(xhat) - sigma2 / (sigma2 + STEP_EPS))).toBeLessThan(TIGHT);
        expect(Math.abs(biasedVariance(xhat) - 1)).toBeLessThan(1e-3);
        // The engine normalised with the BIASED variance (÷ m), not the unbiased one.
        expect(Math.abs(step.variance[c] - sigma2)).toBeLessThan(TIGHT);
      }
    });

    it('[l3-undo] (b) γ = √(σ²_B + ε), β = μ_B give back the input: max |y − x| < 1e-5', () => {
      const gamma = step.variance.map((v) => Math.sqrt(v + STEP_EPS));
      const undone = runBatchStep(batch, gamma, step.mean);
      let maxError = 0;
      for (let i = 0; i < batch.x.length; i++)
        maxError = Math.max(maxError, Math.abs(undone.y[i] - batch.x[i]));
      expect(maxError).toBeLessThan(UNDO_MAX_ERROR);
      // The default γ = 1, β = 0 do not: the claim is not vacuous.
      let plainError = 0;
      for (let i = 0; i < batch.x.length; i++)
        plainError = Math.max(plainError, Math.abs(step.y[i] - batch.x[i]));
      expect(plainError).toBeGreaterThan(0.5);
    });

    it('(b) also at the trainer’s float32 precision', () => {
      const { n, c, h, w } = batch.shape;
      const sample = h * w === 1 ? [c] : [c, h, w];
      const bn = new BatchNorm(sample, { momentum: 0.1, eps: STEP_EPS }, 'float32');
      const x = Float32Array.from(batch.x);
      bn.forward(x, [n, ...sample], 'train');
      const mu = Array.from(bn.lastMean ?? []);
      const sd = Array.from(bn.lastVar ?? [], (v) => Math.sqrt(v + STEP_EPS));
      const fresh = new BatchNorm(sample, { momentum: 0.1, eps: STEP_EPS }, 'float32');
      fresh.setState({ gamma: sd, beta: mu });
      const y = fresh.forward(x, [n, ...sample], 'train');
      let maxError = 0;
      for (let i = 0; i < x.length; i++) maxError = Math.max(maxError, Math.abs(y[i] - x[i]));
      expect(maxError).toBeLessThan(UNDO_MAX_ERROR);
    });

    it('[l3-train-output] in train mode every output channel has mean β and std γ·σ_B/√(σ²_B + ε), for any γ, β', () => {
      const gamma = Array.from({ length: batch.shape.c }, (_, c) => 0.5 + c);
      const beta = Array.from({ length: batch.shape.c }, (_, c) => 2 - 1.5 * c);
      const out = runBatchStep(batch, gamma, beta);
      for (let c = 0; c < batch.shape.c; c++) {
        const x = channelValues(batch.x, batch, c);
        const sigma2 = biasedVariance(x);
        const y = channelValues(out.y, batch, c);
        expect(Math.abs(mean(y) - beta[c])).toBeLessThan(MEAN_ZERO);
        expect(
          Math.abs(Math.sqrt(biasedVariance(y)) - gamma[c] * Math.sqrt(sigma2 / (sigma2 + STEP_EPS))),
        ).toBeLessThan(1e-9);
      }
    });

    it('[l3-eval-identity] with fixed (running) statistics, γ = √(σ̂² + ε), β = μ̂ make eval mode the identity for any input', () => {
      const { n, c, h, w } = batch.shape;
      const sample = h * w === 1 ? [c] : [c, h, w];
      const bn = new BatchNorm(sample, { momentum: 0.1, eps: STEP_EPS }, 'float64');
      const runningMean = Array.from({ length: c }, (_, k) => 0.3 * k - 0.2);
      const runningVar = Array.from({ length: c }, (_, k) => 0.5 + k);
      bn.setState({
        runningMean,
        runningVar,
        gamma: runningVar.map((v) => Math.sqrt(v + STEP_EPS)),
        beta: runningMean,
      });
      // Any input, not the batch the statistics came from.
      const x = Float64Array.from(batch.x, (v, i) => 3 * v + Math.cos(i));
      const y = bn.forward(x, [n, ...sample], 'eval');
      for (let i = 0; i < x.length; i++) expect(Math.abs(y[i] - x[i])).toBeLessThan(1e-9);
    });

    it('[l3-running] (d) running statistics after one step: 0.1 · μ_B and 0.9 · 1 + 0.1 · unbiased variance', () => {
      const m = batch.shape.n * batch.shape.h * batch.shape.w;
      expect(step.numBatchesTracked).toBe(1);
      for (let c = 0; c < batch.shape.c; c++) {
        const x = channelValues(batch.x, batch, c);
        const mu = mean(x);
        const unbiased = x.reduce((a, b) => a + (b - mu) ** 2, 0) / (m - 1);
        expect(Math.abs(step.runningMean[c] - 0.1 * mu)).toBeLessThan(TIGHT);
        expect(Math.abs(step.runningVar[c] - (0.9 + 0.1 * unbiased))).toBeLessThan(TIGHT);
        // Not the biased variance (they differ by the factor m/(m − 1)).
        expect(Math.abs(step.runningVar[c] - (0.9 + 0.1 * biasedVariance(x)))).toBeGreaterThan(1e-4);
      }
    });
  });
});

describe('lesson 3 claims, conv example: one mean/variance pair per channel', () => {
  it.each(LESSON_3_CLAIM_SEEDS)(
    '[l3-per-channel] (c) seed %i: C = 3 pairs over (N, H, W), not N·C or C·H·W',
    (seed) => {
      const batch = makeBatch('conv', seed);
      const step = runBatchStep(batch);
      const { n, c: C, h, w } = STEP_SHAPES.conv;
      expect(step.mean).toHaveLength(C);
      expect(step.variance).toHaveLength(C);
      expect(step.runningMean).toHaveLength(C);
      expect(step.runningVar).toHaveLength(C);
      expect([n * C, C * h * w]).not.toContain(step.mean.length);
      for (let c = 0; c < C; c++) {
        const x = channelValues(batch.x, batch, c);
        expect(x).toHaveLength(n * h * w);
        expect(Math.abs(step.mean[c] - mean(x))).toBeLessThan(TIGHT);
        expect(Math.abs(step.variance[c] - biasedVariance(x))).toBeLessThan(TIGHT);
        // Every one of the N·H·W values of the channel was normalised with that same pair...
        const invStd = 1 / Math.sqrt(biasedVariance(x) + STEP_EPS);
        const xhat = channelValues(step.xhat, batch, c);
        for (let k = 0; k < x.length; k++)
          expect(Math.abs(xhat[k] - (x[k] - mean(x)) * invStd)).toBeLessThan(TIGHT);
        // ...so a single image's part of the channel is NOT centred on its own (not InstanceNorm).
        const perImage = Array.from({ length: n }, (_, i) => mean(xhat.slice(i * h * w, (i + 1) * h * w)));
        expect(Math.max(...perImage.map(Math.abs))).toBeGreaterThan(0.05);
      }
    },
  );
});

describe('lesson 3 predict-then-run exercises', () => {
  const exercise = (id: string) => {
    const found = LESSON_3_PREDICT.find((e) => e.id === id);
    if (!found) throw new Error(`no exercise ${id}`);
    return found;
  };

  it.each(LESSON_3_CLAIM_SEEDS)(
    '[l3-unbiased-check] seed %i: feature 0’s x̂ divided by m − 1 = 7 has variance 8/7 · σ²_B/(σ²_B + ε) ≈ 1.143, the highest range',
    (seed) => {
      const e = exercise('unbiased-check');
      const setup = { ...e.setup, seed };
      expect(setup.example).toBe('dense');
      const measured = e.measure(setup);
      if (measured === null) throw new Error('nothing measured');
      // Recomputed from the raw batch: the biased variance the layer normalizes with, then m/(m − 1).
      const batch = makeBatch('dense', seed);
      const x = channelValues(batch.x, batch, 0);
      const m = x.length;
      expect(m).toBe(8);
      const variance = biasedVariance(x);
      expect(Math.abs(measured - (m / (m - 1)) * (variance / (variance + STEP_EPS)))).toBeLessThan(TIGHT);
      expect(measured).toBeGreaterThan(1.14);
      expect(measured).toBeLessThan(8 / 7);
      expect(predictOutcome(e, measured)).toBe(e.expected);
    },
  );

  it.each(LESSON_3_CLAIM_SEEDS)(
    '[l3-image-mean] seed %i: image 0’s part of channel 0 in x̂ is clearly not centred, and it moves when image 1 changes',
    (seed) => {
      const e = exercise('one-image-mean');
      const setup = { ...e.setup, seed };
      expect(setup.example).toBe('conv');
      const measured = e.measure(setup);
      if (measured === null) throw new Error('nothing measured');
      const batch = makeBatch('conv', seed);
      const { h, w } = batch.shape;
      const xhat = channelValues(runBatchStep(batch).xhat, batch, 0);
      const imageZero = xhat.slice(0, h * w);
      expect(Math.abs(measured - Math.abs(mean(imageZero)))).toBeLessThan(TIGHT);
      expect(measured).toBeGreaterThan(0.05);
      expect(predictOutcome(e, measured)).toBe(e.expected);
      // Image 1's channel 0 shifted by 1: image 0's input is the same, its x̂ is not.
      const shifted = Float64Array.from(batch.x);
      const { c: C } = batch.shape;
      for (let s = 0; s < h * w; s++) shifted[(1 * C + 0) * h * w + s] += 1;
      const moved = channelValues(runBatchStep({ ...batch, x: shifted }).xhat, batch, 0).slice(0, h * w);
      expect(Math.max(...moved.map((v, k) => Math.abs(v - imageZero[k])))).toBeGreaterThan(0.1);
    },
  );
});
