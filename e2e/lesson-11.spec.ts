// Lesson 11's journey against the production build: train the lesson's MLP to its checkpoint, then
// read the shift panel — the worst shift (inverted digits) drops accuracy below chance and AdaBN wins
// none of it back; the washed-out digits drop below 35 % and AdaBN on unlabeled digits wins nearly
// all of it back, already most with one target batch. Records its time to effect.

import { mkdirSync, writeFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
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

/** The three bars' values (percent) once the panel shows a measurement for `label` at `step`. */
async function bars(panel: Locator, label: string, step: number, batches?: number) {
  const shifted = panel.locator('.shift-shifted dt');
  await expect(shifted).toHaveText(`${label}, trained statistics`, { timeout: 30_000 });
  if (batches !== undefined)
    await expect(panel.locator('.shift-adapted dt')).toContainText(`after AdaBN on ${batches} × 32 digits`);
  await expect(panel.locator('.shift-summary')).toContainText(`(model at step ${step},`);
  const value = async (kind: string) => {
    const text = (await panel.locator(`.shift-${kind} .shift-value`).textContent()) ?? '';
    const match = /^(\d+) %$/.exec(text.trim());
    if (!match) throw new Error(`no accuracy in the ${kind} bar: "${text}"`);
    return Number(match[1]);
  };
  return { clean: await value('clean'), shifted: await value('shifted'), adapted: await value('adapted') };
}

test('lesson 11: shifted digits drop the trained MLP’s accuracy; AdaBN on unlabeled digits wins back the washed-out loss, not the inverted one', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(11);
  await expect(lesson.screenTitle()).toHaveText('New digits, old statistics');
  const started = Date.now();
  await lesson.playToCheckpoint(300);
  const panel = page.locator('.shift-view').first();
  await panel.scrollIntoViewIfNeeded();

  // The default shift: washed out, 8 target batches.
  const washed = await bars(panel, 'Washed out', 300, 8);
  const seconds = (Date.now() - started) / 1000;
  expect(washed.clean).toBeGreaterThanOrEqual(90);
  expect(washed.shifted).toBeLessThanOrEqual(35);
  expect(washed.adapted).toBeGreaterThanOrEqual(washed.clean - 2);
  await expect(panel.locator('.shift-summary')).toContainText(/AdaBN wins back (9[7-9]|100) % of them/);

  // The worst shift: inverted digits, below chance, and AdaBN wins nothing back.
  await panel.getByLabel('Shift').selectOption('invert');
  const inverted = await bars(panel, 'Inverted', 300, 8);
  expect(inverted.shifted).toBeLessThanOrEqual(6);
  expect(inverted.adapted).toBeLessThanOrEqual(inverted.shifted + 1);
  await expect(panel.locator('.shift-summary')).toContainText('AdaBN wins back none of it.');

  // One target batch of 32 unlabeled washed-out digits already wins back most of the loss.
  await panel.getByLabel('Shift').selectOption('washed');
  await panel.getByLabel('Target batches').fill('1');
  const one = await bars(panel, 'Washed out', 300, 1);
  expect((one.adapted - one.shifted) / (one.clean - one.shifted)).toBeGreaterThanOrEqual(0.9);

  // GroupNorm: immune to the darker digits, down on the washed-out ones, and nothing to adapt.
  await lesson.tryThis('Use GroupNorm instead of BatchNorm').click();
  await expect(lesson.status()).toContainText('Paused · step 300', { timeout: 90_000 });
  await panel.getByLabel('Shift').selectOption('dark');
  await expect(panel.locator('.shift-summary')).toContainText('nothing for AdaBN to re-estimate', {
    timeout: 30_000,
  });
  const gnDark = await bars(panel, 'Darker', 300);
  expect(gnDark.shifted).toBe(gnDark.clean);
  await panel.getByLabel('Shift').selectOption('washed');
  const gnWashed = await bars(panel, 'Washed out', 300);
  expect(gnWashed.shifted).toBeLessThanOrEqual(40);
  expect(gnWashed.adapted).toBe(gnWashed.shifted);
  expect(washed.adapted - gnWashed.shifted).toBeGreaterThanOrEqual(50);

  recordTime(
    11,
    seconds,
    `train to step 300 and measure the washed-out shift: clean ${washed.clean} %, shifted ${washed.shifted} %, after AdaBN ${washed.adapted} %`,
  );
});

/** Elements past the viewport's right edge (wide formulas and code scroll in their own box). */
function overflow(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const wide = 'pre, .formula, .katex-display';
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height === 0 || el.closest(wide)) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed' || style.clip !== 'auto') continue;
      if (rect.right > window.innerWidth + 0.5)
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      out: out.slice(0, 6),
    };
  });
}

for (const [name, viewport] of [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
] as const) {
  test.describe(`at ${viewport.width} × ${viewport.height}`, () => {
    test.use({ viewport });

    test(`lesson 11 on the ${name}: the shift panel, its controls and every screen fit after training`, async ({
      page,
    }) => {
      const lesson = new LessonPage(page);
      await lesson.openLesson(11, 'step=3');
      await lesson.playToCheckpoint(300);
      const panel = page.locator('.shift-view').first();
      await panel.scrollIntoViewIfNeeded();
      await bars(panel, 'Washed out', 300, 8);
      // The knob the prompts name (Target batches) sits with the bars it moves.
      await expect(panel.getByLabel('Target batches')).toBeVisible();
      await page.screenshot({ path: `test-results/lesson-11/${name}-panel.png`, fullPage: true });
      await panel.screenshot({ path: `test-results/lesson-11/${name}-panel-card.png` });
      const m = await overflow(page);
      expect(m.out, 'elements past the right edge').toEqual([]);
      expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
      for (const step of [1, 2, 4, 5]) {
        await lesson.openLesson(11, `step=${step}`);
        await page.screenshot({ path: `test-results/lesson-11/${name}-screen-${step}.png`, fullPage: true });
        const s = await overflow(page);
        expect(s.out, `screen ${step}: elements past the right edge`).toEqual([]);
      }
    });
  });
}
