// Lesson 8's claims, on the very runs the lesson page trains (LESSON_8: a 32-hidden-layer BN-ReLU MLP
// on the spiral as a plain stack, with post-activation and with pre-activation residual blocks; the
// try-this runs on a 784-32-32-10 MNIST MLP), for the default seed and two others, read the way the
// page shows them: the first snapshot's per-layer gradient norms (the Diagnostics view), the train
// loss curve and the run table's test accuracy. Set CLAIMS_VERBOSE=1 to print the measured numbers.

import { describe, expect, it } from 'vitest';
import { experimentData, type LayerSpec } from '#engine';
import { buildModel, experimentSpec } from '#engine/testing';
import { loadMnist } from '#engine/testing/node';
import { formatExperimentParams, parseExperimentParams } from '../../url/experiment-codec.ts';
import { type Diagnostics, gradientRatio } from '../gradient-ratio.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';
import { lessonSession, withSeed } from '../node-session.ts';
import { measureRuns, type PredictExercise, predictOutcome } from '../predict.ts';
import { LESSON_8_PREDICT } from './predict.ts';
import {
  LESSON_8_CLAIMS as CLAIM,
  LESSON_8,
  LESSON_8_LOGITS,
  LESSON_8_MNIST_STOP_AT,
  LESSON_8_PLACEMENT,
  LESSON_8_STOP_AT,
} from './preset.ts';

const SEEDS = [1, 2, 3] as const;
/** Three depth-32 runs to step 600 take ~7 s on an idle core; generous for a loaded machine. */
const TIMEOUT_MS = 120_000;
/** The train loss is averaged over the last LOSS_TAIL steps (the level of the chart's smoothed line). */
const LOSS_TAIL = 50;
const ROUND = 25;

interface RunResult {
  /** Diagnostics after the first step: the gradients of the initial weights. */
  first: Diagnostics;
  trainLoss: number;
  testAccuracy: number;
}

/** Trains the experiment's runs to `steps` as the page does; per run id what the views show. */
function train(experiment: LessonExperiment, steps: number): Map<string, RunResult> {
  const { session, ids } = lessonSession(experiment);
  const losses = new Map<string, number[]>(ids.map((id) => [id, []]));
  const tests = new Map<string, number>();
  const first = new Map<string, Diagnostics>();
  while (session.runs[0].step < steps) {
    const step = session.runs[0].step;
    const { snapshots } = session.step(step === 0 ? 1 : Math.min(ROUND - (step % ROUND), steps - step));
    for (const s of snapshots) {
      losses.get(s.runId)?.push(...s.losses);
      if (s.test) tests.set(s.runId, s.test.accuracy);
      const d = s.observation?.diagnostics;
      if (d && s.step === 1) first.set(s.runId, d);
    }
  }
  const out = new Map<string, RunResult>();
  for (const id of ids) {
    expect(session.run(id).diverged).toBe(false);
    expect(session.run(id).step).toBe(steps);
    const d = first.get(id);
    if (!d) throw new Error(`no diagnostics after step 1 for ${id}`);
    const tail = (losses.get(id) ?? []).slice(-LOSS_TAIL);
    out.set(id, {
      first: d,
      trainLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
      testAccuracy: tests.get(id) ?? Number.NaN,
    });
  }
  return out;
}

const cache = new Map<string, Map<string, RunResult>>();
function trained(name: string, experiment: LessonExperiment, steps: number, seed: number) {
  const key = `${name}:${seed}`;
  let result = cache.get(key);
  if (!result) {
    result = train(withSeed(experiment, seed), steps);
    cache.set(key, result);
    if (process.env.CLAIMS_VERBOSE) {
      for (const [id, r] of result)
        console.log(
          `${key} ${id}: first/out ${(1 / gradientRatio(r.first)).toFixed(2)} loss ${r.trainLoss.toFixed(3)} acc ${(100 * r.testAccuracy).toFixed(1)} %`,
        );
    }
  }
  return result;
}

function get(runs: Map<string, RunResult>, id: string): RunResult {
  const r = runs.get(id);
  if (!r) throw new Error(`no run ${id}; have ${[...runs.keys()].join(', ')}`);
  return r;
}

/** A predict-then-run exercise's value from the test accuracies the run table shows at its checkpoint. */
function measured(runs: Map<string, RunResult>, exercise: PredictExercise): number {
  const step = exercise.experiment.stopAt;
  const table = [...runs].map(([id, r]) => ({ id, test: { step, accuracy: r.testAccuracy } }));
  const value = measureRuns(exercise.measure, table, step);
  if (value === null) throw new Error(`${exercise.id}: nothing measured`);
  return value;
}

const exercise = (id: string): PredictExercise => {
  const e = LESSON_8_PREDICT.find((x) => x.id === id);
  if (!e) throw new Error(`no exercise ${id}`);
  return e;
};

const deep = (seed: number) => trained('deep', LESSON_8, LESSON_8_STOP_AT, seed);
/** ‖∇W₁‖ / ‖∇W_out‖ at init: above 1 the first layer's gradient is the larger. */
const initRatio = (r: RunResult) => 1 / gradientRatio(r.first);

