// The predict-then-run spec (predict.ts): the outcome rule, what is measured off the runs, and
// every lesson's exercises checked against the rules a page relies on (their runs exist, their
// checkpoint is a step the runs are tested at, each range has one answer).

import { describe, expect, it } from 'vitest';
import type { EngineEvent, FoldResult, ServeResult, ShiftMeasurement } from '#engine';
import { EVAL_EVERY, planRuns } from '../runtime/controller.ts';
import { shiftRow } from '../views/shift/shifts.ts';
import { LESSON_CONTENT } from './content.ts';
import { LESSON_10_PREDICT } from './lesson-10/predict.ts';
import {
  committedGuess,
  exerciseProblems,
  formatMeasured,
  isWorkerMeasure,
  judgePrediction,
  measuredRunIds,
  measureRuns,
  type PredictExercise,
  type PredictMeasure,
  predictOutcome,
  readWorkerReply,
  statedValue,
  workerRequest,
} from './predict.ts';

const exercises = Object.values(LESSON_CONTENT).flatMap((c) =>
  (c?.predict ?? []).map((e) => [c?.id ?? 0, e] as const),
);
const widgetExercises = Object.values(LESSON_CONTENT).flatMap((c) =>
  c?.live.kind === 'widget' ? (c.live.predict ?? []).map((e) => [c.id, e] as const) : [],
);

describe('predictOutcome: the choice a measured value falls in', () => {
  const cuts = { cuts: [0.6, 0.9] };
  it.each([
    [0, 0],
    [0.5, 0],
    [0.5999, 0],
    [0.6, 1],
    [0.75, 1],
    [0.9, 2],
    [1, 2],
  ])('value %f → choice %i (a cut belongs to the range above it)', (value, choice) => {
    expect(predictOutcome(cuts, value)).toBe(choice);
  });

  it('a lead below zero is the lowest choice, at or above the last cut the highest', () => {
    expect(predictOutcome({ cuts: [0, 0.3] }, -0.05)).toBe(0);
    expect(predictOutcome({ cuts: [0, 0.3] }, 0)).toBe(1);
    expect(predictOutcome({ cuts: [0, 0.3] }, 0.45)).toBe(2);
  });
});

describe('a network exercise is judged on its value as the page states it', () => {
  const [spread, none] = LESSON_10_PREDICT;
  /** Test accuracies are counts of the 2,000 MNIST test digits. */
  const of2000 = (k: number) => k / 2000;

  it('a spread of 79 of 2,000 digits reads "4.0 points" and falls in “4 to 10 points apart”', () => {
    const value = of2000(1600) - of2000(1521);
    expect(value).toBeLessThan(0.04);
    expect(formatMeasured(spread.measure, value)).toBe('4.0 points');
    expect(statedValue(spread.measure, value)).toBe(0.04);
    expect(spread.choices[predictOutcome(spread, value)]).toBe('4 to 10 points apart');
    // The bare cut rule (a widget exercise's) judges the raw value.
    expect(predictOutcome({ cuts: spread.cuts }, value)).toBe(0);
  });

  it.each([
    [1399, '70.0 %', 'From 70 % to 85 %'],
    [1398, '69.9 %', 'Below 70 %: without a normalizer it barely learns'],
    [1699, '85.0 %', '85 % or more, like the five'],
    [1697, '84.9 %', 'From 70 % to 85 %'],
  ])('no norm at %i of 2,000 reads %s, “%s”', (k, text, choice) => {
    expect(formatMeasured(none.measure, of2000(k))).toBe(text);
    expect(none.choices[predictOutcome(none, of2000(k))]).toBe(choice);
  });

  it('for every count of 2,000 and every measure, the range named is the one the printed number lies in', () => {
    const measures: PredictMeasure[] = [
      { kind: 'accuracy', run: 'a' },
      { kind: 'lead', run: 'a', over: 'b' },
      { kind: 'spread', runs: ['a', 'b'] },
      { kind: 'trainModeServing', run: 'a', batchSize: 1, count: 2000 },
      { kind: 'adaBN', run: 'a', shift: 'washed', adaptBatches: 8 },
    ];
    const cuts = [-0.5, -0.05, 0, 0.04, 0.1, 0.5, 0.7, 0.85, 0.95];
    for (const measure of measures)
      for (let k = -2000; k <= 2000; k++) {
        const value = of2000(k);
        const printed = formatMeasured(measure, value).replace('−', '-').replace('+', '');
        const shown = Number.parseFloat(printed) / 100;
        const exercise = { cuts, measure };
        const byPrinted = cuts.filter((c) => shown >= c).length;
        if (predictOutcome(exercise, value) !== byPrinted)
          throw new Error(
            `${measure.kind} ${k}/2000 prints ${printed} but is judged in range ${predictOutcome(exercise, value)}`,
          );
      }
  });
});

