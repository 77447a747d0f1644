// Lesson 7's claims, on the very run the page trains (lessonSession) and through the serving path
// the panel uses (Session.serve, the worker's 'serve' handler, a ServeResult): the CNN trained to
// the preset's stop serves test digits in eval mode deterministically and correctly; in train mode
// at batch size 1 each digit is normalized with its own statistics and accuracy drops (for this
// conv-only-BN network: a few points, seed-dependent, not a collapse); a digit's train-mode
// prediction changes with its batch-mates; and train-mode serving moves the running statistics
// while eval serving leaves them untouched. Seeds 1 (the page's default), 2 and 3, trained once each.

import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm, OBSERVE_NOTHING, type ServeResult } from '#engine';
import type { Model, Session } from '#engine/testing';
import {
  accuracyText,
  formatDrift,
  formatPercent,
  MATE_SETS,
  mateSeed,
  pickBatchMates,
  SERVE_COUNT,
} from '../../views/serving/serving-math.ts';
import { lessonSession, measureExercise, withSeed } from '../node-session.ts';
import { predictOutcome } from '../predict.ts';
import { LESSON_7_PREDICT } from './predict.ts';
import { LESSON_7_CLAIMS as CLAIM, LESSON_7, LESSON_7_DENSE_BN, LESSON_7_GROUPNORM } from './preset.ts';

const SEEDS = [1, 2, 3];
const STOP = LESSON_7.stopAt ?? 0;
/** All 2,000 test digits. */
const TEST_COUNT = 2000;
/** Train-mode batch-1 predictions are compared with eval mode's on the first this many digits. */
const CHANGED_COUNT = 500;
/** ~15 s per seed on an idle core; generous for a loaded CI machine. */
const TIMEOUT_MS = 90_000;
/** Every BatchNorm's running mean and variance, per layer. */
function runningStats(model: Model): { mean: number[]; variance: number[] }[] {
  return model.layers
    .filter((l): l is BatchNorm => l instanceof BatchNorm)
    .map((l) => ({ mean: Array.from(l.runningMean), variance: Array.from(l.runningVar) }));
}

/** Largest |Δ running mean| and largest |Δ running variance| / old variance over all channels. */
function statsShift(
  before: ReturnType<typeof runningStats>,
  after: ReturnType<typeof runningStats>,
): { mean: number; variance: number; absolute: number } {
  let mean = 0;
  let variance = 0;
  let absolute = 0;
  before.forEach((b, k) => {
    b.mean.forEach((m, c) => {
      mean = Math.max(mean, Math.abs(after[k].mean[c] - m));
    });
    b.variance.forEach((v, c) => {
      variance = Math.max(variance, Math.abs(after[k].variance[c] - v) / v);
      absolute = Math.max(absolute, Math.abs(after[k].variance[c] - v));
    });
  });
  return { mean, variance, absolute: Math.max(mean, absolute) };
}

