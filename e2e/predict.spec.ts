// Journey: predict, then run. On lesson 2 the reader picks a guess for the plain network's test
// accuracy, presses Run, and the page trains the lesson's experiment to its checkpoint and states
// the measured value (the same number the run table shows) against the guess; a reload keeps both.
// On lesson 13 the value is asked of the run's worker at the checkpoint (the fold view's request).
// On lesson 1 (a widget lesson) Run puts the exercise's setup into the landscape widget, the engine
// measures it at once, and the verdict also stands above the widget, on a phone too. On a phone a
// network lesson's Run brings the reader to the view it measures, and the verdict appears above it.

import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

test.describe.configure({ timeout: 150_000 });

test('lesson 2: guess, Run, the measured result beside the guess, and a reload keeps them', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(2);
  const exercise = lesson.exercise(/The plain network \(no normalization, init std 2\)/);
  await expect(exercise).toBeVisible();
  const run = exercise.getByRole('button', { name: 'Run', exact: true });
  await expect(run).toBeDisabled();

  const guess = exercise.getByRole('radio', { name: '90 % or more' });
  await guess.check();
  await run.click();
  await expect(guess).toBeDisabled();

  const status = exercise.getByRole('status');
  await expect(status).toContainText('No norm’s test accuracy at step 500 was', { timeout: 120_000 });
  await expect(lesson.status()).toContainText('Paused · step 500');
  const text = (await status.textContent()) ?? '';
  const measured = Number(/was (\d+\.\d) %/.exec(text)?.[1]);
  // The run table shows the same number, rounded as it rounds it.
  expect(Math.abs((await lesson.runAccuracy('No norm')) - measured)).toBeLessThanOrEqual(0.1);
  // Lesson 2's claim: the plain network stays below 60 % (the lowest range), so this guess was not it.
  expect(measured).toBeLessThan(60);
  await expect(status).toContainText('“Below 60 % (two classes: 50 % is chance)”');
  await expect(status).toContainText('You guessed “90 % or more”');

  await page.reload();
  const again = lesson.exercise(/The plain network \(no normalization, init std 2\)/);
  await expect(again.getByRole('radio', { name: '90 % or more' })).toBeChecked();
  await expect(again.getByRole('radio', { name: '90 % or more' })).toBeDisabled();
  await expect(again.getByRole('status')).toContainText(`was ${measured.toFixed(1)} %`);
  await expect(again.getByRole('button', { name: 'Run again' })).toBeEnabled();
});

test('lesson 13: a guess answered by the run’s worker (the fold view’s request), beside the fold view’s own line; a reload keeps it', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(13);
  const question = /how many answers will the folded model change\?/;
  const exercise = lesson.exercise(question);
  await expect(exercise).toBeVisible();
  const guess = exercise.getByRole('radio', { name: 'More than 10' });
  await guess.check();
  await exercise.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(guess).toBeDisabled();

  // Trained to step 200 in the live panel, then the folded model is compared on the worker.
  const status = exercise.getByRole('status');
  await expect(status).toContainText(
    'Answers that folding changed on the first 500 test digits at step 200 was 0 of 500',
    { timeout: 120_000 },
  );
  await expect(lesson.status()).toContainText('Paused · step 200');
  // Lesson 13's claim [l13-fold-exact]: no answer changes, so "More than 10" was not it.
  await expect(status).toContainText('— “None”');
  await expect(status).toContainText('You guessed “More than 10”');
  await expect(status).toContainText('two affine maps compose into one');
  // The fold view, asking the same question of the same run, says the same.
  const fold = page.getByRole('region', { name: 'Folding BatchNorm for deployment' });
  await expect(fold).toContainText('Folded at step 200', { timeout: 60_000 });
  await expect(fold).toContainText(/ 0\.0\s% of answers change/);

  await page.reload();
  const again = lesson.exercise(question);
  await expect(again.getByRole('radio', { name: 'More than 10' })).toBeChecked();
  await expect(again.getByRole('radio', { name: 'More than 10' })).toBeDisabled();
  await expect(again.getByRole('status')).toContainText('was 0 of 500');
});