describe('judgePrediction: the verdict on a saved guess', () => {
  const [spread] = LESSON_10_PREDICT;
  it('null until measured; right when the guess names the measured range, else wrong', () => {
    expect(judgePrediction(spread, undefined)).toBeNull();
    expect(judgePrediction(spread, { guess: 0 })).toBeNull();
    expect(judgePrediction(spread, { guess: 0, measured: 0.02 })).toEqual({
      guess: 0,
      measured: 0.02,
      outcome: 0,
      right: true,
    });
    expect(judgePrediction(spread, { guess: 0, measured: 0.15 })).toEqual({
      guess: 0,
      measured: 0.15,
      outcome: 2,
      right: false,
    });
    expect(judgePrediction(spread, { guess: 1, measured: 0.0395 })?.right).toBe(true);
  });

  it('a guess naming no choice of this version of the exercise counts as none', () => {
    expect(committedGuess(spread, { guess: 3, measured: 0.02 })).toBeNull();
    expect(judgePrediction(spread, { guess: 3, measured: 0.02 })).toBeNull();
    expect(committedGuess(spread, { guess: 2 })).toEqual({ guess: 2 });
  });
});

describe('measureRuns: read at the checkpoint only', () => {
  const runs = [
    { id: 'norm=none', test: { step: 500, accuracy: 0.5 } },
    { id: 'norm=batchnorm', test: { step: 500, accuracy: 0.975 } },
  ];
  it('one run’s test accuracy, or one run’s lead over another', () => {
    expect(measureRuns({ kind: 'accuracy', run: 'norm=none' }, runs, 500)).toBe(0.5);
    expect(measureRuns({ kind: 'lead', run: 'norm=batchnorm', over: 'norm=none' }, runs, 500)).toBeCloseTo(
      0.475,
    );
  });

  it('nothing before every run it reads is tested at the checkpoint, after training went past it, or for a missing run', () => {
    const early = [runs[0], { id: 'norm=batchnorm', test: { step: 475, accuracy: 0.9 } }];
    expect(measureRuns({ kind: 'lead', run: 'norm=batchnorm', over: 'norm=none' }, early, 500)).toBeNull();
    expect(measureRuns({ kind: 'accuracy', run: 'norm=none' }, runs, 525)).toBeNull();
    expect(
      measureRuns({ kind: 'accuracy', run: 'norm=none' }, [{ id: 'norm=none', test: null }], 500),
    ).toBeNull();
    expect(measureRuns({ kind: 'accuracy', run: 'norm=layernorm' }, runs, 500)).toBeNull();
  });

  it('a spread is the best accuracy minus the worst, once every run it reads is tested there', () => {
    const three = [...runs, { id: 'norm=layernorm', test: { step: 500, accuracy: 0.9 } }];
    const ids = ['norm=none', 'norm=batchnorm', 'norm=layernorm'];
    expect(measureRuns({ kind: 'spread', runs: ids }, three, 500)).toBeCloseTo(0.475);
    expect(measureRuns({ kind: 'spread', runs: ids }, runs, 500)).toBeNull();
  });

  it('a worker measure is not read off the run table', () => {
    expect(measureRuns({ kind: 'foldChanged', run: 'norm=none', count: 500 }, runs, 500)).toBeNull();
  });

  it('formats an accuracy in percent, a lead in signed points, a spread in points, a share, a count', () => {
    expect(formatMeasured({ kind: 'accuracy', run: 'a' }, 0.5)).toBe('50.0 %');
    expect(formatMeasured({ kind: 'lead', run: 'a', over: 'b' }, 0.342)).toBe('+34.2 points');
    expect(formatMeasured({ kind: 'lead', run: 'a', over: 'b' }, -0.05)).toBe('−5.0 points');
    expect(formatMeasured({ kind: 'spread', runs: ['a', 'b'] }, 0.036)).toBe('3.6 points');
    expect(formatMeasured({ kind: 'trainModeServing', run: 'a', batchSize: 1, count: 2000 }, -0.077)).toBe(
      '−7.7 points',
    );
    expect(formatMeasured({ kind: 'adaBN', run: 'a', shift: 'washed', adaptBatches: 8 }, 0.994)).toBe('99 %');
    expect(formatMeasured({ kind: 'adaBN', run: 'a', shift: 'invert', adaptBatches: 8 }, -0.043)).toBe(
      '−4 %',
    );
    expect(formatMeasured({ kind: 'foldChanged', run: 'a', count: 500 }, 0)).toBe('0 of 500');
  });
});

