// Lesson 6's claims, on the runs the page trains (lessonSession, watching the first BatchNorm as the
// drift view does): the running statistics start at (0, 1), store the unbiased variance, and chase
// the population statistics — fast but noisily with a large momentum, slowly with a small one — while
// training itself does not depend on the momentum at all. Seeds 1 (default), 2 and 3.
//
// The BN formulas themselves are engine tests (engine/norm/batch-norm.test.ts): "train mode, dense
// 4x2: mean, biased var, xhat, y, running stats by hand" (normalise with the biased variance, store
// the unbiased one, from running (0, 1)), "running stats over 5 batches … momentum %s",
// "resetRunningStats: mean 0, var 1"; engine/norm/index.test.ts "createNorm defaults follow PyTorch:
// eps 1e-5, momentum 0.1". Here they are checked once more on the numbers the drift view draws.

import { describe, expect, it } from 'vitest';
import { type Arr, BatchNorm, type ObserveRequest } from '#engine';
import type { Run } from '#engine/testing';
import { formatExperimentParams, parseExperimentParams } from '../../url/experiment-codec.ts';
import { lessonSession, observeRequest, withSeed } from '../node-session.ts';
import { predictOutcome } from '../predict.ts';
import { LESSON_6_PREDICT } from './predict.ts';
import { LESSON_6_CLAIMS as CLAIM, LESSON_6, LESSON_6_BN_LAYER } from './preset.ts';

const SEEDS = [1, 2, 3];
/** ~7 s per seed on an idle core; generous for a loaded CI machine. */
const TIMEOUT_MS = 90_000;
/** Float32 storage of the observed statistics. */
const F32_RELATIVE = 1e-5;
const CHUNK = 250;

/** What the drift view asks for: the first BatchNorm's channel statistics. */
function driftObserve(): ObserveRequest {
  return { ...observeRequest(LESSON_6), channels: true };
}

/**
 * Population statistics of the BN layer's input: mean and unbiased variance per channel over the
 * whole training split at the run's current weights. The layers before the first BN (flatten, dense)
 * behave the same in train and eval mode, so running them in eval mode changes no state.
 */
