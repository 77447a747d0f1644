// The predict-then-run spec (predict.ts): the outcome rule, what is measured off the runs, and
// every lesson's exercises checked against the rules a page relies on (their runs exist, their
// checkpoint is a step the runs are tested at, each range has one answer).

import { describe, expect, it } from 'vitest';
import { EVAL_EVERY, planRuns } from '../runtime/controller.ts';
import { LESSON_CONTENT } from './content.ts';
import {
  exerciseProblems,
  formatMeasured,
  measuredRunIds,
  measureRuns,
  type PredictExercise,
  predictOutcome,
} from './predict.ts';

const exercises = Object.values(LESSON_CONTENT).flatMap((c) =>
  (c?.predict ?? []).map((e) => [c?.id ?? 0, e] as const),
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

  it('formats an accuracy in percent and a lead in signed points', () => {
    expect(formatMeasured({ kind: 'accuracy', run: 'a' }, 0.5)).toBe('50.0 %');
    expect(formatMeasured({ kind: 'lead', run: 'a', over: 'b' }, 0.342)).toBe('+34.2 points');
    expect(formatMeasured({ kind: 'lead', run: 'a', over: 'b' }, -0.05)).toBe('−5.0 points');
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

  it.each(exercises.map(([lesson, e]) => [lesson, e.id, e] as const))(
    'lesson %i, %s: well formed; its runs exist; its checkpoint is a step the runs are tested at',
    (_, __, exercise) => {
      expect(exerciseProblems(exercise)).toEqual([]);
      const ids = planRuns(exercise.experiment.config, exercise.experiment.comparison).map((p) => p.id);
      for (const id of measuredRunIds(exercise.measure)) expect(ids).toContain(id);
      expect(exercise.experiment.stopAt).toBeGreaterThan(0);
      expect(exercise.experiment.stopAt % EVAL_EVERY).toBe(0);
      expect(exercise.experiment.sweep).toBeNull();
    },
  );

  it('ids are unique within a lesson (the saved guess is kept under it)', () => {
    for (const content of Object.values(LESSON_CONTENT)) {
      const ids = (content?.predict ?? []).map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