describe('worker measures: the panel’s request, and the value read from its reply', () => {
  it('serving: an eval-mode serve (it measures train mode too and restores the running statistics); train minus eval', () => {
    const measure = { kind: 'trainModeServing', run: 'main', batchSize: 2, count: 2000 } as const;
    expect(workerRequest(measure)).toEqual({
      type: 'serve',
      runId: 'main',
      mode: 'eval',
      batchSize: 2,
      offset: 0,
      count: 2000,
    });
    const result = { accuracy: 0.91, otherAccuracy: 0.44, error: null, otherError: null } as ServeResult;
    expect(readWorkerReply({ type: 'served', runId: 'main', result })).toBeCloseTo(-0.47);
    // Train mode refused at this batch size (a dense BN layer at batch 1): nothing measured.
    const refused = { ...result, otherError: 'expected more than 1 value per channel' } as ServeResult;
    expect(readWorkerReply({ type: 'served', runId: 'main', result: refused })).toBeNull();
  });

  it('AdaBN: the shift panel’s request; the share of the lost accuracy won back', () => {
    const measure = { kind: 'adaBN', run: 'main', shift: 'washed', adaptBatches: 8 } as const;
    expect(workerRequest(measure)).toMatchObject({
      type: 'shifted',
      runId: 'main',
      shift: shiftRow('washed').spec,
      adaptBatches: 8,
    });
    const m = { cleanAccuracy: 0.9, shiftedAccuracy: 0.2, adaptedAccuracy: 0.55 } as ShiftMeasurement;
    expect(readWorkerReply({ type: 'shifted', runId: 'main', step: 300, result: m })).toBeCloseTo(0.5);
    const worse = { ...m, adaptedAccuracy: 0.13 };
    expect(readWorkerReply({ type: 'shifted', runId: 'main', step: 300, result: worse })).toBeCloseTo(-0.1);
  });

  it('folding: the fold view’s request; the answers the fold changed, counted', () => {
    expect(workerRequest({ kind: 'foldChanged', run: 'main', count: 500 })).toMatchObject({
      type: 'fold',
      runId: 'main',
      count: 500,
    });
    const result = { images: 500, changedFromEval: 0.004 } as FoldResult;
    expect(readWorkerReply({ type: 'folded', runId: 'main', result })).toBe(2);
  });

  it('an error, or a reply to another question, measures nothing', () => {
    const error: EngineEvent = { type: 'error', runId: 'main', message: 'no such run' };
    expect(readWorkerReply(error)).toBeNull();
  });
});

