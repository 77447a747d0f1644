// Lesson 10's predict-then-run verdict as the live panel shows it (NetworkVerdict), fed as the page
// feeds it: the exercise's runs as the store holds them at the step-100 checkpoint, each test
// accuracy a count of the 2,000 MNIST test digits, read with the page's measureRuns and saved beside
// the guess. For each range of each exercise, a right and a wrong guess, and the values next to a
// cut, the words shown must match the number shown (written out here, not recomputed).

import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { planRuns } from '../../runtime/controller.ts';
import { store } from '../../store/index.ts';
import type { RunView } from '../../store/run-slice.ts';
import { NetworkVerdict } from '../Predict.tsx';
import { measureRuns, type PredictExercise } from '../predict.ts';
import { LESSON_10_PREDICT } from './predict.ts';

const LESSON = 10;
const [SPREAD, NONE] = LESSON_10_PREDICT;
/** The MNIST test split (engine/data/mnist.ts): every test accuracy is a count of these. */
const TEST_DIGITS = 2000;

/** The exercise's runs at its checkpoint, run `id` with `correct[id]` of the test digits right. */
function runsAtCheckpoint(exercise: PredictExercise, correct: Record<string, number>): RunView[] {
  const { config, comparison, stopAt } = exercise.experiment;
  return planRuns(config, comparison).map((plan) => ({
    ...plan,
    step: stopAt,
    lastLoss: 0.3,
    test: { step: stopAt, loss: 0.3, accuracy: (correct[plan.id] ?? 1800) / TEST_DIGITS },
    msPerStep: 20,
    diverged: null,
    layers: [],
  }));
}

/** The live panel holding the exercise's experiment with these runs, and the reader's guess measured on them. */
async function showVerdict(exercise: PredictExercise, correct: Record<string, number>, guess: number) {
  const s = store.getState();
  s.setConfig(exercise.experiment.config);
  s.setComparison(exercise.experiment.comparison);
  s.setSweep(exercise.experiment.sweep);
  s.setRuns(runsAtCheckpoint(exercise, correct));
  const measured = measureRuns(exercise.measure, store.getState().runs, exercise.experiment.stopAt);
  if (measured === null) throw new Error('no measurement at the checkpoint');
  s.loadLessons({
    [LESSON]: { completed: false, step: 1, predictions: { [exercise.id]: { guess, measured } } },
  });
  await render(<NetworkVerdict lessonId={LESSON} exercise={exercise} />);
  return page.getByRole('status', { name: 'Your prediction' });
}

afterEach(() => {
  store.getState().loadLessons({});
  store.getState().setRuns([]);
});

const GAP = 'Measured: The gap between the best and the worst test accuracy of the 5 runs at step 100 was';
const NO_NORM = 'Measured: No norm’s test accuracy at step 100 was';

/** Five runs' correct answers, best and worst as given (the other three in between). */
function five(best: number, worst: number): Record<string, number> {
  const mid = Math.round((best + worst) / 2);
  return {
    'norm=batchnorm': best,
    'norm=layernorm': mid,
    'norm=groupnorm': worst,
    'norm=instancenorm': mid,
    'norm=rmsnorm': mid,
  };
}