function agreement(a: Int32Array, b: Int32Array, count: number): number {
  let same = 0;
  for (let i = 0; i < count; i++) if (a[i] === b[i]) same++;
  return same / count;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

describe.each(SEEDS)('lesson 7: the eval() bug, live (MNIST CNN, BN on conv maps), seed %i', (seed) => {
  let session: Session;
  let id: string;
  let model: Model;
  /** Eval mode, batch 1, all test digits (its otherAccuracy: train mode, batch 1). */
  let evalAll: ServeResult;
  /** The panel's first serves after training: eval mode, then train mode, 48 digits at batch 1. */
  let panelEval: ServeResult;
  let panelTrain: ServeResult;
  /** What that first train-mode serve did to the running statistics (then undone for the other tests). */
  let firstShift: ReturnType<typeof statsShift>;
  /** The batch-1 predict-then-run exercise's value, asked as the page asks it (train minus eval accuracy). */
  let batchOneMeasured: number;

  beforeAll(() => {
    ({
      session,
      ids: [id],
    } = lessonSession(withSeed(LESSON_7, seed), { observe: OBSERVE_NOTHING }));
    model = session.run(id).model;
    session.step(STOP);
    evalAll = session.serve(id, 'eval', 1, 0, TEST_COUNT);
    batchOneMeasured = measureExercise(session, LESSON_7_PREDICT[0]);
    // What the reader sees first: the freshly trained model served once in each mode. The train-mode
    // serve moves the running statistics; they are put back so the tests below see the trained model.
    panelEval = session.serve(id, 'eval', 1, 0, SERVE_COUNT);
    const norms = model.layers.filter((l): l is BatchNorm => l instanceof BatchNorm);
    const saved = norms.map((l) => JSON.parse(JSON.stringify(l.getState())));
    const before = runningStats(model);
    panelTrain = session.serve(id, 'train', 1, 0, SERVE_COUNT);
    firstShift = statsShift(before, runningStats(model));
    norms.forEach((l, k) => {
      l.setState(saved[k]);
    });
    expect(runningStats(model)).toEqual(before);
  }, TIMEOUT_MS);

  it('[l7-trained] trains to a solid accuracy by the stop; eval serving is correct and leaves the model untouched', () => {
    expect(session.run(id).step).toBe(STOP);
    expect(model.layers.map((l) => l.kind).join(',')).toBe(
      'conv2d,batchnorm,relu,maxpool2d,conv2d,batchnorm,relu,maxpool2d,flatten,dense',
    );
    if (process.env.CLAIMS_VERBOSE)
      console.log(
        `seed ${seed} @${STOP}: eval ${pct(evalAll.accuracy)}, train mode batch 1 ${pct(evalAll.otherAccuracy)} (all ${TEST_COUNT})`,
      );
    expect(evalAll.accuracy).toBeGreaterThanOrEqual(CLAIM.evalAccuracy);
    // The serving path's eval accuracy is the engine's own evaluation (batch size does not matter).
    expect(evalAll.accuracy).toBeCloseTo(
      session.evaluateRun(session.run(id), session.run(id).test).accuracy,
      10,
    );
    const before = runningStats(model);
    const again = session.serve(id, 'eval', 1, 0, SERVE_COUNT);
    expect(again.error).toBeNull();
    expect(again.runningStatsDrift).toBe(0);
    expect(runningStats(model)).toEqual(before);
  });

  it('[l7-eval-same] eval mode: identical predictions whatever the serving batch size, the batch-mates or the repetition', () => {
    const reference = evalAll.predicted.subarray(0, SERVE_COUNT);
    for (const batchSize of [1, 7, 64]) {
      for (let repeat = 0; repeat < 2; repeat++) {
        expect(session.serve(id, 'eval', batchSize, 0, SERVE_COUNT).predicted).toEqual(reference);
      }
    }
    for (let selected = 0; selected < SERVE_COUNT; selected += 12) {
      const sets = pickBatchMates(selected, 8, TEST_COUNT, MATE_SETS, mateSeed(selected, 8, 0));
      for (const indices of sets) {
        const r = session.serve(id, 'eval', 8, 0, indices.length, indices);
        expect(r.predicted[0]).toBe(reference[selected]);
        expect(r.runningStatsDrift).toBe(0);
      }
    }
  });

  it(
    '[l7-mates] train mode: a digit’s prediction changes with its batch-mates (the panel’s draw)',
    () => {
      const b = CLAIM.mateBatch;
      let panel = 0;
      let changed = 0;
      for (let selected = 0; selected < CLAIM.mateDigits; selected++) {
        const sets = pickBatchMates(selected, b, TEST_COUNT, MATE_SETS, mateSeed(selected, b, 0));
        const answers = new Set(
          sets.map((indices) => session.serve(id, 'train', b, 0, b, indices).predicted[0]),
        );
        if (answers.size > 1) {
          changed++;
          if (selected < SERVE_COUNT) panel++;
        }
      }
      if (process.env.CLAIMS_VERBOSE)
        console.log(
          `seed ${seed}: batch-mates at batch ${b}: ${panel}/${SERVE_COUNT} panel digits, ${changed}/${CLAIM.mateDigits} digits change prediction`,
        );
      if (seed === 1) expect(panel).toBe(CLAIM.panelMatesChangedSeed1);
      expect(changed).toBeGreaterThanOrEqual(CLAIM.matesChanged);
    },
    TIMEOUT_MS,
  );

  it('[l7-drop] [l7-changed] train mode at batch 1: accuracy drops and many predictions change, but it is no collapse', () => {
    const drop = evalAll.accuracy - evalAll.otherAccuracy;
    expect(drop).toBeGreaterThanOrEqual(seed === 1 ? CLAIM.batchOneDropSeed1 : CLAIM.batchOneDrop);
    // The text's numbers: seed 1 93.7 % against 86.0 %; the other seeds lose about 1 and 3 points.
    const [low, high] = CLAIM.batchOneDropRange[seed as 1 | 2 | 3];
    expect(drop).toBeGreaterThanOrEqual(low);
    expect(drop).toBeLessThanOrEqual(high);
    // The predict-then-run exercise asks the same serve of the worker and reads the same drop.
    expect(batchOneMeasured).toBe(-drop);
    expect(predictOutcome(LESSON_7_PREDICT[0], batchOneMeasured)).toBe(LESSON_7_PREDICT[0].expected);
    if (seed === 1) {
      expect(evalAll.accuracy).toBeCloseTo(0.937, 3);
      expect(evalAll.otherAccuracy).toBeCloseTo(0.86, 3);
    }
    // "93.7–94.8 %" as the text rounds it.
    const shown = Number((evalAll.accuracy * 100).toFixed(1));
    expect(shown).toBeGreaterThanOrEqual(93.7);
    expect(shown).toBeLessThanOrEqual(94.8);
    expect(evalAll.otherAccuracy).toBeGreaterThan(0.5);
    const train = session.serve(id, 'train', 1, 0, CHANGED_COUNT);
    expect(train.error).toBeNull();
    const changed = 1 - agreement(train.predicted, evalAll.predicted, CHANGED_COUNT);
    if (process.env.CLAIMS_VERBOSE)
      console.log(
        `seed ${seed}: batch-1 drop ${pct(drop)}; ${pct(changed)} of the first ${CHANGED_COUNT} predictions differ from eval mode`,
      );
    expect(changed).toBeGreaterThanOrEqual(CLAIM.batchOneChanged);
  });

  it('[l7-panel] the panel’s first serves of the trained model: its accuracy line for the default seed', () => {
    if (process.env.CLAIMS_VERBOSE)
      console.log(
        `seed ${seed}: panel, 48 digits at batch 1: eval ${pct(panelEval.accuracy)}, train ${pct(panelTrain.accuracy)}`,
      );
    expect(panelEval.error).toBeNull();
    expect(panelTrain.error).toBeNull();
    expect(panelTrain.otherAccuracy).toBe(panelEval.accuracy);
    expect(panelEval.otherAccuracy).toBe(panelTrain.accuracy);
    if (seed === 1) {
      expect(formatPercent(panelEval.accuracy)).toBe(formatPercent(0.98));
      expect(formatPercent(panelTrain.accuracy)).toBe(formatPercent(0.85));
    }
  });

  it('[l7-running] the first train-mode serve moves the running statistics (eval mode then sees a different model)', () => {
    const shift = firstShift;
    if (process.env.CLAIMS_VERBOSE)
      console.log(
        `seed ${seed}: one train-mode serve of ${SERVE_COUNT} digits at batch 1: running mean moved up to ${shift.mean.toFixed(3)}, running variance up to ${pct(shift.variance)}; reported drift ${panelTrain.runningStatsDrift} (${formatDrift(panelTrain.runningStatsDrift)})`,
      );
    // The panel's number is the largest change of a running mean or variance (not the batch counter).
    expect(panelTrain.runningStatsDrift).toBeCloseTo(shift.absolute, 5);
    expect(shift.mean).toBeGreaterThanOrEqual(CLAIM.runningMeanShift);
    expect(shift.variance).toBeGreaterThanOrEqual(CLAIM.runningVarShift);
    if (seed === 1) {
      expect(shift.mean.toFixed(2)).toBe(CLAIM.runningMeanShiftSeed1);
      expect(`${Math.round(100 * shift.variance)} %`).toBe(CLAIM.runningVarShiftSeed1);
      expect(formatDrift(panelTrain.runningStatsDrift)).toBe(CLAIM.panelDriftSeed1);
    }
  });
});

describe('lesson 7, try this', () => {
  it.each(SEEDS)(
    '[l7-dense-error] [l7-dense-two] seed %i: BN in a dense network: batch 1 in train mode is the framework error, batch 2 collapses',
    (seed) => {
      const { session, ids } = lessonSession(withSeed(LESSON_7_DENSE_BN, seed), { observe: OBSERVE_NOTHING });
      const [id] = ids;
      session.step(LESSON_7_DENSE_BN.stopAt ?? 0);
      // The predict-then-run exercise on the batch-2 collapse, asked as the page asks it.
      const dense = LESSON_7_PREDICT[1];
      expect(predictOutcome(dense, measureExercise(session, dense))).toBe(dense.expected);
      const model = session.run(id).model;
      const before = runningStats(model);
      const one = session.serve(id, 'train', 1, 0, SERVE_COUNT);
      expect(one.error).toMatch(
        /^expected more than 1 value per channel when training, got input shape \[1, 64\]/,
      );
      expect(one.accuracy).toBe(0);
      expect(one.runningStatsDrift).toBe(0);
      expect(runningStats(model)).toEqual(before);
      // The panel's first (eval-mode) serve already says train mode fails at this batch size, not "0 %".
      const evalOne = session.serve(id, 'eval', 1, 0, SERVE_COUNT);
      expect(evalOne.otherError).toMatch(/^expected more than 1 value per channel when training/);
      expect(accuracyText(evalOne)).toMatch(/^Train mode: fails at this batch size · Eval mode: \d+\u00a0%$/);
      const two = session.serve(id, 'eval', 2, 0, TEST_COUNT);
      if (process.env.CLAIMS_VERBOSE)
        console.log(
          `dense BN, seed ${seed}: eval ${pct(two.accuracy)}, train mode batch 2 ${pct(two.otherAccuracy)}`,
        );
      expect(two.accuracy).toBeGreaterThanOrEqual(CLAIM.denseEvalAccuracy);
      expect(two.otherAccuracy).toBeLessThanOrEqual(CLAIM.denseBatchTwoAccuracy);
      // The try-this text's numbers: all 2,000 digits 43–44 % against 91–92 %; the panel's 48 (seed 1) 48 % against 94 %.
      expect(two.otherAccuracy).toBeGreaterThanOrEqual(0.425);
      expect(two.otherAccuracy).toBeLessThan(0.445);
      expect(two.accuracy).toBeGreaterThanOrEqual(0.905);
      expect(two.accuracy).toBeLessThan(0.925);
      if (seed !== 1) return;
      const panel = session.serve(id, 'train', 2, 0, SERVE_COUNT);
      expect([formatPercent(panel.accuracy), formatPercent(panel.otherAccuracy)]).toEqual([
        formatPercent(0.48),
        formatPercent(0.94),
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    '[l7-groupnorm] GroupNorm: train and eval mode serve the same predictions, and nothing drifts',
    () => {
      const { session, ids } = lessonSession(LESSON_7_GROUPNORM, { observe: OBSERVE_NOTHING });
      const [id] = ids;
      session.step(10);
      for (const batchSize of [1, 5]) {
        const train = session.serve(id, 'train', batchSize, 0, SERVE_COUNT);
        const evals = session.serve(id, 'eval', batchSize, 0, SERVE_COUNT);
        expect(train.error).toBeNull();
        expect(train.predicted).toEqual(evals.predicted);
        expect(train.accuracy).toBe(train.otherAccuracy);
        expect(train.runningStatsDrift).toBe(0);
      }
    },
    TIMEOUT_MS,
  );

  it('[l7-dense-pm1] a dense BN layer in train mode maps a batch of two to ±1 per feature, whatever the input', () => {
    const bn = new BatchNorm([64], {}, 'float64');
    const x = Float64Array.from({ length: 2 * 64 }, (_, k) => Math.sin(7 * k) * (1 + (k % 5)));
    const y = bn.forward(x, [2, 64], 'train');
    for (let c = 0; c < 64; c++) {
      // Two values a, b: mean (a + b)/2, biased variance ((a − b)/2)², so x̂ = ±σ/√(σ² + ε).
      const sigma2 = ((x[c] - x[64 + c]) / 2) ** 2;
      const size = Math.sqrt(sigma2 / (sigma2 + bn.eps));
      expect(y[c]).toBeCloseTo(-y[64 + c], 12);
      expect(Math.abs(y[c])).toBeCloseTo(size, 12);
      if (sigma2 > 0.01) expect(Math.abs(y[c])).toBeGreaterThan(0.999);
    }
  });
});
