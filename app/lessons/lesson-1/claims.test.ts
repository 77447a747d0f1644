// Lesson 1's claims, checked on the lesson's own presets for the default seed 1 and seeds 2, 3.
// Every path here is trained by the engine (Dense + MSE + SGD, full batch), the code the view runs.
//
// Measured (seed 1 / 2 / 3), scale 100, start (-2, 2), "converged" = loss within 1 % of its minimum:
//   largest stable lr 2/λmax: unstandardized 1.0e-4 (all seeds); standardized 0.997 / 0.932 / 0.957
//   condition number: unstandardized 10,000 / 10,053 / 10,020; standardized 1.006 / 1.157 / 1.093
//   steps at 0.9 x own max stable lr: unstandardized 24,123 / 24,491 / 24,528, standardized 21 / 21 / 21
//     ->  1,149x / 1,166x / 1,168x fewer
//   lr 0.1: unstandardized diverges at step 1; standardized converges at step 21 / 20 / 20
//   lr 1.2e-4 (LESSON_1_JUST_TOO_FAST): unstandardized diverges at step 21 (all seeds); standardized
//     is stable (converges after 19,010 / 18,101 / 18,577 steps)
//   default lr 9e-5: unstandardized 24,123 / 24,491 / 24,528 steps, standardized 25,348 / 24,135 / 24,771
//   scale 5, lr 0.036 (LESSON_1_MILD_SCALE): converges at step 59 / 59 / 60

import { describe, expect, it } from 'vitest';
import { DIVERGED_FACTOR, descend, type LandscapeOptions, makeLandscape, stepsToConverge } from '#engine';
import { predictOutcome } from '../predict.ts';
import { LESSON_1_PREDICT } from './predict.ts';
import {
  LESSON_1_JUST_TOO_FAST,
  LESSON_1_LANDSCAPE,
  LESSON_1_MILD_SCALE,
  LESSON_1_RAW_FAST,
  LESSON_1_RAW_LIMIT,
  LESSON_1_STANDARDIZED,
  LESSON_1_STANDARDIZED_FAST,
} from './preset.ts';

const SEEDS = [1, 2, 3];
/** Each setting runs at this fraction of its own largest stable learning rate (2 / λmax). */
const LR_FRACTION = 0.9;
/** The lesson says "hundreds of times fewer steps"; measured > 1,000x, checked with 2x margin. */
const MIN_SPEEDUP = 500;

function run(options: LandscapeOptions) {
  const landscape = makeLandscape(options);
  return { landscape, path: descend(landscape, options) };
}

/** Largest distance of a path point from the straight line start -> minimum, relative to its length. */
function bend(points: { w1: number; w2: number }[], end: readonly [number, number]): number {
  const { w1: a, w2: b } = points[0];
  const dx = end[0] - a;
  const dy = end[1] - b;
  const length = Math.hypot(dx, dy);
  return Math.max(...points.map((p) => Math.abs((p.w1 - a) * dy - (p.w2 - b) * dx) / length)) / length;
}

