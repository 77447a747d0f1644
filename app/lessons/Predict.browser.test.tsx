// Predict, then run, as a reader uses it: a guess picked with the keyboard (Space on a radio picks
// it and does not start training), Run locks it and trains the exercise's experiment in the
// engine's workers, the result read off those runs at the checkpoint, saved beside the guess; a
// knob changed before the checkpoint leaves no result.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { useTransportKeys } from '../lab/Transport.tsx';
import { browserStorage, loadSavedState, SAVED_STATE_KEY } from '../persist.ts';
import { loadExperiment } from '../runtime/actions.ts';
import { controller } from '../runtime/app-controller.ts';
import { store } from '../store/index.ts';
import { LESSON_2_PREDICT } from './lesson-2/predict.ts';
import { PredictExercises } from './Predict.tsx';
import { formatMeasured, measureRuns, type PredictExercise, predictOutcome } from './predict.ts';

/** Lesson 2's first exercise, measured at step 50 instead of 500 so the test trains briefly. */
const EXERCISE: PredictExercise = {
  ...LESSON_2_PREDICT[0],
  experiment: { ...LESSON_2_PREDICT[0].experiment, stopAt: 50 },
};
const LESSON = 2;

function Page() {
  useTransportKeys();
  return <PredictExercises lessonId={LESSON} exercises={[EXERCISE]} />;
}

const stepOf = () => Math.max(0, ...store.getState().runs.map((r) => r.step));
const savedPrediction = () =>
  loadSavedState(browserStorage()).state.lessons[LESSON]?.predictions?.[EXERCISE.id];

beforeEach(() => {
  localStorage.removeItem(SAVED_STATE_KEY);
  store.getState().loadLessons({});
});

afterEach(() => {
  controller().pause();
  controller().setStopAt(null);
  loadExperiment(DEFAULT_CONFIG, null);
  localStorage.removeItem(SAVED_STATE_KEY);
});

describe('PredictExercises', () => {
  it('Space picks a guess without training; Run locks it, trains to the checkpoint and compares it with the measured value, saved', async () => {
    loadExperiment(DEFAULT_CONFIG, null);
    await render(<Page />);
    const form = page.getByRole('form', { name: EXERCISE.question });
    const run = form.getByRole('button', { name: 'Run' });
    await expect.element(run).toBeDisabled();

    // Keyboard: Tab to the first radio, Space picks it; the transport's Space shortcut leaves it alone.
    const first = form.getByRole('radio', { name: EXERCISE.choices[0] });
    (first.element() as HTMLElement).focus();
    await userEvent.keyboard('{ArrowDown}');
    const guess = 1;
    await expect.element(form.getByRole('radio', { name: EXERCISE.choices[guess] })).toBeChecked();
    await userEvent.keyboard(' ');
    await new Promise((r) => setTimeout(r, 300));
    expect(store.getState().status).not.toBe('training');
    expect(stepOf()).toBe(0);

    await run.click();
    // Locked in and saved before any result.
    await expect.element(form.getByRole('radio', { name: EXERCISE.choices[0] })).toBeDisabled();
    expect(savedPrediction()).toEqual({ guess });
    await expect.element(form.getByRole('status')).toHaveTextContent(/Your guess is locked in/);

    await expect.poll(stepOf, { timeout: 60_000 }).toBe(50);
    const measured = measureRuns(EXERCISE.measure, store.getState().runs, 50);
    if (measured === null) throw new Error('no measurement at the checkpoint');
    const outcome = predictOutcome(EXERCISE, measured);
    const status = form.getByRole('status');
    await expect
      .element(status)
      .toHaveTextContent(
        `No norm’s test accuracy at step 50 was ${formatMeasured(EXERCISE.measure, measured)}`,
      );
    await expect.element(status).toHaveTextContent(`“${EXERCISE.choices[outcome]}”`);
    await expect
      .element(status)
      .toHaveTextContent(
        outcome === guess ? 'Your guess was right.' : `You guessed “${EXERCISE.choices[guess]}”`,
      );
    expect(savedPrediction()).toEqual({ guess, measured });

    // Change my guess forgets both.
    await form.getByRole('button', { name: 'Change my guess' }).click();
    expect(savedPrediction()).toBeUndefined();
    await expect.element(form.getByRole('radio', { name: EXERCISE.choices[0] })).toBeEnabled();
  }, 90_000);

  it('a reload shows the committed guess and its result, with the lesson’s explanation when it is the expected range', async () => {
    store.getState().loadLessons({
      [LESSON]: { completed: false, step: 1, predictions: { [EXERCISE.id]: { guess: 2, measured: 0.5 } } },
    });
    await render(<Page />);
    const form = page.getByRole('form', { name: EXERCISE.question });
    await expect.element(form.getByRole('radio', { name: EXERCISE.choices[2] })).toBeChecked();
    await expect.element(form.getByRole('radio', { name: EXERCISE.choices[2] })).toBeDisabled();
    const status = form.getByRole('status');
    await expect.element(status).toHaveTextContent('was 50.0 %');
    await expect.element(status).toHaveTextContent(`You guessed “${EXERCISE.choices[2]}”`);
    await expect.element(status).toHaveTextContent(EXERCISE.explain);
    await expect.element(form.getByRole('button', { name: 'Run again' })).toBeEnabled();
  });

  it('a knob changed before the checkpoint: that run does not answer, no result is saved', async () => {
    await render(<Page />);
    const form = page.getByRole('form', { name: EXERCISE.question });
    await form.getByRole('radio', { name: EXERCISE.choices[0] }).click();
    await form.getByRole('button', { name: 'Run' }).click();
    controller().pause();
    const s = store.getState();
    s.setConfig({ ...s.config, lr: s.config.lr / 2 });
    await expect.element(form.getByRole('status')).toHaveTextContent(/The setup changed before step 50/);
    expect(savedPrediction()).toEqual({ guess: 0 });
  });
});
