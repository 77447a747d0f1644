// Lesson journeys against the production build: open a lesson's link, run its experiment, and
// see the claimed effect on the page (the same claim its node test checks). Each journey also
// records its time to effect (test-results/lesson-times/N.json) for the closing note.

import { mkdirSync, writeFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

/** Lesson journeys train real networks; give them room when the other e2e worker is busy too. */
test.describe.configure({ timeout: 150_000 });

function recordTime(lesson: number, seconds: number, what: string): void {
  mkdirSync('test-results/lesson-times', { recursive: true });
  writeFileSync(
    `test-results/lesson-times/${lesson}.json`,
    JSON.stringify({ lesson, seconds, what }, null, 2),
  );
}

/** The latest-values table of the diagnostics view, as numbers per layer row. */
async function diagnosticsRows(
  view: Locator,
): Promise<{ layer: string; gradNorm: number; saturated: number | null }[]> {
  const details = view.locator('details.diag-details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await details.locator('summary').click();
  const rows = details.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const out = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('th, td').allTextContents();
    const saturated = /%/.test(cells[2]) ? Number.parseFloat(cells[2]) : null;
    out.push({ layer: cells[0], gradNorm: Number.parseFloat(cells[1]), saturated });
  }
  return out;
}

test.describe('lessons', () => {
  test('lesson 1: standardized inputs reach the minimum in about 20 steps at a rate that diverges at once on raw inputs', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(1);
    const landscape = page.getByRole('region', { name: 'Gradient descent on the loss surface' });
    const status = landscape.getByLabel('Run status');
    await expect(status).toContainText('Ready');
    const started = Date.now();
    // A try-this plays the descent by itself.
    await lesson.tryThis('Standardize, and raise the learning rate to 0.1').click();
    await expect(status).toContainText(/Converged at step (1\d|2[0-5])\b/);
    const seconds = (Date.now() - started) / 1000;
    await expect(page).toHaveURL(/#\/lessons\/1\?scale=100&standardize=1&lr=0\.1&seed=1&step=1$/);

    await lesson.tryThis('Same learning rate 0.1, without standardizing').click();
    await expect(status).toContainText('Diverged at step 1:');

    // The lesson's own setting: the raw path would need over 24,000 steps at 0.9 x its limit.
    await lesson.button('Back to the lesson’s setup').click();
    await landscape.getByRole('button', { name: 'Step' }).click();
    await expect(landscape.getByLabel('Readout')).toContainText('Step1');
    recordTime(1, seconds, 'Try-this "standardize, lr 0.1" until "Converged at step ~20"');
  });

  test('lesson 2: without BN the deep tanh net saturates and its first layer’s gradient vanishes; with BN it trains', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(2);
    await expect(lesson.screenTitle()).toHaveText('Depth multiplies');
    const seconds = await lesson.playToCheckpoint(500);

    const diagnostics = page.locator('.view-card').filter({ hasText: 'Training diagnostics' });
    await diagnostics.scrollIntoViewIfNeeded();
    await diagnostics.getByRole('radio', { name: 'No norm' }).check();
    const plain = await diagnosticsRows(diagnostics);
    expect(plain.at(-1)?.gradNorm ?? 0).toBeGreaterThan(1000 * plain[0].gradNorm);
    const saturation = plain.flatMap((r) => (r.saturated === null ? [] : [r.saturated]));
    expect(saturation.length).toBe(8);
    expect(Math.min(...saturation)).toBeGreaterThanOrEqual(70);

    await diagnostics.getByRole('radio', { name: 'BatchNorm' }).check();
    await expect(diagnostics).toContainText('Training diagnostics (BatchNorm)');
    const bn = await diagnosticsRows(diagnostics);
    expect(bn.at(-1)?.gradNorm ?? 0).toBeLessThan(10 * bn[0].gradNorm);

    await lesson.showRunsAt(500);
    expect(await lesson.runAccuracy('No norm')).toBeLessThanOrEqual(60);
    expect(await lesson.runAccuracy('BatchNorm')).toBeGreaterThanOrEqual(90);
    recordTime(2, seconds, 'Play to the step-500 checkpoint, where the diagnostics show the claim');
  });

  test('lesson 5: at learning rate 3 the plain net diverges while BN trains; the sweep shows BN’s stable range 4× wider', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(5);
    const raceSeconds = await lesson.playToCheckpoint(300);
    await expect(lesson.status()).toContainText(/No norm: diverged at step \d+/);
    await lesson.showRunsAt(300);
    await expect(lesson.runRows().filter({ hasText: 'No norm' })).toContainText('diverged');
    expect(await lesson.runRows().filter({ hasText: 'BatchNorm' }).textContent()).toMatch(/0\.\d{3}/);

    const started = Date.now();
    await lesson.tryThis('Run the learning-rate sweep').click();
    const chart = page.getByRole('img', { name: /Final training loss vs/ });
    await expect(page.getByText(/Finished: 16 runs/)).toBeVisible({ timeout: 90_000 });
    const sweepSeconds = (Date.now() - started) / 1000;
    const summary = (await chart.getAttribute('aria-label')) ?? '';
    /** Largest learning rate whose point is stable (final loss < 0.3, not diverged) for a run. */
    const largestStable = (label: string) => {
      const stable = [...summary.matchAll(new RegExp(`${label}, ([\\d.]+): final loss ([\\d.]+)`, 'g'))]
        .filter((m) => Number(m[2]) < 0.3)
        .map((m) => Number(m[1]));
      return Math.max(...stable);
    };
    expect(summary).toContain('No norm, 3: diverged');
    expect(largestStable('BatchNorm')).toBeGreaterThanOrEqual(4 * largestStable('No norm'));
    recordTime(
      5,
      raceSeconds + sweepSeconds,
      `race to step 300 (${raceSeconds.toFixed(1)} s) + sweep (${sweepSeconds.toFixed(1)} s)`,
    );
  });

  test('lesson 3: one BN step shows its arithmetic, γ and β undo it, and a conv map has one pair of statistics per channel', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    const started = Date.now();
    await lesson.openLesson(3);
    const view = lesson.live();
    await view.getByRole('button', { name: /^x̂, sample 3, feature 2 = / }).click();
    await expect(view.getByLabel('Arithmetic')).toContainText('√');
    await view.getByRole('button', { name: 'Undo the normalization' }).click();
    await expect(view.getByLabel(/^Undo check, feature \d$/)).toContainText('y equals x');
    const seconds = (Date.now() - started) / 1000;
    await lesson.tryThis('Switch to a conv feature map').click();
    await expect(view.getByRole('region', { name: /^Channel \d$/ })).toHaveCount(3);
    await expect(page).toHaveURL(/#\/lessons\/3\?example=conv&seed=1&step=1$/);
    recordTime(3, seconds, 'open, click a cell, press Undo: y equals x');
  });

  test('lesson 4: on the paper’s MNIST network BN leads no-BN by 30+ points at step 150, and the unit’s percentiles are drawn for both, on a fixed set of test digits', async ({
    page,
  }, testInfo) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(4);
    const seconds = await lesson.playToCheckpoint(150);
    await lesson.showRunsAt(150);
    const bn = await lesson.runAccuracy('BatchNorm');
    const plain = await lesson.runAccuracy('No norm');
    expect(bn - plain).toBeGreaterThanOrEqual(30);
    const bands = page.locator('.act-summary');
    await bands.first().scrollIntoViewIfNeeded();
    const over = 'unit 0 input on a fixed set of 300 test digits';
    await expect(page.getByText(new RegExp(`No norm, ${over} at step \\d+: median`))).toBeVisible();
    await expect(page.getByText(new RegExp(`BatchNorm, ${over} at step \\d+: median`))).toBeVisible();
    const chart = page.getByRole('figure', {
      name: 'Unit 0 input over training, on a fixed set of 300 test digits',
    });
    await expect(chart).toBeVisible();
    await chart.screenshot({ path: testInfo.outputPath('lesson-4-bands.png') });
    recordTime(4, seconds, `Play to the step-150 checkpoint (MNIST loaded first): BN ${bn} % vs ${plain} %`);
  });

  test('lesson 6: with momentum 0.1 the running statistics serve well by step 100, 0.01 lags; training is identical', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(6);
    const seconds = await lesson.playToCheckpoint(100);
    await lesson.showRunsAt(100);
    await expect(lesson.runRows()).toHaveCount(3);
    const slow = await lesson.runAccuracy('BN momentum 0.01');
    const usual = await lesson.runAccuracy('BN momentum 0.1');
    expect(usual - slow).toBeGreaterThanOrEqual(15);
    // Train mode never reads the running statistics: the three runs' train losses are equal.
    const losses = await lesson.runRows().locator('td:nth-of-type(2)').allTextContents();
    expect(new Set(losses).size).toBe(1);
    const drift = page.getByRole('region', { name: 'Running statistics drift' });
    await drift.scrollIntoViewIfNeeded();
    await expect(drift.getByRole('slider', { name: 'BN momentum' })).toBeDisabled();
    recordTime(6, seconds, `Play to the step-100 checkpoint: eval accuracy 0.1 ${usual} % vs 0.01 ${slow} %`);
  });

  test('lesson 7: a CNN trained in the lesson loses accuracy served one image at a time in train mode; train mode moves its statistics', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(7);
    const started = Date.now();
    await lesson.playToCheckpoint(200);
    const serving = page.locator('.serving-view').first();
    await serving.scrollIntoViewIfNeeded();
    // Train mode first, then eval mode, whichever is served (the toggle's order).
    const line = serving.locator('.serving-accuracy').filter({ hasText: /^Train mode/ });
    await expect(line).toContainText('(model at step 200)', { timeout: 20_000 });
    const seconds = (Date.now() - started) / 1000;
    const [, trainAcc, evalAcc] =
      /Train mode: (\d+)\s%\s·\sEval mode: (\d+)\s%/.exec((await line.textContent()) ?? '') ?? [];
    expect(Number(evalAcc)).toBeGreaterThanOrEqual(90);
    expect(Number(evalAcc) - Number(trainAcc)).toBeGreaterThanOrEqual(5);
    // Eval mode is deterministic: serving again gives the same line; train mode moves the statistics.
    await serving.getByRole('button', { name: 'Serve', exact: true }).click();
    await expect(line).toHaveText(
      new RegExp(
        `^Train mode: ${trainAcc}\\s%\\s·\\sEval mode: ${evalAcc}\\s% · batch size 1 \\(model at step 200\\)$`,
      ),
    );
    await serving.getByRole('radio', { name: /Train mode/ }).check();
    await expect(
      serving.getByText(/Serving in train mode just changed the running statistics/),
    ).toBeVisible();
    recordTime(
      7,
      seconds,
      `train to step 200 and serve: eval ${evalAcc} % vs train mode ${trainAcc} % at batch 1`,
    );
  });

  test('a lesson link opens its screen; progress and the answer are saved; Open in Lab carries the experiment', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(2, 'step=3');
    await expect(lesson.screenTitle()).toHaveText('Vanishing gradients');
    await expect(page.getByRole('form', { name: 'Check your understanding' })).toBeVisible();
    await page.getByRole('radio', { name: /The first layer has fewer weights/ }).check();
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText(/Not quite\./)).toBeVisible();
    await page.getByRole('radio', { name: /product of many near-zero tanh slopes/ }).check();
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText(/^Right\./)).toBeVisible();
    await expect(page.locator('.lesson-header .tag.done')).toHaveText('Completed');

    // A knob change goes into the link, which then opens that experiment.
    await lesson.live().getByLabel('Init', { exact: true }).selectOption('xavier');
    await expect(page).toHaveURL(/#\/lessons\/2\?v=1&.*init=xavier.*&step=3$/);
    await expect(lesson.button('Back to the lesson’s setup')).toBeVisible();
    const shared = page.url();

    await lesson.live().getByRole('link', { name: 'Open in Lab' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
    await expect(lesson.control('Init')).toHaveValue('xavier');
    await expect(lesson.control('Hidden layers')).toHaveValue('8');

    await page.goto(shared);
    await expect(lesson.screenTitle()).toHaveText('Vanishing gradients');
    await expect(lesson.live().getByLabel('Init', { exact: true })).toHaveValue('xavier');

    await page.goto('/#/lessons');
    const item = page.getByRole('listitem').filter({ hasText: 'Deep nets without normalization' });
    await expect(item).toContainText('Done');
    await page.goto('/#/lessons/5');
    await page.goto('/#/lessons');
    await expect(page.getByRole('listitem').filter({ hasText: 'Higher learning rates' })).toContainText(
      'In progress · screen 1 of 4',
    );
  });

  test('a lesson link with a bad screen or bad values opens anyway, with a notice', async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(5, 'v=1&lr=banana&step=9');
    await expect(lesson.screenTitle()).toHaveText('A smoother landscape?');
    await expect(page.getByRole('status', { name: 'Notices' })).toContainText('This lesson has 4 screens');
    await expect(page.getByRole('status', { name: 'Notices' })).toContainText('lr');
    await expect(lesson.button('Play')).toBeEnabled();
  });
});