describe('lesson 8: where BatchNorm goes and how deep it can go', () => {
  it('pauses where the claims are checked; every preset is a valid link (round trip, no issues)', () => {
    expect(LESSON_8.stopAt).toBe(LESSON_8_STOP_AT);
    expect(LESSON_8_PLACEMENT.stopAt).toBe(LESSON_8_MNIST_STOP_AT);
    expect(LESSON_8_LOGITS.stopAt).toBe(LESSON_8_MNIST_STOP_AT);
    for (const experiment of [LESSON_8, LESSON_8_PLACEMENT, LESSON_8_LOGITS]) {
      const parsed = parseExperimentParams(formatExperimentParams(experiment));
      expect(parsed.issues).toEqual([]);
      expect(parsed.config).toEqual(experiment.config);
      expect(parsed.comparison).toEqual(experiment.comparison);
    }
  });

  describe.each(SEEDS)('seed %i', (seed) => {
    it(
      `[l8-init] at depth 32, the plain BN-ReLU stack's first-layer gradient is ≥ ${CLAIM.plainInitRatio}× the output layer's at init; with residual blocks (post or pre) ≤ ${CLAIM.residualInitRatio}×`,
      () => {
        const runs = deep(seed);
        const plain = get(runs, 'residual=none');
        expect(plain.first.gradNorm).toHaveLength(LESSON_8.config.depth + 1);
        expect(initRatio(plain)).toBeGreaterThanOrEqual(CLAIM.plainInitRatio);
        // Exploding towards the input: every hidden layer's gradient is above the output layer's.
        for (const id of ['residual=post', 'residual=pre']) {
          expect(initRatio(get(runs, id))).toBeLessThanOrEqual(CLAIM.residualInitRatio);
        }
      },
      TIMEOUT_MS,
    );

    it(
      `[l8-deep] at step ${LESSON_8_STOP_AT} the pre-activation stack's train loss is ≥ ${CLAIM.preLossGain} below the plain stack's; post-activation lies between; test accuracy plain ≤ ${CLAIM.plainAccuracy * 100} %, pre ≥ ${CLAIM.preAccuracy * 100} %`,
      () => {
        const runs = deep(seed);
        const plain = get(runs, 'residual=none');
        const post = get(runs, 'residual=post');
        const pre = get(runs, 'residual=pre');
        expect(pre.trainLoss).toBeLessThanOrEqual(plain.trainLoss - CLAIM.preLossGain);
        expect(post.trainLoss).toBeLessThanOrEqual(plain.trainLoss - CLAIM.stepLossGain);
        expect(pre.trainLoss).toBeLessThanOrEqual(post.trainLoss - CLAIM.stepLossGain);
        expect(plain.testAccuracy).toBeLessThanOrEqual(CLAIM.plainAccuracy);
        expect(pre.testAccuracy).toBeGreaterThanOrEqual(CLAIM.preAccuracy);
        // The predict-then-run exercise on the residual stack's lead comes out as it expects.
        const lead = exercise('deep-residual');
        expect(lead.experiment.stopAt).toBe(LESSON_8_STOP_AT);
        expect(predictOutcome(lead, measured(runs, lead))).toBe(lead.expected);
      },
      TIMEOUT_MS,
    );

    it(
      `[l8-placement] on the MNIST MLP at step ${LESSON_8_MNIST_STOP_AT}, BN before and after the ReLU end within ${CLAIM.placementGap * 100} points of test accuracy`,
      () => {
        const runs = trained('placement', LESSON_8_PLACEMENT, LESSON_8_MNIST_STOP_AT, seed);
        const before = get(runs, 'placement=before').testAccuracy;
        const after = get(runs, 'placement=after').testAccuracy;
        expect(Math.abs(before - after)).toBeLessThanOrEqual(CLAIM.placementGap);
        const placement = exercise('placement');
        expect(placement.experiment.stopAt).toBe(LESSON_8_MNIST_STOP_AT);
        expect(predictOutcome(placement, measured(runs, placement))).toBe(placement.expected);
      },
      TIMEOUT_MS,
    );

    it(
      `[l8-logits] BN on the logits: test accuracy within ${CLAIM.logitsAccuracyLoss * 100} points of (or above) plain logits, train loss ≥ ${CLAIM.logitsLossRatio}× higher`,
      () => {
        const runs = trained('logits', LESSON_8_LOGITS, LESSON_8_MNIST_STOP_AT, seed);
        const off = get(runs, 'normLogits=off');
        const on = get(runs, 'normLogits=on');
        expect(on.testAccuracy).toBeGreaterThanOrEqual(off.testAccuracy - CLAIM.logitsAccuracyLoss);
        expect(on.trainLoss).toBeGreaterThanOrEqual(off.trainLoss * CLAIM.logitsLossRatio);
      },
      TIMEOUT_MS,
    );

    it(
      `[l8-placement] which placement is ahead at step ${LESSON_8_MNIST_STOP_AT} depends on the seed: after on seed 1, before on seeds 2 and 3`,
      () => {
        const runs = trained('placement', LESSON_8_PLACEMENT, LESSON_8_MNIST_STOP_AT, seed);
        const gap = get(runs, 'placement=before').testAccuracy - get(runs, 'placement=after').testAccuracy;
        if (seed === 1) expect(gap).toBeLessThan(0);
        else expect(gap).toBeGreaterThan(0);
      },
      TIMEOUT_MS,
    );

    it(`[l8-bias] a dense layer's bias right before BN gets a gradient ≤ ${CLAIM.biasGradRatio} of its weights' (float32 rounding), and moving it changes nothing`, () => {
      // The placement prompt's network with the bias put back into every dense layer BN follows.
      const config = { ...LESSON_8_PLACEMENT.config, seed };
      const data = experimentData(config, loadMnist());
      const spec = experimentSpec(config, [...data.inputShape], data.classes);
      const layers: LayerSpec[] = spec.layers.map((l) => (l.type === 'dense' ? { ...l, bias: true } : l));
      const model = buildModel({ ...spec, layers });
      const n = config.batchSize;
      const x = data.train.x.subarray(0, n * 784);
      const y = data.train.y.subarray(0, n);
      model.computeGradients(x, y, n);
      const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));
      let checked = 0;
      model.layers.forEach((layer, i) => {
        if (layer.kind !== 'dense' || model.layers[i + 1]?.kind !== 'batchnorm') return;
        const [weight, bias] = layer.params();
        expect(bias.name).toBe('bias');
        const ratio = norm(bias.grad) / norm(weight.grad);
        if (process.env.CLAIMS_VERBOSE)
          console.log(`bias:${seed} layer ${i}: ‖∇b‖/‖∇W‖ ${ratio.toExponential(2)}`);
        expect(ratio).toBeLessThanOrEqual(CLAIM.biasGradRatio);
        checked++;
      });
      expect(checked).toBe(config.depth);
      // The lesson's own networks drop those biases (BN's β takes their role).
      for (const experiment of [LESSON_8, LESSON_8_PLACEMENT]) {
        const own = experimentSpec(
          experiment.config,
          experiment.config.dataset === 'mnist' ? [1, 28, 28] : [2],
          10,
        );
        own.layers.forEach((l, i) => {
          if (l.type === 'dense' && own.layers[i + 1]?.type === 'batchnorm') expect(l.bias).toBe(false);
        });
      }
      // The layer after the classifier's input sees the same values whatever the first bias is.
      const before = Float32Array.from(model.forward(x, n, 'train'));
      const firstBias = model.layers[1].params()[1].value;
      firstBias.fill(5);
      const after = model.forward(x, n, 'train');
      let worst = 0;
      for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(after[i] - before[i]));
      expect(worst).toBeLessThanOrEqual(1e-4);
      // The output layer's bias (no BN after it) is not redundant: its gradient is far from zero.
      const out = model.layers[model.layers.length - 1].params();
      expect(norm(out[1].grad) / norm(out[0].grad)).toBeGreaterThan(1e-2);
    });
  });

  it(
    '[l8-placement] the before/after gap is no larger than the spread the seed alone makes in either placement',
    () => {
      const acc = (placement: string) =>
        SEEDS.map(
          (seed) =>
            get(
              trained('placement', LESSON_8_PLACEMENT, LESSON_8_MNIST_STOP_AT, seed),
              `placement=${placement}`,
            ).testAccuracy,
        );
      const before = acc('before');
      const after = acc('after');
      const gap = Math.max(...before.map((b, i) => Math.abs(b - after[i])));
      const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
      expect(gap).toBeLessThanOrEqual(Math.max(spread(before), spread(after)));
    },
    TIMEOUT_MS,
  );

  it('[l8-logits-scale] with BN on the logits, each class logit has batch mean β_k and standard deviation |γ_k| in training mode', () => {
    const config = LESSON_8_LOGITS.config;
    const data = experimentData(config, loadMnist());
    const model = buildModel(
      experimentSpec({ ...config, normLogits: 'on' }, [...data.inputShape], data.classes),
    );
    const bn = model.layers[model.layers.length - 1];
    expect(bn.kind).toBe('batchnorm');
    const [gamma, beta] = bn.params();
    gamma.value.set([3, -2, 0.5, 1, 1, 4, 2, 1, 0.25, 1.5]);
    beta.value.set([0.5, -1, 0, 0, 2, 0, 0, 1, 0, -0.5]);
    const n = 64;
    const logits = model.forward(data.train.x.subarray(0, n * 784), n, 'train');
    for (let k = 0; k < 10; k++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += logits[i * 10 + k] / n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (logits[i * 10 + k] - mean) ** 2 / n;
      expect(mean).toBeCloseTo(beta.value[k], 4);
      expect(Math.sqrt(variance)).toBeCloseTo(Math.abs(gamma.value[k]), 2);
    }
  });
});
