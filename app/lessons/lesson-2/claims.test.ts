// Lesson 2's claims, checked on the very runs the lesson page trains (LESSON_2: an 8-layer tanh
// MLP, normal init std 2, none vs BatchNorm on circles), for the default seed and two others, at
// the step where Play pauses. Every number is read the way the Diagnostics view shows it: the
// snapshot's per-layer gradient norm, saturated fraction and update-to-weight ratio, the train
// loss curve and the test accuracy. Set CLAIMS_VERBOSE=1 to print the measured numbers.

import { describe, expect, it } from 'vitest';
import { experimentData, type Observation } from '#engine';
import { buildModel, type Model, mlpSpec, normSpec, optimizerSpec } from '#engine/testing';
import { formatExperimentParams, parseExperimentParams } from '../../url/experiment-codec.ts';
import { gradientRatio } from '../gradient-ratio.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';
import { lessonSession, withSeed } from '../node-session.ts';
import { predictOutcome } from '../predict.ts';
import { LESSON_2_PREDICT } from './predict.ts';
import { LESSON_2, LESSON_2_STOP_AT, LESSON_2_TRY_SIGMOID, LESSON_2_TRY_XAVIER } from './preset.ts';

const SEEDS = [1, 2, 3] as const;
/** Training two runs to step 500 takes ~5 s on an idle core; generous for a loaded machine. */
const TIMEOUT_MS = 60_000;
/** Snapshots are taken every this many steps (the page's rounds vary; the values at a step do not). */
const ROUND = 10;
/** The gradient claims must hold at every snapshot of the last WINDOW steps, not at one lucky point. */
const WINDOW = 100;
/** The train loss is averaged over the last LOSS_TAIL steps (the chart's smoothed line is this level). */
const LOSS_TAIL = 50;
/** Chance-level cross-entropy for the two classes of the circles set. */
const CHANCE_LOSS = Math.log(2);

// Thresholds with their measured values for seeds 1 / 2 / 3 at step 500.
/** Without BN: ‖∇W_out‖ / ‖∇W_1‖ at least this (smallest in the window 1.2e4 / 1.2e6 / 2.2e5). */
const VANISHED_RATIO = 1e3;
/** With BN: the same ratio at most this (largest in the window 4.0 / 4.9 / 3.3). */
const HEALTHY_RATIO = 10;
/** Without BN: mean saturated share of the 8 hidden tanh layers (95 / 94 / 94 %). */
const SATURATED_MEAN = 0.85;
/** Without BN: every hidden layer at least this saturated (lowest layer 81 / 88 / 81 %). */
const SATURATED_EACH = 0.7;
/** With BN: mean saturated share at most this (5 / 4 / 3 %) and every layer at most SATURATED_BN_EACH (24 / 12 / 14 %). */
const SATURATED_BN_MEAN = 0.1;
const SATURATED_BN_EACH = 0.3;
/** Without BN: the first layer's update-to-weight ratio at most this (4e-9 / 0 / 0); with BN at least UPDATE_BN (1e-3 / 6e-4 / 1e-3). */
const UPDATE_FROZEN = 1e-6;
const UPDATE_BN = 1e-4;
/** Train loss over the last 50 steps: without BN at least this (0.709 / 0.722 / 0.726), with BN at most LOSS_BN (0.173 / 0.128 / 0.173). */
const LOSS_STALLED = 0.65;
const LOSS_BN = 0.25;
/** Test accuracy at step 500: without BN at most this (50.0 % each: one class everywhere), with BN at least ACC_BN (96.7 / 99.2 / 97.5 %). */
const ACC_STALLED = 0.6;
const ACC_BN = 0.9;

interface RunResult {
  /** Diagnostics of every snapshot in the last WINDOW steps, oldest first (the last one is at stopAt). */
  window: NonNullable<Observation['diagnostics']>[];
  /** Diagnostics after the first step. */
  first: NonNullable<Observation['diagnostics']>;
  /** Per tanh layer at the stop: units whose output has one sign for every sample of the last pass. */
  sameSign: number[];
  trainLoss: number;
  testAccuracy: number;
  msPerStep: number;
}