function populationStats(run: Run, bnIndex: number): { mean: Float64Array; variance: Float64Array } {
  const { x, count } = run.train;
  const size = x.length / count;
  const channels = run.model.layers[bnIndex].inShape[0];
  const outputs: Float64Array[] = [];
  const sum = new Float64Array(channels);
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    let y: Arr = x.subarray(start * size, (start + n) * size);
    for (let i = 0; i < bnIndex; i++) y = run.model.layers[i].forward(y, n, 'eval');
    const copy = Float64Array.from({ length: n * channels }, (_, k) => y[k]);
    outputs.push(copy);
    for (let k = 0; k < copy.length; k++) sum[k % channels] += copy[k];
  }
  const mean = sum.map((s) => s / count);
  const squares = new Float64Array(channels);
  for (const y of outputs)
    for (let k = 0; k < y.length; k++) squares[k % channels] += (y[k] - mean[k % channels]) ** 2;
  return { mean, variance: squares.map((s) => s / (count - 1)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median over channels of the running statistics' errors against the population (see LESSON_6_CLAIMS). */
function errors(run: Run, bnIndex: number): { mean: number; variance: number } {
  const population = populationStats(run, bnIndex);
  const layer = run.model.layers[bnIndex];
  if (!(layer instanceof BatchNorm)) throw new Error(`layer ${bnIndex} is ${layer.kind}, not batchnorm`);
  const c = population.mean.length;
  const meanErr = Array.from(
    { length: c },
    (_, k) => Math.abs(layer.runningMean[k] - population.mean[k]) / Math.sqrt(population.variance[k]),
  );
  const varErr = Array.from({ length: c }, (_, k) =>
    Math.abs(layer.runningVar[k] / population.variance[k] - 1),
  );
  return { mean: median(meanErr), variance: median(varErr) };
}

describe('lesson 6: running statistics (MNIST MLP with BN, momentum 0.01 / 0.1 / 0.99)', () => {
  it('[l6-update] step 1, on the drift view’s numbers: running = (1 − m)·(0, 1) + m·(batch mean, unbiased batch var)', () => {
    // The lesson's deep link carries exactly this experiment.
    const link = parseExperimentParams(formatExperimentParams(LESSON_6));
    expect(link.issues).toEqual([]);
    expect([link.config, link.comparison]).toEqual([LESSON_6.config, LESSON_6.comparison]);
    const { session, ids } = lessonSession(LESSON_6, { observe: driftObserve() });
    expect(ids).toEqual(['bnMomentum=0.01', 'bnMomentum=0.1', 'bnMomentum=0.99']);
    for (const id of ids) {
      const layer = session.run(id).model.layers[LESSON_6_BN_LAYER];
      if (!(layer instanceof BatchNorm)) throw new Error(`layer ${LESSON_6_BN_LAYER} is ${layer.kind}`);
      const state = layer.getState();
      expect(new Set(state.runningMean)).toEqual(new Set([0]));
      expect(new Set(state.runningVar)).toEqual(new Set([1]));
    }
    const { snapshots } = session.step(1);
    const m = LESSON_6.config.batchSize; // values per channel (dense: N)
    for (const snap of snapshots) {
      const run = session.run(snap.runId);
      const momentum = run.config.bnMomentum;
      const ch = snap.observation?.channels;
      if (!ch) throw new Error('the drift view gets no channel statistics');
      // batchVar is the BIASED variance of what the layer saw (÷ m), recomputed here in float64.
      const x = run.model.layerInputs[LESSON_6_BN_LAYER];
      const c = ch.batchMean.length;
      for (let k = 0; k < c; k++) {
        let mean = 0;
        for (let i = 0; i < m; i++) mean += x[i * c + k] / m;
        let biased = 0;
        for (let i = 0; i < m; i++) biased += (x[i * c + k] - mean) ** 2 / m;
        expect(ch.batchMean[k]).toBeCloseTo(mean, 5);
        expect(Math.abs(ch.batchVar[k] / biased - 1)).toBeLessThan(F32_RELATIVE);
        const runningMean = momentum * mean;
        const runningVar = (1 - momentum) * 1 + (momentum * biased * m) / (m - 1);
        expect(ch.runningMean[k]).toBeCloseTo(runningMean, 5);
        expect(Math.abs(ch.runningVar[k] / runningVar - 1)).toBeLessThan(F32_RELATIVE);
      }
    }
  });

  it.each(SEEDS)(
    '[l6-same-loss] [l6-converge] [l6-accuracy] [l6-jitter] [l6-keras-fine] seed %i: identical training, running stats converge by step 50 with 0.1, lag with 0.01, jitter with 0.99',
    (seed) => {
      const experiment = withSeed(LESSON_6, seed);
      const stop = experiment.stopAt ?? 0;
      expect(stop).toBe(100);
      const { session, ids } = lessonSession(experiment, { observe: driftObserve() });
      const runs = ids.map((id) => session.run(id));
      const [slow, mid, fast] = [0, 1, 2];
      expect(runs.map((r) => r.config.bnMomentum)).toEqual([0.01, 0.1, 0.99]);
      const accuracy = ids.map(() => new Map<number, number>());
      const err: Record<number, { mean: number; variance: number }[]> = {};
      const channels = runs[0].model.layers[LESSON_6_BN_LAYER].inShape[0];
      const previous = ids.map(() => new Float64Array(channels));
      const moved = ids.map(() => new Float64Array(channels));
      const batchVar = new Float64Array(channels);
      let jitterSteps = 0;
      let sameLosses = true;
      const started = performance.now();
      const msPerStep = ids.map(() => 0);
      for (let step = 1; step <= stop; step++) {
        const { snapshots, events } = session.step(1);
        expect(events).toEqual([]);
        if (snapshots.some((s) => s.losses[0] !== snapshots[0].losses[0])) sameLosses = false;
        const jitter = step > CLAIM.convergedAt;
        if (jitter) jitterSteps++;
        snapshots.forEach((snap, r) => {
          msPerStep[r] += snap.msPerStep / stop;
          if (snap.test) accuracy[r].set(snap.test.step, snap.test.accuracy);
          const ch = snap.observation?.channels;
          if (!ch) throw new Error(`no channel statistics at step ${step}`);
          for (let k = 0; k < channels; k++) {
            if (jitter) moved[r][k] += Math.abs(ch.runningMean[k] - previous[r][k]);
            if (jitter && r === 0) batchVar[k] += ch.batchVar[k];
            previous[r][k] = ch.runningMean[k];
          }
        });
        if (step === CLAIM.convergedAt || step === stop)
          err[step] = runs.map((run) => errors(run, LESSON_6_BN_LAYER));
      }
      // Same seed, same batches, and train mode never reads the running statistics.
      expect(sameLosses).toBe(true);
      const jitter = moved.map((m) =>
        median(Array.from(m, (v, k) => v / jitterSteps / Math.sqrt(batchVar[k] / jitterSteps))),
      );
      const acc = (r: number, step: number) => accuracy[r].get(step) ?? Number.NaN;
      const at = CLAIM.convergedAt;
      const fmt = (v: number) => v.toFixed(3);
      if (process.env.CLAIMS_VERBOSE)
        console.log(
          `lesson 6, seed ${seed}: errors (mean σ, var) @${at} ` +
            err[at]
              .map((e, r) => `${runs[r].config.bnMomentum}: ${fmt(e.mean)}, ${fmt(e.variance)}`)
              .join('; ') +
            ` @${stop} ` +
            err[stop]
              .map((e, r) => `${runs[r].config.bnMomentum}: ${fmt(e.mean)}, ${fmt(e.variance)}`)
              .join('; ') +
            `; eval accuracy @25/50/100 ` +
            runs.map((_, r) => [25, 50, 100].map((s) => fmt(acc(r, s))).join('/')).join(' | ') +
            `; jitter ${jitter.map(fmt).join(' / ')}; ms/step ${msPerStep.map((v) => v.toFixed(1)).join(' / ')}, ` +
            `wall ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );

      // Converged by step 50 with PyTorch's 0.1; 0.01 (Keras' 0.99) is still far off.
      expect(err[at][mid].mean).toBeLessThanOrEqual(CLAIM.meanTolerance);
      expect(err[at][mid].variance).toBeLessThanOrEqual(CLAIM.varTolerance);
      expect(err[at][slow].mean).toBeGreaterThanOrEqual(CLAIM.meanSlowerBy * err[at][mid].mean);
      expect(err[at][slow].variance).toBeGreaterThanOrEqual(CLAIM.varSlowerBy * err[at][mid].variance);
      expect(err[stop][slow].mean).toBeGreaterThanOrEqual(CLAIM.meanSlowerAt100 * err[stop][mid].mean);

      // Eval mode uses the running statistics: the lagging ones cost test accuracy.
      expect(acc(mid, at)).toBeGreaterThanOrEqual(CLAIM.accuracyAt50);
      expect(acc(mid, at) - acc(slow, at)).toBeGreaterThanOrEqual(CLAIM.accuracyGapAt50);
      expect(acc(mid, stop) - acc(slow, stop)).toBeGreaterThanOrEqual(CLAIM.accuracyGapAt100);

      // ...while 0.99's last-batch estimate costs no visible accuracy here (batches of 60, shuffled).
      // Measured @25: 0.99 ahead (82 / 79 / 76 % against 74 / 66 / 71 %); @50 and @100 within 3.2 points.
      expect(acc(fast, 25)).toBeGreaterThanOrEqual(acc(mid, 25));
      for (const step of [CLAIM.convergedAt, stop])
        expect(Math.abs(acc(fast, step) - acc(mid, step))).toBeLessThanOrEqual(CLAIM.kerasAccuracyGap);

      // The predict-then-run exercises on these gaps come out as they expect (the page's rule).
      const [slowExercise, fastExercise] = LESSON_6_PREDICT;
      expect(predictOutcome(slowExercise, acc(mid, stop) - acc(slow, stop))).toBe(slowExercise.expected);
      expect(predictOutcome(fastExercise, acc(fast, stop) - acc(mid, stop))).toBe(fastExercise.expected);

      // 0.99 follows every batch: its running line jitters like the batch line.
      expect(jitter[fast]).toBeGreaterThanOrEqual(CLAIM.jitterRatio * jitter[mid]);
      expect(jitter[mid]).toBeGreaterThan(jitter[slow]);
    },
    TIMEOUT_MS,
  );
});
