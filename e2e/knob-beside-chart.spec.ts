// The knob a lesson's text names is on screen with the chart it changes (issue 19, items 1 and
// 10): on a 1280 × 800 desktop, where the live column is sticky and scrolls on its own, and on a
// 390 × 844 phone; and lesson 1's try-this plays the descent it promises.

import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

/**
 * How far the element lies outside what the reader can see (px; 0 = all of it shows): outside
 * the window, or clipped by a scrolling ancestor (the desktop's live column).
 */
function hiddenBy(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    let top = 0;
    let bottom = window.innerHeight;
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (!/(auto|scroll|hidden)/.test(getComputedStyle(node).overflowY)) continue;
      const box = node.getBoundingClientRect();
      top = Math.max(top, box.top);
      bottom = Math.min(bottom, box.bottom);
    }
    return Math.max(0, top - r.top) + Math.max(0, r.bottom - bottom);
  });
}

function landscape(lesson: LessonPage) {
  const region = lesson.page.getByRole('region', { name: 'Gradient descent on the loss surface' });
  return {
    plot: region.locator('svg.landscape-svg'),
    standardize: region.getByRole('checkbox', { name: 'Standardize inputs' }),
    status: region.getByLabel('Run status'),
  };
}

function batchStep(lesson: LessonPage) {
  return {
    y: lesson.page
      .locator('table')
      .filter({ has: lesson.page.locator('caption', { hasText: 'y = γ · x̂ + β' }) }),
    undo: lesson.page.getByRole('button', { name: 'Undo the normalization' }),
  };
}

test.describe('desktop, 1280 × 800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('lesson 1 screen 3: the Standardize box and the loss surface show together as the screen opens', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(1, 'step=3');
    const { plot, standardize } = landscape(lesson);
    await expect(plot).toBeVisible();
    await expect.poll(() => hiddenBy(plot)).toBe(0);
    expect(await hiddenBy(standardize)).toBe(0);
  });

  test('lesson 3 screen 2: with Undo in sight, the y table it changes is in sight too', async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(3, 'step=2');
    const { y, undo } = batchStep(lesson);
    await undo.scrollIntoViewIfNeeded();
    expect(await hiddenBy(undo)).toBe(0);
    expect(await hiddenBy(y)).toBe(0);
    await undo.click();
    await expect(page.getByRole('status', { name: 'Undo check, feature 0' })).toContainText('y equals x');
  });
});

test.describe('small desktop, 1024 × 768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('lesson 1: too narrow for the panel beside the plot, the plot shrinks so the Standardize box shows with it in the stuck column', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(1, 'step=3');
    const { plot, standardize } = landscape(lesson);
    await expect(plot).toBeVisible();
    // The reader scrolls the text; the live column sticks to the window's top.
    await page.mouse.move(200, 400);
    await page.mouse.wheel(0, 400);
    await expect.poll(() => hiddenBy(standardize)).toBe(0);
    expect(await hiddenBy(plot)).toBe(0);
  });
});

test.describe('phone, 390 × 844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('lesson 1: scrolled down to the Standardize box, the whole plot is still on screen', async ({
    page,
  }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(1, 'step=3');
    const { plot, standardize } = landscape(lesson);
    await expect(plot).toBeVisible();
    await standardize.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    expect(await hiddenBy(standardize)).toBe(0);
    expect(await hiddenBy(plot)).toBe(0);
  });

  test('lesson 3: scrolled down to Undo, the whole y table is still on screen', async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(3, 'step=2');
    const { y, undo } = batchStep(lesson);
    await undo.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    expect(await hiddenBy(undo)).toBe(0);
    expect(await hiddenBy(y)).toBe(0);
  });
});

test('lesson 1: a try-this plays the descent it describes, without pressing Play', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(1, 'step=3');
  const { status } = landscape(lesson);
  await expect(status).toContainText('Ready');
  await lesson.tryThis('Standardize, and raise the learning rate to 0.1').click();
  await expect(status).toContainText(/Converged at step (1\d|2[0-5])\b/);
  // The same prompt again plays it again (for about a second, 20 steps a second).
  await lesson.tryThis('Standardize, and raise the learning rate to 0.1').click();
  await expect(lesson.live().getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(status).toContainText(/Converged at step (1\d|2[0-5])\b/);
});