test('lesson 1: Run sets the landscape up, the measured step matches the widget’s own, and the verdict stands beside the chart', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(1);
  const question = /Set it 20 % higher, 1\.2e−4/;
  const exercise = lesson.exercise(question);
  await expect(exercise).toBeVisible();
  const guess = exercise.getByRole('radio', { name: 'Not diverge: just bounce a little more' });
  await guess.check();
  await exercise.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(guess).toBeDisabled();

  const status = exercise.getByRole('status');
  await expect(status).toContainText('The step at which the path diverged was step');
  // Lesson 1's claims [l1-just-too-fast] [l1-overshoot]: near step 20, so this guess was not it.
  await expect(status).toContainText('— “Diverge within 50 steps”');
  await expect(status).toContainText('You guessed “Not diverge: just bounce a little more”');
  await expect(status).toContainText('multiplied by |1 − ηλmax| = 1.4 each step');
  const measured = Number(/was step (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  expect(measured).toBeGreaterThanOrEqual(18);
  expect(measured).toBeLessThanOrEqual(24);

  // The widget now shows that setup, with the verdict above it; played out, it diverges at that step.
  const live = lesson.live();
  const verdict = live.getByRole('status', { name: 'Your prediction' });
  await expect(verdict).toContainText(`was step ${measured}`);
  await expect(live.getByText('this one is 1.2× that')).toBeVisible();
  await live.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(live.getByRole('status', { name: 'Run status' })).toHaveText(
    `Diverged at step ${measured}: the loss grew past a million times its start value.`,
    { timeout: 20_000 },
  );

  // Another setup in the widget takes the verdict away from it (the exercise keeps its own).
  await lesson.tryThis('Make the scales closer (5× instead of 100×)').click();
  await expect(verdict).toHaveCount(0);
  await expect(status).toContainText(`was step ${measured}`);

  await page.reload();
  const again = lesson.exercise(question);
  await expect(again.getByRole('radio', { name: 'Not diverge: just bounce a little more' })).toBeChecked();
  await expect(again.getByRole('status')).toContainText(`was step ${measured}`);
});

test('lesson 1 on a phone: after Run the verdict and the chart it talks about are on screen together', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lesson = new LessonPage(page);
  await lesson.openLesson(1);
  const exercise = lesson.exercise(/Tick Standardize inputs but keep the learning rate at 9\.0e−5/);
  await exercise.getByRole('radio', { name: 'Under 100 steps' }).check();
  await exercise.getByRole('button', { name: 'Run', exact: true }).click();
  const verdict = lesson.live().getByRole('status', { name: 'Your prediction' });
  // [l1-same-lr]: over 24,000 steps, the highest range.
  await expect(verdict).toContainText(
    /was [\d,]+ steps — “More than 5,000 steps”\. You guessed “Under 100 steps”/,
  );
  const plot = lesson.live().getByRole('img').first();
  await expect(verdict).toBeInViewport();
  await expect(plot).toBeInViewport({ ratio: 0.5 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBe(0);
});

test('lesson 5 on a phone: Run brings the run table into sight, and the verdict appears above it with the measured number', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lesson = new LessonPage(page);
  await lesson.openLesson(5);
  const exercise = lesson.exercise(/trains 300 steps at learning rate 1, twice the largest rate/);
  await exercise.getByRole('radio', { name: '90 % or more' }).check();
  await exercise.getByRole('button', { name: 'Run', exact: true }).click();
  const table = page.locator('[data-view="runs"]');
  await expect(table).toBeInViewport();
  const verdict = lesson.live().getByRole('status', { name: 'Your prediction' });
  // [l5-collapse]: the plain network sits at chance, 50 %, the lowest range.
  await expect(verdict).toContainText('No norm’s test accuracy at step 300 was 50.0 %', { timeout: 120_000 });
  await expect(verdict).toContainText('You guessed “90 % or more”');
  // The reader did not scroll: the verdict is brought into sight with the table it reads, below
  // the sticky transport dock rather than under it.
  await expect(verdict).toBeInViewport();
  await expect(table).toBeInViewport();
  await expect
    .poll(async () => {
      const [v, dock] = await Promise.all([verdict.boundingBox(), page.locator('.live-dock').boundingBox()]);
      return v && dock ? v.y - (dock.y + dock.height) : Number.NaN;
    })
    .toBeGreaterThanOrEqual(0);
  expect(await lesson.runAccuracy('No norm')).toBeCloseTo(50, 1);
  // A changed setup takes the verdict away (the run no longer answers the question).
  await lesson.tryThis('Race at learning rate 0.5').click();
  await expect(verdict).toHaveCount(0);
});