/** Trains the lesson's runs to `steps` as the page does and keeps what the views show. */
function train(experiment: LessonExperiment, steps: number): Record<'none' | 'batchnorm', RunResult> {
  const { session, ids } = lessonSession(experiment);
  const losses = new Map<string, number[]>(ids.map((id) => [id, []]));
  const window = new Map<string, RunResult['window']>(ids.map((id) => [id, []]));
  const tests = new Map<string, number>();
  const times = new Map<string, number[]>(ids.map((id) => [id, []]));
  const first = new Map<string, RunResult['first']>();
  while (session.runs[0].step < steps) {
    // One step first (the diagnostics after step 1), then rounds of ROUND that end on multiples of it.
    const step = session.runs[0].step;
    const { snapshots } = session.step(step === 0 ? 1 : Math.min(ROUND - (step % ROUND), steps - step));
    for (const s of snapshots) {
      losses.get(s.runId)?.push(...s.losses);
      times.get(s.runId)?.push(s.msPerStep);
      if (s.test) tests.set(s.runId, s.test.accuracy);
      const d = s.observation?.diagnostics;
      if (d && s.step > steps - WINDOW) window.get(s.runId)?.push(d);
      if (d && s.step === 1) first.set(s.runId, d);
    }
  }
  const result = (norm: 'none' | 'batchnorm'): RunResult => {
    const id = `norm=${norm}`;
    const tail = (losses.get(id) ?? []).slice(-LOSS_TAIL);
    const ms = [...(times.get(id) ?? [])].sort((a, b) => a - b);
    expect(session.run(id).diverged).toBe(false);
    expect(tests.has(id)).toBe(true);
    const firstDiagnostics = first.get(id);
    if (!firstDiagnostics) throw new Error(`no diagnostics after step 1 for ${id}`);
    return {
      window: window.get(id) ?? [],
      first: firstDiagnostics,
      sameSign: sameSignUnits(session.run(id).model),
      trainLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
      testAccuracy: tests.get(id) ?? Number.NaN,
      msPerStep: ms[ms.length >> 1] ?? 0,
    };
  };
  return { none: result('none'), batchnorm: result('batchnorm') };
}

type Diagnostics = RunResult['window'][number];

/** Per tanh layer: units whose output has the same sign for every sample of the model's last forward pass. */
function sameSignUnits(model: Model): number[] {
  const n = model.lastBatchSize;
  const counts: number[] = [];
  model.layers.forEach((layer, i) => {
    if (layer.kind !== 'tanh') return;
    const units = layer.outShape[0];
    const y = model.layerOutputs[i];
    let count = 0;
    for (let u = 0; u < units; u++) {
      let positive = 0;
      for (let k = 0; k < n; k++) if (y[k * units + u] > 0) positive++;
      if (positive === 0 || positive === n) count++;
    }
    counts.push(count);
  });
  return counts;
}

