// Lesson 10's journey against the production build: the five normalizers race on the CNN to the
// step-100 checkpoint and end within 4 points of each other (the claim [l10-five] its node test
// checks), and the diagram's group slider turns GroupNorm's sets into LayerNorm's (G = 1) and
// InstanceNorm's (G = C). Records the time to effect (test-results/lesson-times/10.json) and keeps
// screenshots of the lesson at 1280 × 800 and 390 × 844.

import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

/** Five CNN runs train here; give the journey room on a loaded machine. */
test.describe.configure({ timeout: 240_000 });

function recordTime(lesson: number, seconds: number, what: string): void {
  mkdirSync('test-results/lesson-times', { recursive: true });
  writeFileSync(
    `test-results/lesson-times/${lesson}.json`,
    JSON.stringify({ lesson, seconds, what }, null, 2),
  );
}

const FIVE = ['BatchNorm', 'LayerNorm', 'GroupNorm', 'InstanceNorm', 'RMSNorm'];

test('lesson 10: five normalizers on one CNN end within 4 points at step 100; the group slider spans LayerNorm to InstanceNorm', async ({
  page,
}, testInfo) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(10);
  await expect(lesson.screenTitle()).toHaveText('One formula, five choices of set');
  const seconds = await lesson.playToCheckpoint(100, 180_000);
  await lesson.showRunsAt(100);
  await expect(lesson.runRows()).toHaveCount(5);
  const accuracy: number[] = [];
  for (const label of FIVE) accuracy.push(await lesson.runAccuracy(label));
  for (const a of accuracy) expect(a).toBeGreaterThanOrEqual(85);
  expect(Math.max(...accuracy) - Math.min(...accuracy)).toBeLessThanOrEqual(4);

  const diagram = page.getByRole('region', { name: 'Which values share one mean and variance' });
  await diagram.scrollIntoViewIfNeeded();
  await diagram.getByRole('group', { name: 'Normalizer' }).getByRole('radio', { name: 'GroupNorm' }).check();
  const slider = diagram.getByRole('slider', { name: /Groups \(G\)/ });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(diagram.getByText('G = 1: the same sets as LayerNorm')).toBeVisible();
  await page.keyboard.press('End');
  await expect(diagram.getByText('G = C: the same sets as InstanceNorm')).toBeVisible();
  // Live statistics of a set, once trained.
  await diagram.getByRole('button').first().focus();
  await page.keyboard.press('Enter');
  await expect(diagram.locator('.bn-set-stats')).toContainText(/Mean -?\d/);
  await page.screenshot({ path: testInfo.outputPath('lesson-10-desktop.png'), fullPage: false });

  // The sequence screen: the panel trains the three token models in the worker and shows the study.
  await lesson.openLesson(10, 'step=4');
  await expect(lesson.screenTitle()).toHaveText('Why sequences use LayerNorm');
  const panel = page.getByRole('region', { name: 'Padded sequences, live' });
  const askedAt = Date.now();
  await panel.getByRole('button', { name: 'Train the three sequence models' }).click();
  const table = panel.getByRole('table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  const sequenceSeconds = (Date.now() - askedAt) / 1000;
  const cells = async (header: RegExp) =>
    table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: header }) })
      .getByRole('cell')
      .allTextContents();
  expect(await cells(/^Right/)).toEqual(['400', '400', '400']);
  const [bn96, ln96, rms96] = await cells(/^Padded to 96/);
  expect(Number(bn96)).toBeGreaterThan(12);
  expect([ln96, rms96]).toEqual(['0', '0']);
  const [bnOne, lnOne] = await cells(/^Batch 1/);
  expect(Number(bnOne)).toBeGreaterThanOrEqual(45);
  expect(lnOne).toBe('0');
  await panel.screenshot({ path: testInfo.outputPath('lesson-10-sequences.png') });
  recordTime(
    10,
    seconds,
    `Play to the step-100 checkpoint, five CNN runs: ${FIVE.map((k, i) => `${k} ${accuracy[i]} %`).join(', ')}; sequence study ${sequenceSeconds.toFixed(1)} s (BN at 96: ${bn96}, batch 1: ${bnOne} changed)`,
  );
});

test('lesson 10 on a phone: nothing scrolls sideways; the diagram and its slider fit', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lesson = new LessonPage(page);
  await lesson.openLesson(10);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const diagram = page.getByRole('region', { name: 'Which values share one mean and variance' });
  await diagram.scrollIntoViewIfNeeded();
  await diagram.getByRole('group', { name: 'Normalizer' }).getByRole('radio', { name: 'GroupNorm' }).check();
  const box = await diagram.boundingBox();
  expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
  expect((box?.x ?? 0) + (box?.width ?? 1000)).toBeLessThanOrEqual(390);
  await expect(diagram.getByRole('slider', { name: /Groups \(G\)/ })).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('lesson-10-phone-diagram.png') });

  await lesson.openLesson(10, 'step=4');
  const panel = page.getByRole('region', { name: 'Padded sequences, live' });
  await panel.getByRole('button', { name: 'Train the three sequence models' }).click();
  await expect(panel.getByRole('table')).toBeVisible({ timeout: 60_000 });
  const table = await panel.getByRole('table').boundingBox();
  expect((table?.x ?? 0) + (table?.width ?? 1000)).toBeLessThanOrEqual(390);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await panel.screenshot({ path: testInfo.outputPath('lesson-10-phone-sequences.png') });
});
