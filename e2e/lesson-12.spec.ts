// Lesson 12's journey against the production build: train the lesson's BN network to its
// checkpoint, then read the spread panel (one digit's logit spread over random batch-mates, falling
// about as 1/√B) and the train/test gap off the page — the numbers its claim test checks in node.
// Records the time to effect (test-results/lesson-times/12.json).

import { mkdirSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

test.describe.configure({ timeout: 150_000 });

function recordTime(lesson: number, seconds: number, what: string): void {
  mkdirSync('test-results/lesson-times', { recursive: true });
  writeFileSync(
    `test-results/lesson-times/${lesson}.json`,
    JSON.stringify({ lesson, seconds, what }, null, 2),
  );
}

test('lesson 12: one digit’s logits spread less as the batch grows (about 1/√B); the fit table gives the gap', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(12);
  await expect(lesson.screenTitle()).toHaveText('A batch is a sample');
  const started = Date.now();
  await lesson.playToCheckpoint(300);
  const spread = page.locator('.view-card').filter({ hasText: 'One digit, many batch-mates' });
  await spread.scrollIntoViewIfNeeded();
  const summary = spread.getByText(/^Spread: /);
  // The claim's numbers for the default seed (l12-spread-panel), computed by the page's worker.
  await expect(summary).toHaveText(
    'Spread: 2.3 at B = 4, 0.58 at B = 64: 3.9× smaller; fitted exponent −0.49 (1/√B: −0.50)',
    { timeout: 20_000 },
  );
  const seconds = (Date.now() - started) / 1000;
  await expect(spread.getByRole('img', { name: /Logit spread against batch size/ })).toBeVisible();

  // New batch-mates: another draw, the same trend.
  await spread.getByRole('button', { name: 'New batch-mates' }).click();
  await expect(summary).not.toHaveText(/0\.58 at B = 64/);
  const [, ratio] = /: (\d+\.\d)× smaller/.exec((await summary.textContent()) ?? '') ?? [];
  expect(Number(ratio)).toBeGreaterThanOrEqual(3);

  // The fit table: the BN network's train/test gap at step 300 (l12-gap-bn: 4.0 points for seed 1).
  const fit = page.locator('.view-card').filter({ hasText: 'Train/test gap' });
  await fit.scrollIntoViewIfNeeded();
  await expect(fit.getByRole('row', { name: /Gap \(train − test\)/ })).toHaveText(/4\.0 points/);
  await expect(fit.getByText(/At step 300/)).toBeVisible();
  recordTime(12, seconds, 'Play to the step-300 checkpoint until the spread panel reads 3.9× smaller');
  // The test accuracy curve (evaluated every 25 steps) is drawn once its card is on screen.
  const accuracy = page.locator('.view-card').filter({ hasText: /^Test accuracy/ });
  await accuracy.scrollIntoViewIfNeeded();
  await expect(accuracy.getByText('Measured on the test split every 25 steps.')).toBeHidden();
  await accuracy.screenshot({ path: 'test-results/lesson-12/accuracy.png' });
  await page.screenshot({ path: 'test-results/lesson-12/desktop.png', fullPage: true });
});

test('lesson 12 on a 390 px phone: the trained panels fit, nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lesson = new LessonPage(page);
  await lesson.openLesson(12);
  await lesson.playToCheckpoint(300);
  const spread = page.locator('.view-card').filter({ hasText: 'One digit, many batch-mates' });
  await expect(spread.getByText(/^Spread: .*× smaller/)).toBeVisible({ timeout: 20_000 });
  const fit = page.locator('.view-card').filter({ hasText: 'Train/test gap' });
  await expect(fit.getByRole('row', { name: /Gap \(train − test\)/ })).toHaveText(/points/);
  for (const card of [spread, fit]) {
    const box = await card.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  }
  // Every screen (formulas included) fits the phone's width.
  for (const [k, title] of [
    'A batch is a sample',
    'Does the noise regularize?',
    'Weight decay meets BatchNorm',
  ].entries()) {
    await expect(lesson.screenTitle()).toHaveText(title);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide, title).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `test-results/lesson-12/phone-${k + 1}.png`, fullPage: true });
    if (k < 2) await page.getByRole('button', { name: /Next/ }).click();
  }
});

test('lesson 12, trained: axe finds no serious or critical WCAG violation on any screen', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(12);
  await lesson.playToCheckpoint(300);
  await expect(page.getByText(/^Spread: .*× smaller/)).toBeVisible({ timeout: 20_000 });
  const found: string[] = [];
  for (let step = 1; step <= 3; step++) {
    if (step > 1) await page.getByRole('button', { name: new RegExp(`^Screen ${step}:`) }).click();
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    for (const v of violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(
          `screen ${step}: [${v.impact}] ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
        );
  }
  expect(found).toEqual([]);
});