describe.each(SEEDS)('lesson 1 claims, seed %i', (seed) => {
  const withSeed = (o: LandscapeOptions): LandscapeOptions => ({ ...o, seed });

  it('[l1-condition] feature 2 at 100x the scale makes the valley ~10,000x steeper across than along (κ ≈ scale²)', () => {
    const raw = makeLandscape(withSeed(LESSON_1_LANDSCAPE));
    const std = makeLandscape(withSeed(LESSON_1_STANDARDIZED));
    expect(raw.conditionNumber).toBeGreaterThan(9000);
    expect(std.conditionNumber).toBeLessThan(1.5);
  });

  it('[l1-speedup] (a) standardized, gradient descent reaches the minimum >500x faster (each at 0.9x its own max stable lr)', () => {
    const raw = makeLandscape(withSeed(LESSON_1_LANDSCAPE));
    const std = makeLandscape(withSeed(LESSON_1_STANDARDIZED));
    const { start } = LESSON_1_LANDSCAPE;
    const stdSteps = stepsToConverge(std, LR_FRACTION * std.maxStableLr, start);
    const rawSteps = stepsToConverge(raw, LR_FRACTION * raw.maxStableLr, start);
    expect(stdSteps).not.toBeNull();
    expect(rawSteps).not.toBeNull();
    expect(stdSteps).toBeLessThanOrEqual(30);
    expect(rawSteps).toBeGreaterThanOrEqual(MIN_SPEEDUP * (stdSteps ?? 0));
    // The counts are the engine's, not just the formula's: train both until they converge.
    const stdPath = descend(std, { lr: LR_FRACTION * std.maxStableLr, start, steps: 100 });
    expect(stdPath.convergedAt).toBe(stdSteps);
    const rawPath = descend(raw, { lr: LR_FRACTION * raw.maxStableLr, start, steps: 40_000 });
    expect(rawPath.divergedAt).toBeNull();
    expect(rawPath.convergedAt).toBe(rawSteps);
  });

  it('[l1-fast-raw] [l1-fast-std] (b) lr 0.1 diverges unstandardized (at step 1) and converges standardized within 25 steps', () => {
    const raw = run(withSeed(LESSON_1_RAW_FAST));
    expect(raw.path.divergedAt).toBe(1);
    const std = run(withSeed(LESSON_1_STANDARDIZED_FAST));
    expect(std.path.divergedAt).toBeNull();
    expect(std.path.convergedAt).not.toBeNull();
    expect(std.path.convergedAt).toBeLessThanOrEqual(25);
    expect(LESSON_1_RAW_FAST.lr).toBeGreaterThan(100 * raw.landscape.maxStableLr);
    expect(LESSON_1_STANDARDIZED_FAST.lr).toBeLessThan(0.2 * std.landscape.maxStableLr);
  });

  it('[l1-limit] [l1-just-too-fast] (b′) just above the unstandardized limit, the zig-zag grows and diverges; standardized it is stable', () => {
    const raw = run(withSeed(LESSON_1_JUST_TOO_FAST));
    expect(raw.path.divergedAt).not.toBeNull();
    expect(raw.path.divergedAt).toBeGreaterThan(10);
    expect(raw.path.divergedAt).toBeLessThan(40);
    const std = run(withSeed({ ...LESSON_1_JUST_TOO_FAST, standardize: true }));
    expect(std.path.divergedAt).toBeNull();
    // Stable: the loss only falls.
    const losses = std.path.points.map((p) => p.loss);
    expect(losses.every((v, i) => i === 0 || v < losses[i - 1])).toBe(true);
  });

  it('default: the path zig-zags across the valley (w₂ − w₂* flips sign each step for 20 steps) and is still far off after 200', () => {
    const { landscape, path } = run(withSeed(LESSON_1_LANDSCAPE));
    expect(path.divergedAt).toBeNull();
    expect(path.convergedAt).toBeNull();
    expect(path.points.length).toBe(LESSON_1_LANDSCAPE.steps + 1);
    const side = path.points.slice(0, 21).map((p) => Math.sign(p.w2 - landscape.minimizer[1]));
    for (let k = 1; k < side.length; k++) expect(side[k]).toBe(-side[k - 1]);
    expect(bend(path.points, landscape.minimizer)).toBeGreaterThan(0.5);
    // Along the valley w₁ has covered under 10 % of the way to the minimum.
    const last = path.points[path.points.length - 1];
    const start = LESSON_1_LANDSCAPE.start[0];
    expect((last.w1 - start) / (landscape.minimizer[0] - start)).toBeLessThan(0.1);
    expect(last.loss).toBeGreaterThan(10 * landscape.minLoss);
  });

  it('[l1-straight] standardized, the path goes straight to the minimum (within 2 % of the straight line)', () => {
    for (const options of [LESSON_1_STANDARDIZED, LESSON_1_STANDARDIZED_FAST]) {
      const { landscape, path } = run(withSeed(options));
      expect(bend(path.points, landscape.minimizer)).toBeLessThan(0.02);
    }
  });

  it('[l1-same-lr] standardizing alone, at the same tiny lr, does not speed it up: the larger lr it allows does', () => {
    const raw = makeLandscape(withSeed(LESSON_1_LANDSCAPE));
    const std = makeLandscape(withSeed(LESSON_1_STANDARDIZED));
    const { lr, start } = LESSON_1_LANDSCAPE;
    const rawSteps = stepsToConverge(raw, lr, start) ?? 0;
    const stdSteps = stepsToConverge(std, lr, start) ?? 0;
    expect(stdSteps).toBeGreaterThan(0.5 * rawSteps);
    expect(stdSteps).toBeLessThan(2 * rawSteps);
  });

  it('[l1-mild] features only 5x apart: the zig-zag still makes progress and converges within 100 steps', () => {
    const { path } = run(withSeed(LESSON_1_MILD_SCALE));
    expect(path.divergedAt).toBeNull();
    expect(path.convergedAt).not.toBeNull();
    expect(path.convergedAt).toBeLessThanOrEqual(100);
  });

  it('[l1-default] the default rate is 90 % of the largest stable one, and at it the raw path needs over 24,000 steps', () => {
    const raw = makeLandscape(withSeed(LESSON_1_LANDSCAPE));
    expect(LESSON_1_LANDSCAPE.lr / raw.maxStableLr).toBeGreaterThan(0.85);
    expect(LESSON_1_LANDSCAPE.lr / raw.maxStableLr).toBeLessThan(0.95);
    expect(stepsToConverge(raw, LESSON_1_LANDSCAPE.lr, LESSON_1_LANDSCAPE.start)).toBeGreaterThan(24_000);
  });

  it('[l1-std-limit] standardized, the largest stable rate is about 10,000x the raw one', () => {
    const raw = makeLandscape(withSeed(LESSON_1_LANDSCAPE));
    const std = makeLandscape(withSeed(LESSON_1_STANDARDIZED));
    const ratio = std.maxStableLr / raw.maxStableLr;
    expect(ratio).toBeGreaterThan(8000);
    expect(ratio).toBeLessThan(12_000);
  });

  it('[l1-independent] the features are nearly uncorrelated, so standardizing rounds the surface; correlated (ρ = 0.9) standardized features would stay stretched (κ ≈ 19)', () => {
    const std = makeLandscape(withSeed(LESSON_1_STANDARDIZED));
    const { x, n } = std;
    const column = (j: number) => Float64Array.from({ length: n }, (_, i) => x[i * 2 + j]);
    const correlation = (a: Float64Array, b: Float64Array) => {
      const mean = (v: Float64Array) => v.reduce((s, y) => s + y, 0) / v.length;
      const [ma, mb] = [mean(a), mean(b)];
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let i = 0; i < a.length; i++) {
        ab += (a[i] - ma) * (b[i] - mb);
        aa += (a[i] - ma) ** 2;
        bb += (b[i] - mb) ** 2;
      }
      return ab / Math.sqrt(aa * bb);
    };
    const [x1, x2] = [column(0), column(1)];
    expect(Math.abs(correlation(x1, x2))).toBeLessThan(0.2);
    // Mix in the first feature: still unit variance each (standardized), now correlated 0.9.
    const rho = 0.9;
    const mixed = x2.map((v, i) => rho * x1[i] + Math.sqrt(1 - rho * rho) * v);
    const r = correlation(x1, mixed);
    // The Hessian of the MSE over two standardized features is 2·[[1, r], [r, 1]]: κ = (1 + r) / (1 − r).
    expect((1 + r) / (1 - r)).toBeGreaterThan(10);
    expect(std.conditionNumber).toBeLessThan(1.5);
  });
});

