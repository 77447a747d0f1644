import { describe, expect, it } from 'vitest';
import { buildModel } from '../train/model.ts';
import {
  CONVERGED_TOLERANCE,
  descend,
  excessLossAt,
  gradientAt,
  LANDSCAPE_DEFAULTS,
  levelSet,
  lossAt,
  makeLandscape,
  NOISE,
  SAMPLES,
  stepsToConverge,
} from './landscape.ts';

/** Relative tolerance for float64 arithmetic that goes through different summation orders. */
const REL_TOL = 1e-9;

function directLoss(x: Float64Array, t: Float64Array, w1: number, w2: number): number {
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += (w1 * x[2 * i] + w2 * x[2 * i + 1] - t[i]) ** 2;
  return sum / t.length;
}

describe('makeLandscape', () => {
  it('raw data: feature 1 std 1, feature 2 std = scale, both mean 0; centred targets', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    expect(l.n).toBe(SAMPLES);
    expect(l.featureStd[0]).toBeCloseTo(1, 12);
    expect(l.featureStd[1]).toBeCloseTo(100, 10);
    expect(Math.abs(l.featureMean[0])).toBeLessThan(1e-12);
    expect(Math.abs(l.featureMean[1])).toBeLessThan(1e-10);
    expect(Math.abs(l.t.reduce((a, b) => a + b, 0))).toBeLessThan(1e-10);
  });

  it('standardize: both trained features have mean 0 and std 1', () => {
    const l = makeLandscape({ scale: 37, standardize: true, seed: 2 });
    for (const j of [0, 1]) {
      let mean = 0;
      let sq = 0;
      for (let i = 0; i < l.n; i++) mean += l.x[2 * i + j];
      mean /= l.n;
      for (let i = 0; i < l.n; i++) sq += (l.x[2 * i + j] - mean) ** 2;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(Math.sqrt(sq / l.n)).toBeCloseTo(1, 12);
    }
  });

  it('same seed, same data; another seed, other data', () => {
    const a = makeLandscape({ scale: 100, standardize: false, seed: 3 });
    const b = makeLandscape({ scale: 100, standardize: false, seed: 3 });
    const c = makeLandscape({ scale: 100, standardize: false, seed: 4 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.t)).toEqual(Array.from(b.t));
    expect(a.x[0]).not.toBe(c.x[0]);
  });

  it('the quadratic form from the second moments equals the direct mean of squares', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    for (const [w1, w2] of [
      [0, 0],
      [-2, 2],
      [3.5, -0.7],
      [l.minimizer[0], l.minimizer[1]],
    ]) {
      const direct = directLoss(l.x, l.t, w1, w2);
      expect(Math.abs(lossAt(l, w1, w2) - direct)).toBeLessThan(REL_TOL * Math.max(1, direct));
      expect(Math.abs(excessLossAt(l, w1, w2) - (direct - l.minLoss))).toBeLessThan(
        REL_TOL * Math.max(1, direct),
      );
    }
  });

  it('the minimizer has zero gradient; the minimum loss is near the noise floor NOISE²', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const [g1, g2] = gradientAt(l, l.minimizer[0], l.minimizer[1]);
    expect(Math.abs(g1)).toBeLessThan(1e-10);
    expect(Math.abs(g2)).toBeLessThan(1e-10);
    expect(l.minLoss).toBeGreaterThan(0.5 * NOISE ** 2);
    expect(l.minLoss).toBeLessThan(1.5 * NOISE ** 2);
  });

  it('standardizing is a change of units: same minimum loss, weights rescaled by the feature std', () => {
    const raw = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const std = makeLandscape({ scale: 100, standardize: true, seed: 1 });
    expect(std.minLoss).toBeCloseTo(raw.minLoss, 12);
    expect(std.minimizer[0]).toBeCloseTo(raw.minimizer[0] * raw.featureStd[0], 10);
    expect(std.minimizer[1]).toBeCloseTo(raw.minimizer[1] * raw.featureStd[1], 10);
  });

  it('the standardized landscape does not depend on the scale (only units changed)', () => {
    const a = makeLandscape({ scale: 3, standardize: true, seed: 1 });
    const b = makeLandscape({ scale: 250, standardize: true, seed: 1 });
    expect(b.hessianEigenvalues[0]).toBeCloseTo(a.hessianEigenvalues[0], 10);
    expect(b.hessianEigenvalues[1]).toBeCloseTo(a.hessianEigenvalues[1], 10);
    expect(b.minimizer[0]).toBeCloseTo(a.minimizer[0], 10);
    expect(b.minimizer[1]).toBeCloseTo(a.minimizer[1], 10);
  });

  it('Hessian eigenpairs: H v = λ v for 2S; condition number ≈ scale² raw, ≈ 1 standardized', () => {
    const raw = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const [s11, s12, s22] = raw.s;
    raw.eigenvectors.forEach((v, i) => {
      const lambda = raw.hessianEigenvalues[i];
      expect(Math.hypot(v[0], v[1])).toBeCloseTo(1, 12);
      expect(Math.abs(2 * (s11 * v[0] + s12 * v[1]) - lambda * v[0])).toBeLessThan(1e-8 * lambda);
      expect(Math.abs(2 * (s12 * v[0] + s22 * v[1]) - lambda * v[1])).toBeLessThan(1e-8 * lambda);
    });
    expect(raw.conditionNumber).toBeGreaterThan(0.9e4);
    expect(raw.conditionNumber).toBeLessThan(1.1e4);
    expect(raw.maxStableLr).toBeCloseTo(2 / raw.hessianEigenvalues[1], 15);
    const std = makeLandscape({ scale: 100, standardize: true, seed: 1 });
    expect(std.conditionNumber).toBeLessThan(1.5);
  });

  it('rejects a scale outside its range with a named error', () => {
    expect(() => makeLandscape({ scale: 0, standardize: false, seed: 1 })).toThrow(
      'scale must be a finite number in [1, 300], got 0',
    );
    expect(() => makeLandscape({ scale: Number.NaN, standardize: false, seed: 1 })).toThrow(/scale/);
  });
});