/** Saturated shares of the hidden layers (the output layer has no activation, the view omits it). */
function hiddenSaturation(d: Diagnostics): number[] {
  return Array.from(d.saturated.subarray(0, d.saturated.length - 1));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const atStop = (r: RunResult) => r.window[r.window.length - 1];

const cache = new Map<string, Record<'none' | 'batchnorm', RunResult>>();
function trained(name: string, experiment: LessonExperiment, seed: number) {
  const key = `${name}:${seed}`;
  let result = cache.get(key);
  if (!result) {
    result = train(withSeed(experiment, seed), LESSON_2_STOP_AT);
    cache.set(key, result);
    if (process.env.CLAIMS_VERBOSE) report(key, result);
  }
  return result;
}

/** The predict-then-run exercise `id`'s outcome for a measured value (the page's rule). */
function outcome(id: string, value: number): { got: number; expected: number } {
  const exercise = LESSON_2_PREDICT.find((e) => e.id === id);
  if (!exercise) throw new Error(`no exercise ${id}`);
  return { got: predictOutcome(exercise, value), expected: exercise.expected };
}

function report(key: string, result: Record<'none' | 'batchnorm', RunResult>): void {
  for (const [norm, r] of Object.entries(result)) {
    const ratios = r.window.map(gradientRatio);
    const sat = hiddenSaturation(atStop(r));
    console.log(
      `${key} ${norm}: ratio@stop ${gradientRatio(atStop(r)).toExponential(2)} window [${Math.min(...ratios).toExponential(2)}, ${Math.max(...ratios).toExponential(2)}]` +
        ` sat mean ${(mean(sat) * 100).toFixed(1)}% min ${(Math.min(...sat) * 100).toFixed(1)}% max ${(Math.max(...sat) * 100).toFixed(1)}%` +
        ` update1 ${atStop(r).updateRatio[0].toExponential(1)} loss ${r.trainLoss.toFixed(3)} acc ${(r.testAccuracy * 100).toFixed(1)}% ms/step ${r.msPerStep.toFixed(2)}`,
    );
  }
}

describe('lesson 2: a deep tanh net with large init, without and with BatchNorm (step 500)', () => {
  it('pauses at the step the claims are checked at', () => {
    expect(LESSON_2.stopAt).toBe(LESSON_2_STOP_AT);
    expect(LESSON_2.comparison).toEqual({ knob: 'norm', values: ['none', 'batchnorm'] });
  });

  it.each([
    ['LESSON_2', LESSON_2],
    ['LESSON_2_TRY_XAVIER', LESSON_2_TRY_XAVIER],
    ['LESSON_2_TRY_SIGMOID', LESSON_2_TRY_SIGMOID],
  ])('%s is a valid link: it round-trips the URL codec without issues', (_, experiment) => {
    const parsed = parseExperimentParams(formatExperimentParams(experiment));
    expect(parsed.issues).toEqual([]);
    expect(parsed.config).toEqual(experiment.config);
    expect(parsed.comparison).toEqual(experiment.comparison);
    expect(parsed.sweep).toEqual(experiment.sweep);
  });

  describe.each(SEEDS)('seed %i', (seed) => {
    it(
      `[l2-vanished] [l2-healthy] without BN the first layer's gradient is ≥ ${VANISHED_RATIO}× smaller than the output layer's; with BN within ${HEALTHY_RATIO}×`,
      () => {
        const { none, batchnorm } = trained('main', LESSON_2, seed);
        expect(none.window.length).toBe(WINDOW / ROUND);
        for (const d of none.window) expect(gradientRatio(d)).toBeGreaterThanOrEqual(VANISHED_RATIO);
        for (const d of batchnorm.window) {
          expect(gradientRatio(d)).toBeLessThanOrEqual(HEALTHY_RATIO);
          expect(gradientRatio(d)).toBeGreaterThanOrEqual(1 / HEALTHY_RATIO);
          // All layers, not only the first and the last: within one power of ten of each other (≤ 5.3 measured).
          const norms = Array.from(d.gradNorm);
          expect(Math.max(...norms) / Math.min(...norms)).toBeLessThanOrEqual(HEALTHY_RATIO);
        }
      },
      TIMEOUT_MS,
    );

    it(`[l2-saturated] without BN ≥ ${SATURATED_MEAN * 100} % of hidden units are saturated (each layer ≥ ${SATURATED_EACH * 100} %); with BN ≤ ${SATURATED_BN_MEAN * 100} %`, () => {
      const { none, batchnorm } = trained('main', LESSON_2, seed);
      const plain = hiddenSaturation(atStop(none));
      expect(plain).toHaveLength(LESSON_2.config.depth);
      expect(mean(plain)).toBeGreaterThanOrEqual(SATURATED_MEAN);
      for (const s of plain) expect(s).toBeGreaterThanOrEqual(SATURATED_EACH);
      const normalized = hiddenSaturation(atStop(batchnorm));
      expect(mean(normalized)).toBeLessThanOrEqual(SATURATED_BN_MEAN);
      for (const s of normalized) expect(s).toBeLessThanOrEqual(SATURATED_BN_EACH);
    });

    it(`[l2-frozen] without BN the first layer's weights are frozen (update ratio ≤ ${UPDATE_FROZEN}); with BN they move (≥ ${UPDATE_BN})`, () => {
      const { none, batchnorm } = trained('main', LESSON_2, seed);
      expect(atStop(none).updateRatio[0]).toBeLessThanOrEqual(UPDATE_FROZEN);
      expect(atStop(batchnorm).updateRatio[0]).toBeGreaterThanOrEqual(UPDATE_BN);
    });

    it('[l2-saturated-early] after the first step without BN: layer 1 is 6–10 % saturated, layers 2–8 56–87 %', () => {
      const { none } = trained('main', LESSON_2, seed);
      const early = hiddenSaturation(none.first);
      expect(early[0]).toBeGreaterThanOrEqual(0.05);
      expect(early[0]).toBeLessThanOrEqual(0.11);
      for (const s of early.slice(1)) {
        expect(s).toBeGreaterThanOrEqual(0.55);
        expect(s).toBeLessThanOrEqual(0.88);
      }
    });

    it('[l2-same-sign] without BN, at the stop, 13 to 16 of the 16 units of every tanh layer give one sign for every input', () => {
      const { none } = trained('main', LESSON_2, seed);
      expect(none.sameSign).toHaveLength(LESSON_2.config.depth);
      for (const count of none.sameSign) expect(count).toBeGreaterThanOrEqual(13);
    });

    it(`[l2-stalled] without BN the loss stalls at chance (≥ ${LOSS_STALLED}, accuracy ≤ ${ACC_STALLED * 100} %); with BN it is ≤ ${LOSS_BN} (accuracy ≥ ${ACC_BN * 100} %)`, () => {
      const { none, batchnorm } = trained('main', LESSON_2, seed);
      expect(LOSS_STALLED).toBeLessThan(CHANCE_LOSS);
      expect(none.trainLoss).toBeGreaterThanOrEqual(LOSS_STALLED);
      expect(none.testAccuracy).toBeLessThanOrEqual(ACC_STALLED);
      expect(batchnorm.trainLoss).toBeLessThanOrEqual(LOSS_BN);
      expect(batchnorm.testAccuracy).toBeGreaterThanOrEqual(ACC_BN);
      // The predict-then-run exercise on the plain run's accuracy comes out as it expects.
      const plain = outcome('plain-accuracy', none.testAccuracy);
      expect(plain.got).toBe(plain.expected);
    });
  });
});

// Try-this prompts: one knob changed, what the reader should see instead.
describe('lesson 2, try this: Xavier init instead of std 2 (step 500)', () => {
  /** Plain net with Xavier: train loss 0.094 / 0.062 / 0.103, accuracy 98.3 / 99.2 / 97.5 %, mean saturation 9 / 12 / 9 %. */
  const LOSS_XAVIER = 0.2;
  const ACC_XAVIER = 0.95;
  const SATURATED_XAVIER = 0.25;

  it.each(SEEDS)(
    '[l2-xavier] seed %i: the plain net trains too, with few saturated units and no vanishing',
    (seed) => {
      const { none } = trained('xavier', LESSON_2_TRY_XAVIER, seed);
      expect(none.trainLoss).toBeLessThanOrEqual(LOSS_XAVIER);
      expect(none.testAccuracy).toBeGreaterThanOrEqual(ACC_XAVIER);
      expect(mean(hiddenSaturation(atStop(none)))).toBeLessThanOrEqual(SATURATED_XAVIER);
      expect(gradientRatio(atStop(none))).toBeLessThanOrEqual(HEALTHY_RATIO);
      const xavier = outcome('xavier-accuracy', none.testAccuracy);
      expect(xavier.got).toBe(xavier.expected);
    },
    TIMEOUT_MS,
  );
});

describe('lesson 2, try this: sigmoid with Xavier init (step 500)', () => {
  /** Plain sigmoid net: no unit saturated (0 %), yet ratio 5e4 / 1.3e5 / 3e5 and loss 0.700 / 0.694 / 0.698. */
  const SATURATED_NONE = 0.01;

  it.each(SEEDS)(
    '[l2-sigmoid] seed %i: no saturation, yet the gradients vanish and the loss stalls; BN trains',
    (seed) => {
      const { none, batchnorm } = trained('sigmoid', LESSON_2_TRY_SIGMOID, seed);
      for (const s of hiddenSaturation(atStop(none))) expect(s).toBeLessThanOrEqual(SATURATED_NONE);
      for (const d of none.window) expect(gradientRatio(d)).toBeGreaterThanOrEqual(VANISHED_RATIO);
      expect(none.trainLoss).toBeGreaterThanOrEqual(LOSS_STALLED);
      expect(none.testAccuracy).toBeLessThanOrEqual(ACC_STALLED);
      expect(batchnorm.trainLoss).toBeLessThanOrEqual(LOSS_BN);
    },
    TIMEOUT_MS,
  );
});

describe('lesson 2, beyond this depth: BN without skip connections at initialization (Yang et al. 2019)', () => {
  /** Measured ‖∇W_first‖ / ‖∇W_out‖, seeds 1 / 2 / 3: depth 8 0.98 / 7.6 / 7.9; 32: 235 / 1,020 / 1,110; 64: 1.3e5 / 2.2e5 / 1.3e6. */
  it.each(SEEDS)(
    '[l2-deep-bn] seed %i: in a BN-ReLU MLP 64 wide, the first layer’s gradient over the output layer’s grows with depth',
    (seed) => {
      const config = {
        ...LESSON_2.config,
        seed,
        width: 64,
        activation: 'relu' as const,
        norm: 'batchnorm' as const,
        init: 'kaiming' as const,
      };
      const { train } = experimentData(config, null);
      const n = LESSON_2.config.batchSize;
      const ratio = (depth: number) => {
        const model = buildModel(
          mlpSpec({
            input: [2],
            classes: 2,
            hidden: Array(depth).fill(config.width),
            activation: 'relu',
            norm: normSpec(config),
            placement: 'before',
            dropout: 0,
            optimizer: optimizerSpec(config),
            init: { type: 'kaiming' },
            seed,
          }),
        );
        model.computeGradients(train.x.subarray(0, n * 2), train.y.subarray(0, n), n);
        const norms = model.layers
          .filter((l) => l.kind === 'dense')
          .map((l) => Math.hypot(...l.params()[0].grad));
        return norms[0] / norms[norms.length - 1];
      };
      const [r8, r32, r64] = [8, 32, 64].map(ratio);
      if (process.env.CLAIMS_VERBOSE)
        console.log(
          `lesson 2 deep BN, seed ${seed}: first/output gradient ${r8.toExponential(2)} (8), ${r32.toExponential(2)} (32), ${r64.toExponential(2)} (64)`,
        );
      expect(r8).toBeGreaterThanOrEqual(0.5);
      expect(r8).toBeLessThanOrEqual(10);
      expect(r32).toBeGreaterThanOrEqual(150);
      expect(r32).toBeLessThanOrEqual(2000);
      expect(r64).toBeGreaterThanOrEqual(1e5);
    },
  );
});