describe.each(SEEDS)('lesson 1 predict-then-run exercises, seed %i', (seed) => {
  const exercise = (id: string) => {
    const found = LESSON_1_PREDICT.find((e) => e.id === id);
    if (!found) throw new Error(`no exercise ${id}`);
    return found;
  };

  it('[l1-same-lr] standardized at the raw rate 9.0e−5: over 24,000 steps, within 2× of the raw path, the highest range', () => {
    const e = exercise('standardize-same-lr');
    const setup = { ...e.setup, seed };
    expect(setup.standardize).toBe(true);
    expect(setup.lr).toBe(LESSON_1_LANDSCAPE.lr);
    const measured = e.measure(setup);
    if (measured === null) throw new Error('no step count');
    expect(predictOutcome(e, measured)).toBe(e.expected);
    expect(measured).toBeGreaterThan(24_000);
    const raw = stepsToConverge(
      makeLandscape({ ...LESSON_1_LANDSCAPE, seed }),
      LESSON_1_LANDSCAPE.lr,
      setup.start,
    );
    expect(measured).toBeGreaterThan(0.5 * (raw ?? 0));
    expect(measured).toBeLessThan(2 * (raw ?? 0));
  });

  it('[l1-just-too-fast] [l1-overshoot] 20 % above 2/λmax = 1.0e−4: the steep error grows 1.4× a step and the path diverges near step 20, the lowest range', () => {
    const e = exercise('just-too-fast');
    const setup = { ...e.setup, seed };
    const landscape = makeLandscape(setup);
    // "2/λmax is 1.0e−4", "20 % higher".
    expect(landscape.maxStableLr).toBeCloseTo(LESSON_1_RAW_LIMIT, 6);
    expect(setup.lr / landscape.maxStableLr).toBeGreaterThan(1.15);
    expect(setup.lr / landscape.maxStableLr).toBeLessThan(1.25);
    // The factor on the steep direction's error each step: |1 − η λmax|.
    const factor = Math.abs(1 - setup.lr * landscape.hessianEigenvalues[1]);
    expect(factor).toBeGreaterThan(1.35);
    expect(factor).toBeLessThan(1.45);
    const measured = e.measure(setup);
    if (measured === null) throw new Error('no step');
    expect(predictOutcome(e, measured)).toBe(e.expected);
    // "after about 20 steps the loss is a million times where it started": the widget's divergence rule.
    expect(DIVERGED_FACTOR).toBe(1e6);
    expect(measured).toBe(descend(landscape, setup).divergedAt);
    expect(measured).toBeGreaterThanOrEqual(18);
    expect(measured).toBeLessThanOrEqual(24);
  });
});