describe('lesson 10, “how far apart will the five end?”', () => {
  it.each([
    // best, worst of 2,000; guess; the printed gap; the range; right or the guess named
    [1850, 1830, 0, '1.0 points', 'Less than 4 points apart', null],
    [1850, 1830, 1, '1.0 points', 'Less than 4 points apart', '4 to 10 points apart'],
    [1850, 1772, 0, '3.9 points', 'Less than 4 points apart', null],
    // 79 of 2,000 is 3.95 points: printed 4.0, so “4 to 10”, not “Less than 4”.
    [1600, 1521, 1, '4.0 points', '4 to 10 points apart', null],
    [1600, 1521, 0, '4.0 points', '4 to 10 points apart', 'Less than 4 points apart'],
    [1900, 1701, 1, '9.9 points', '4 to 10 points apart', null],
    // 200 of 2,000: 0.95 − 0.85 is 0.09999999999999998 in floating point, printed 10.0.
    [1900, 1700, 1, '10.0 points', '10 points or more apart', '4 to 10 points apart'],
    [1900, 1700, 2, '10.0 points', '10 points or more apart', null],
    [1900, 1500, 0, '20.0 points', '10 points or more apart', 'Less than 4 points apart'],
  ])('best %i, worst %i, guess %i: “%s”, %s', async (best, worst, guess, printed, range, wrongGuess) => {
    const verdict = await showVerdict(SPREAD, five(best, worst), guess);
    const words = `${GAP} ${printed} — “${range}”. ${wrongGuess === null ? 'Your guess was right.' : `You guessed “${wrongGuess}”.`}`;
    await expect.element(verdict).toHaveTextContent(words, { normalizeWhitespace: true });
    expect(verdict.element().classList.contains(wrongGuess === null ? 'correct' : 'wrong')).toBe(true);
  });
});

describe('lesson 10, “where does the CNN with no normalizer end?”', () => {
  const low = 'Below 70 %: without a normalizer it barely learns';
  const middle = 'From 70 % to 85 %';
  const high = '85 % or more, like the five';
  it.each([
    [1000, 0, '50.0 %', low, null],
    [1000, 2, '50.0 %', low, high],
    [1397, 0, '69.8 %', low, null],
    [1399, 1, '70.0 %', middle, null],
    [1600, 1, '80.0 %', middle, null],
    [1600, 2, '80.0 %', middle, high],
    // 1,699 of 2,000 is 84.95 %: printed 85.0, so “85 % or more”.
    [1699, 2, '85.0 %', high, null],
    [1699, 1, '85.0 %', high, middle],
    [1790, 2, '89.5 %', high, null],
  ])('no norm %i of 2,000, guess %i: “%s”, %s', async (correct, guess, printed, range, wrongGuess) => {
    const verdict = await showVerdict(NONE, { 'norm=none': correct }, guess);
    const words = `${NO_NORM} ${printed} — “${range}”. ${wrongGuess === null ? 'Your guess was right.' : `You guessed “${wrongGuess}”.`}`;
    await expect.element(verdict).toHaveTextContent(words, { normalizeWhitespace: true });
    expect(verdict.element().classList.contains(wrongGuess === null ? 'correct' : 'wrong')).toBe(true);
  });
});

describe('lesson 10, when there is no verdict to show', () => {
  it('the panel holds another experiment (a knob changed): no verdict', async () => {
    const s = store.getState();
    s.loadLessons({
      [LESSON]: { completed: false, step: 1, predictions: { [SPREAD.id]: { guess: 0, measured: 0.01 } } },
    });
    s.setConfig({ ...SPREAD.experiment.config, lr: 0.01 });
    s.setComparison(SPREAD.experiment.comparison);
    s.setSweep(SPREAD.experiment.sweep);
    await render(<NetworkVerdict lessonId={LESSON} exercise={SPREAD} />);
    expect(page.getByRole('status', { name: 'Your prediction' }).elements()).toHaveLength(0);
  });

  it('a guess not yet measured, or one naming no current choice: no verdict', async () => {
    const s = store.getState();
    s.setConfig(SPREAD.experiment.config);
    s.setComparison(SPREAD.experiment.comparison);
    s.setSweep(SPREAD.experiment.sweep);
    for (const prediction of [{ guess: 0 }, { guess: SPREAD.choices.length, measured: 0.01 }]) {
      s.loadLessons({ [LESSON]: { completed: false, step: 1, predictions: { [SPREAD.id]: prediction } } });
      const screen = await render(<NetworkVerdict lessonId={LESSON} exercise={SPREAD} />);
      expect(page.getByRole('status', { name: 'Your prediction' }).elements()).toHaveLength(0);
      await screen.unmount();
    }
  });
});