describe('exerciseProblems: the spec’s own rules', () => {
  const good: PredictExercise = {
    id: 'x',
    question: 'q',
    experiment: {} as PredictExercise['experiment'],
    measure: { kind: 'accuracy', run: 'r' },
    cuts: [0.5],
    choices: ['low', 'high'],
    expected: 1,
    explain: 'e',
    claims: ['l2-stalled'],
  };
  it('a well-formed exercise has none', () => {
    expect(exerciseProblems(good)).toEqual([]);
  });
  it.each<[string, Partial<PredictExercise>]>([
    ['a choice too few', { choices: ['only'], expected: 0 }],
    ['cuts out of order', { cuts: [0.9, 0.6], choices: ['a', 'b', 'c'] }],
    ['an expected answer that is no choice', { expected: 2 }],
    ['an id that cannot be saved', { id: 'Has Spaces' }],
    ['no claim behind it', { claims: [] }],
  ])('%s is a problem', (_, patch) => {
    expect(exerciseProblems({ ...good, ...patch })).toHaveLength(1);
  });
});

describe('every lesson’s exercises', () => {
  it('exist: lessons carry predict-then-run exercises', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(2);
  });

  it.each([2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])('lesson %i has at least one', (lesson) => {
    expect(LESSON_CONTENT[lesson]?.predict?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  it.each([1, 3])('widget lesson %i has at least one, on its widget', (lesson) => {
    const live = LESSON_CONTENT[lesson]?.live;
    expect(live?.kind).toBe('widget');
    expect(live?.kind === 'widget' ? (live.predict?.length ?? 0) : 0).toBeGreaterThanOrEqual(1);
  });

  it.each(widgetExercises.map(([lesson, e]) => [lesson, e.id, e] as const))(
    'widget lesson %i, %s: well formed; its setup is a state the lesson’s link carries; measured on the setup, it lands in the expected range',
    (lesson, _, exercise) => {
      expect(exerciseProblems(exercise)).toEqual([]);
      const live = LESSON_CONTENT[lesson]?.live;
      if (live?.kind !== 'widget') throw new Error(`lesson ${lesson} is not a widget lesson`);
      // The setup survives the lesson's link (a reload or a shared link shows the same widget state).
      const read = live.read(new URLSearchParams(live.write(exercise.setup)));
      expect(read?.issues).toEqual([]);
      expect(live.write(read?.value)).toEqual(live.write(exercise.setup));
      const measured = exercise.measure(exercise.setup);
      expect(measured).not.toBeNull();
      expect(predictOutcome(exercise, measured ?? Number.NaN)).toBe(exercise.expected);
      expect(exercise.format(measured ?? 0)).not.toBe('');
    },
  );

  it.each(exercises.map(([lesson, e]) => [lesson, e.id, e] as const))(
    'lesson %i, %s: well formed; its runs exist; its checkpoint is a step the runs are tested at',
    (_, __, exercise) => {
      expect(exerciseProblems(exercise)).toEqual([]);
      const plans = planRuns(exercise.experiment.config, exercise.experiment.comparison);
      const ids = plans.map((p) => p.id);
      for (const id of measuredRunIds(exercise.measure)) expect(ids).toContain(id);
      expect(exercise.experiment.stopAt).toBeGreaterThan(0);
      expect(exercise.experiment.stopAt % EVAL_EVERY).toBe(0);
      // Run trains the runs (a sweep, as lesson 9's, is only started by its own button).
      // A worker measure asks what its panel asks: serving and AdaBN need MNIST; folding, BatchNorm.
      const m = exercise.measure;
      if (isWorkerMeasure(m)) {
        const config = plans.find((p) => p.id === m.run)?.config;
        expect(config?.dataset).toBe('mnist');
        if (m.kind === 'foldChanged') expect(config?.norm).toBe('batchnorm');
        if (m.kind === 'trainModeServing' || m.kind === 'foldChanged')
          expect(m.count).toBeLessThanOrEqual(2000);
      }
    },
  );

  it('ids are unique within a lesson (the saved guess is kept under it)', () => {
    for (const content of Object.values(LESSON_CONTENT)) {
      const widget = content?.live.kind === 'widget' ? (content.live.predict ?? []) : [];
      const ids = [...(content?.predict ?? []), ...widget].map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
