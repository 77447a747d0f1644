// Lesson 13's journey against the production build: train the lesson's CNN to its checkpoint and
// read the fold off the page (no BatchNorm left, fewer multiplies, eval-mode logits equal to float32
// rounding — the claims its node test checks), then the precision widget's three float16 failures;
// on a phone, every screen and the filled fold view fit 390 px. Records its time to effect
// (test-results/lesson-times/13.json) and saves screenshots under test-results/lesson-13/.

import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
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

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** "1.9 × 10⁻⁶" (or a plain decimal) as a number. */
function parseTiny(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?: × 10(⁻?)([⁰-⁹¹²³]+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a number: "${text}"`);
  if (!m[3]) return Number(m[1]);
  const exponent = Number([...m[3]].map((d) => SUPERSCRIPT.indexOf(d)).join(''));
  return Number(m[1]) * 10 ** (m[2] ? -exponent : exponent);
}

/** Nothing on the page passes the right edge of the viewport; the page does not scroll sideways. */
async function expectFits(page: Page, where: string): Promise<void> {
  const m = await page.evaluate(() => {
    const offenders: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width <= 1 || r.height === 0 || s.position === 'fixed' || s.clip !== 'auto') continue;
      let inside = false;
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement)
        if (getComputedStyle(e).overflowX !== 'visible') inside = true;
      if (!inside && r.right > window.innerWidth + 0.5)
        offenders.push(
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right ${Math.round(r.right)})`,
        );
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, offenders };
  });
  expect(m.offenders.slice(0, 5), `${where}: elements past the right edge`).toEqual([]);
  expect(m.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(m.innerWidth);
}

async function trainAndReadFold(page: Page): Promise<{ seconds: number; diff: number }> {
  const lesson = new LessonPage(page);
  await lesson.openLesson(13);
  await expect(page.getByRole('heading', { name: 'Folding BatchNorm for deployment' })).toBeVisible();
  const started = Date.now();
  await lesson.playToCheckpoint(200);
  const fold = page.locator('.fold-view');
  await fold.scrollIntoViewIfNeeded();
  await expect(fold.getByRole('status')).toContainText('Folded at step 200', { timeout: 30_000 });
  const seconds = (Date.now() - started) / 1000;
  const table = fold.getByRole('table', { name: 'Before and after folding' });
  await expect(table.getByRole('row', { name: /^BatchNorm layers 2 0$/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Layers 10 8$/ })).toBeVisible();
  await expect(
    table.getByRole('row', { name: /^Multiplies per image 299,488 290,080\s?−9,408 \(3\.1\s%\)$/ }),
  ).toBeVisible();
  const line = (await fold.locator('.fold-eval').textContent()) ?? '';
  const [, diffText, changed] = /in eval mode: (.+?) · (\S+)\s% of answers change/.exec(line) ?? [];
  const diff = parseTiny(diffText ?? '');
  expect(diff).toBeLessThan(1e-5);
  expect(changed).toBe('0.0');
  // Against train mode (batch statistics) the folded logits are visibly different.
  const train = (await fold.locator('.fold-train').textContent()) ?? '';
  const [, trainDiff] = /largest logit difference (\S+)/.exec(train) ?? [];
  expect(parseTiny(trainDiff ?? '')).toBeGreaterThan(0.5);
  return { seconds, diff };
}

test('lesson 13: the trained CNN folds to no BatchNorm, 3.1 % fewer multiplies, the same eval-mode logits; float16 statistics fail three ways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { seconds, diff } = await trainAndReadFold(page);
  mkdirSync('test-results/lesson-13', { recursive: true });
  await page.screenshot({ path: 'test-results/lesson-13/desktop-fold.png', fullPage: true });
  recordTime(
    13,
    seconds,
    `Play to the step-200 checkpoint and fold: 2 -> 0 BN layers, max eval-mode logit difference ${diff}`,
  );

  // The precision widget, screen 3.
  const lesson = new LessonPage(page);
  await lesson.openLesson(13, 'step=3');
  await expect(lesson.screenTitle()).toHaveText('Statistics stay in float32');
  const widget = page.getByRole('region', { name: 'Statistics in float16 and float32' });
  const sums = widget.getByRole('table', { name: 'Sum of squares' });
  await expect(sums.getByRole('row', { name: /^float16 Infinity \(overflow\)/ })).toBeVisible();
  await expect(sums.getByRole('row', { name: /^float32 110,488\.1$/ })).toBeVisible();
  const variance = widget.getByRole('table', { name: 'Variance' });
  await expect(variance.getByRole('row', { name: /^float16, E\[x²\] − E\[x\]² 0 ✗$/ })).toBeVisible();
  await expect(widget.locator('.precision-summary')).toContainText('float16 96.875');
  await widget.getByLabel('Momentum (weight of the new batch)').selectOption('0.1');
  await expect(widget.locator('.precision-summary')).toContainText('float16 99.75');
  // A smaller activation size: no overflow, float16 is finite again.
  await widget.getByLabel('Activation size (standard deviation)').fill('8');
  await expect(sums.getByRole('row', { name: /^float16 Infinity/ })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/lesson-13/desktop-precision.png', fullPage: true });

  // The checklist links to the lessons that showed each item.
  await lesson.openLesson(13, 'step=4');
  const checklist = page.locator('ol.checklist');
  await page.screenshot({ path: 'test-results/lesson-13/desktop-checklist.png', fullPage: true });
  for (const id of [6, 7, 9, 11])
    await expect(checklist.locator(`a[href="#/lessons/${id}"]`).first()).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('lesson 13: every screen, and the fold view after training, fit 390 px', async ({ page }) => {
    const lesson = new LessonPage(page);
    mkdirSync('test-results/lesson-13', { recursive: true });
    for (const step of [1, 2, 3, 4]) {
      await lesson.openLesson(13, `step=${step}`);
      await expectFits(page, `#/lessons/13?step=${step}`);
      await page.screenshot({ path: `test-results/lesson-13/phone-screen-${step}.png`, fullPage: true });
      if (step === 3)
        await page
          .locator('.precision-widget')
          .screenshot({ path: 'test-results/lesson-13/phone-precision.png' });
      if (step === 4)
        await page.locator('ol.checklist').screenshot({ path: 'test-results/lesson-13/phone-checklist.png' });
    }
    await trainAndReadFold(page);
    await expectFits(page, '#/lessons/13 after folding');
    await page.locator('.fold-view').screenshot({ path: 'test-results/lesson-13/phone-fold.png' });
  });
});

test('the Lab shows the fold view too: the default BN MLP on the spiral folds to no BatchNorm', async ({
  page,
}) => {
  const lab = new LessonPage(page);
  await lab.open();
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 30_000 }).toBeGreaterThan(50);
  await lab.button('Pause').click();
  const fold = page.locator('.fold-view');
  await fold.scrollIntoViewIfNeeded();
  await expect(fold.getByRole('status')).toContainText('Folded at step', { timeout: 20_000 });
  const table = fold.getByRole('table', { name: 'Before and after folding' });
  await expect(table.getByRole('row', { name: /^BatchNorm layers 3 0$/ })).toBeVisible();
  const line = (await fold.locator('.fold-eval').textContent()) ?? '';
  const [, diffText] = /in eval mode: (.+?) · /.exec(line) ?? [];
  expect(parseTiny(diffText ?? '')).toBeLessThan(1e-4);
});