describe('levelSet', () => {
  it('every point of the level-c ellipse has excess loss c, however elongated', () => {
    for (const standardize of [false, true]) {
      const l = makeLandscape({ scale: 300, standardize, seed: 1 });
      for (const c of [1e-3, 1, 1e4]) {
        const pts = levelSet(l, c, 64);
        expect(pts.length).toBe(2 * 65);
        expect(pts[0]).toBe(pts[128]);
        for (let k = 0; k < 65; k++) {
          expect(excessLossAt(l, pts[2 * k], pts[2 * k + 1]) / c).toBeCloseTo(1, 8);
        }
      }
    }
  });
});

describe('descend (the engine trains the path)', () => {
  it('one engine SGD step equals w - lr ∇L with the analytic gradient', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const lr = 5e-5;
    const start: [number, number] = [-2, 2];
    const path = descend(l, { lr, start, steps: 1 });
    const [g1, g2] = gradientAt(l, ...start);
    expect(path.points[0]).toEqual({ w1: -2, w2: 2, loss: expect.any(Number) });
    expect(path.points[0].loss).toBeCloseTo(lossAt(l, -2, 2), 8);
    expect(path.points[1].w1).toBeCloseTo(start[0] - lr * g1, 12);
    expect(path.points[1].w2).toBeCloseTo(start[1] - lr * g2, 12);
  });

  it('the engine gradient of Dense+MSE equals the analytic ∇L at an arbitrary point', () => {
    const l = makeLandscape({ scale: 20, standardize: false, seed: 2 });
    const model = buildModel(
      {
        input: [2],
        layers: [{ type: 'dense', units: 1, bias: false }],
        loss: 'mse',
        optimizer: { type: 'sgd', lr: 0.01 },
        init: { type: 'normal', std: 0 },
        seed: 2,
      },
      'float64',
    );
    const p = model.params()[0];
    p.value.set([0.3, -1.7]);
    model.computeGradients(l.x, l.t, l.n);
    const [g1, g2] = gradientAt(l, 0.3, -1.7);
    expect(Math.abs(p.grad[0] - g1)).toBeLessThan(REL_TOL * Math.abs(g1));
    expect(Math.abs(p.grad[1] - g2)).toBeLessThan(REL_TOL * Math.abs(g2));
  });

  it('the engine path matches the closed-form iteration w ← w - lr ∇L for 200 steps', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const { lr, start } = LANDSCAPE_DEFAULTS;
    const path = descend(l, { lr, start, steps: 200 });
    expect(path.points.length).toBe(201);
    let w1 = start[0];
    let w2 = start[1];
    for (const p of path.points) {
      expect(Math.abs(p.w1 - w1)).toBeLessThan(1e-9);
      expect(Math.abs(p.w2 - w2)).toBeLessThan(1e-9);
      expect(Math.abs(p.loss - lossAt(l, w1, w2))).toBeLessThan(REL_TOL * p.loss);
      const [g1, g2] = gradientAt(l, w1, w2);
      w1 -= lr * g1;
      w2 -= lr * g2;
    }
  });

  it('stops at convergence (loss within 1 % of the minimum), at the step stepsToConverge predicts', () => {
    const l = makeLandscape({ scale: 100, standardize: true, seed: 1 });
    const path = descend(l, { lr: 0.1, start: [-2, 2], steps: 500 });
    expect(path.divergedAt).toBeNull();
    expect(path.convergedAt).not.toBeNull();
    expect(path.points.length).toBe((path.convergedAt ?? 0) + 1);
    expect(path.convergedAt).toBe(stepsToConverge(l, 0.1, [-2, 2]));
    expect(path.threshold).toBeCloseTo((1 + CONVERGED_TOLERANCE) * l.minLoss, 12);
    expect(path.points.at(-1)?.loss).toBeLessThanOrEqual(path.threshold);
    expect(path.points.at(-2)?.loss).toBeGreaterThan(path.threshold);
  });

  it('above 2/λmax the loss grows until it passes 1e6 × its start: diverged, path stops, all finite', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const path = descend(l, { lr: 1.2 * l.maxStableLr, start: [-2, 2], steps: 500 });
    expect(path.convergedAt).toBeNull();
    expect(path.divergedAt).not.toBeNull();
    expect(path.points.length).toBe((path.divergedAt ?? 0) + 1);
    expect(path.points.at(-1)?.loss).toBeGreaterThan(1e6 * path.points[0].loss);
    for (const p of path.points) expect(Number.isFinite(p.w1 + p.w2 + p.loss)).toBe(true);
    expect(stepsToConverge(l, 1.2 * l.maxStableLr, [-2, 2])).toBeNull();
  });

  it('a huge learning rate overflows to Infinity: diverged at a step, no non-finite point kept', () => {
    const l = makeLandscape({ scale: 300, standardize: false, seed: 1 });
    const path = descend(l, { lr: 1, start: [-2, 2], steps: 100 });
    expect(path.divergedAt).toBe(1);
    for (const p of path.points) expect(Number.isFinite(p.w1 + p.w2 + p.loss)).toBe(true);
  });

  it('runs exactly `steps` steps when it neither converges nor diverges', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    const path = descend(l, { lr: 9e-5, start: [-2, 2], steps: 50 });
    expect(path.points.length).toBe(51);
    expect(path.convergedAt).toBeNull();
    expect(path.divergedAt).toBeNull();
  });

  it('rejects a bad learning rate or step count with a named error', () => {
    const l = makeLandscape({ scale: 1, standardize: false, seed: 1 });
    expect(() => descend(l, { lr: -1, start: [0, 0], steps: 5 })).toThrow(/learning rate must be/);
    expect(() => descend(l, { lr: 0.1, start: [0, 0], steps: 1.5 })).toThrow(
      'steps must be an integer >= 0, got 1.5',
    );
  });
});

describe('stepsToConverge', () => {
  it('agrees with the engine over a long unstandardized run (mild scale, 0.9 × max stable lr)', () => {
    const l = makeLandscape({ scale: 10, standardize: false, seed: 3 });
    const lr = 0.9 * l.maxStableLr;
    const predicted = stepsToConverge(l, lr, [-2, 2]);
    expect(predicted).toBeGreaterThan(100);
    expect(descend(l, { lr, start: [-2, 2], steps: 5000 }).convergedAt).toBe(predicted);
  });

  it('0 when the start is already within tolerance; null beyond maxSteps', () => {
    const l = makeLandscape({ scale: 100, standardize: false, seed: 1 });
    expect(stepsToConverge(l, 1e-5, l.minimizer)).toBe(0);
    expect(stepsToConverge(l, 1e-6, [-2, 2], 1000)).toBeNull();
  });
});
