import { describe, expect, it } from 'vitest';
import type { LossKind } from '../core/spec.ts';
import { randomInput } from '../testing/grad-check.ts';
import {
  computeLoss,
  type LossValue,
  meanSquaredError,
  sigmoidBinaryCrossEntropy,
  softmaxCrossEntropy,
} from './loss.ts';

/** Closed-form values vs float64 evaluation: a few ulps. */
const VALUE_TOL = 1e-12;
/** Central differences of the loss (step 1e-6) vs the written dL/dz. */
const GRAD_TOL = 1e-8;
const FD_STEP = 1e-6;

const out = (): LossValue => ({ loss: 0, correct: 0 });

describe('softmax cross-entropy', () => {
  it('logits [1, 2, 3] with label 2: loss = log(e^1 + e^2 + e^3) - 3, dz = softmax - onehot', () => {
    const z = Float64Array.of(1, 2, 3);
    const dz = new Float64Array(3);
    const r = softmaxCrossEntropy(z, Float64Array.of(2), 1, 3, dz, out());
    const sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(Math.abs(r.loss - (Math.log(sum) - 3))).toBeLessThan(VALUE_TOL);
    expect(r.correct).toBe(1);
    [Math.exp(1) / sum, Math.exp(2) / sum, Math.exp(3) / sum - 1].forEach((g, j) => {
      expect(Math.abs(dz[j] - g)).toBeLessThan(VALUE_TOL);
    });
  });

  it('is stable for huge logits: [1000, 0] gives loss 0 for label 0 and 1000 for label 1, mean 500 over n=2', () => {
    const z = Float64Array.of(1000, 0, 1000, 0);
    const r = softmaxCrossEntropy(z, Float64Array.of(0, 1), 2, 2, new Float64Array(4), out());
    expect(r.loss).toBe(500);
    expect(r.correct).toBe(1);
  });

  it('counts argmax hits, ties going to the lowest index', () => {
    const z = Float64Array.of(0, 5, 1, 2, 2, 0, 9, 0, 0);
    expect(softmaxCrossEntropy(z, Float64Array.of(1, 0, 2), 3, 3, null, out()).correct).toBe(2);
  });

  it('rejects a label that is not a class index', () => {
    expect(() => softmaxCrossEntropy(new Float64Array(3), Float64Array.of(3), 1, 3, null, out())).toThrow(
      'label 3 of sample 0 is not a class index in [0, 3)',
    );
    expect(() => softmaxCrossEntropy(new Float64Array(3), Float64Array.of(0.5), 1, 3, null, out())).toThrow(
      'label 0.5 of sample 0 is not a class index in [0, 3)',
    );
  });

  it('passes NaN logits through as a NaN loss (the caller detects divergence)', () => {
    expect(
      softmaxCrossEntropy(Float64Array.of(Number.NaN, 1), Float64Array.of(0), 1, 2, null, out()).loss,
    ).toBeNaN();
  });
});

describe('mean squared error', () => {
  it('y = [0.2, 0.9], t = [0, 1]: loss (0.04 + 0.01) / 2, dy = 2 (y - t) / 2, both correct at threshold 0.5', () => {
    const dy = new Float64Array(2);
    const r = meanSquaredError(Float64Array.of(0.2, 0.9), Float64Array.of(0, 1), 2, 1, dy, out());
    expect(Math.abs(r.loss - 0.025)).toBeLessThan(VALUE_TOL);
    expect(Math.abs(dy[0] - 0.2)).toBeLessThan(VALUE_TOL);
    expect(Math.abs(dy[1] + 0.1)).toBeLessThan(VALUE_TOL);
    expect(r.correct).toBe(2);
  });

  it('K=2 counts argmax(y) === argmax(t) and averages over N*K elements', () => {
    const r = meanSquaredError(Float64Array.of(1, 0, 0, 1), Float64Array.of(1, 0, 1, 0), 2, 2, null, out());
    expect(r.correct).toBe(1);
    expect(r.loss).toBe(0.5);
  });
});

describe('sigmoid binary cross-entropy', () => {
  it('z = 0, t = 1: loss log 2, dz = sigmoid(0) - 1 = -0.5', () => {
    const dz = new Float64Array(1);
    const r = sigmoidBinaryCrossEntropy(Float64Array.of(0), Float64Array.of(1), 1, 1, dz, out());
    expect(Math.abs(r.loss - Math.LN2)).toBeLessThan(VALUE_TOL);
    expect(dz[0]).toBe(-0.5);
    expect(r.correct).toBe(1); // p = 0.5 is predicted as class 1
  });

  it('stable for |z| = 100: z = 100, t = 0 gives 100 (not Infinity); z = -100, t = 0 gives ~0', () => {
    const r = sigmoidBinaryCrossEntropy(Float64Array.of(100, -100), Float64Array.of(0, 0), 2, 1, null, out());
    expect(Math.abs(r.loss - 50)).toBeLessThan(VALUE_TOL);
    expect(r.correct).toBe(1);
  });
});

describe('loss gradients by central differences, float64, n=3 k=4', () => {
  const cases: { kind: LossKind; targets: Float64Array }[] = [
    { kind: 'softmax-cross-entropy', targets: Float64Array.of(0, 3, 1) },
    { kind: 'mse', targets: randomInput(12, 52) },
    { kind: 'sigmoid-bce', targets: Float64Array.of(0, 1, 1, 0, 0.3, 1, 0, 1, 1, 1, 0, 0.5) },
  ];
  for (const { kind, targets } of cases) {
    it(kind, () => {
      const z = randomInput(12, 51, 2);
      const dz = new Float64Array(12);
      computeLoss(kind, z, targets, 3, 4, dz, out());
      for (let i = 0; i < 12; i++) {
        const orig = z[i];
        z[i] = orig + FD_STEP;
        const lp = computeLoss(kind, z, targets, 3, 4, null, out()).loss;
        z[i] = orig - FD_STEP;
        const lm = computeLoss(kind, z, targets, 3, 4, null, out()).loss;
        z[i] = orig;
        expect(Math.abs((lp - lm) / (2 * FD_STEP) - dz[i])).toBeLessThan(GRAD_TOL);
      }
    });
  }
});
