// Accessibility audit: axe-core (WCAG 2.0/2.1/2.2, levels A and AA) on the home page, the lessons
// index, every screen of every written lesson and the Lab (idle, training, comparing, serving).
// Any serious or critical violation fails the test that found it; every violation found (of any
// impact) is printed with its rule id, impact, help text and target selectors.

import { readdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LabPage, LessonPage } from './pages.ts';

/** Each audit trains or walks several screens; give them room when the other worker is busy too. */
// axe over the Lab (hundreds of canvases and controls) takes over a minute on the 2-core CI machine.
test.describe.configure({ timeout: 240_000 });

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FAILING = new Set(['serious', 'critical']);

/**
 * Scrolls through the whole page (charts draw only once on screen), then audits it (or only the
 * part `within` selects). Returns the serious and critical violations as printable lines, after
 * printing every violation found.
 */
async function audit(page: Page, where: string, within?: string): Promise<string[]> {
  await page.evaluate(async () => {
    const step = Math.max(200, window.innerHeight - 100);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    }
    window.scrollTo(0, 0);
  });
  const builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (within) builder.include(within);
  const { violations } = await builder.analyze();
  const lines = violations.map((v) => {
    const targets = v.nodes.map((n) => n.target.join(' ')).slice(0, 6);
    const more = v.nodes.length > targets.length ? ` (+${v.nodes.length - targets.length} more)` : '';
    return `${where}: [${v.impact}] ${v.id}: ${v.help} -> ${targets.join(' | ')}${more}`;
  });
  if (lines.length) console.log(lines.join('\n'));
  return lines.filter((_, i) => FAILING.has(violations[i].impact ?? ''));
}

test('the home page and the lessons index', async ({ page }) => {
  const found: string[] = [];
  await page.goto('/#/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  found.push(...(await audit(page, 'home')));
  await page.goto('/#/lessons');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  found.push(...(await audit(page, 'lessons index')));
  expect(found).toEqual([]);
});

/** The written lessons: a lesson is available exactly when its folder exists (app/lessons/content.ts). */
const WRITTEN_LESSONS = readdirSync(new URL('../app/lessons/', import.meta.url))
  .map((name) => /^lesson-(\d+)$/.exec(name)?.[1])
  .filter((id): id is string => id !== undefined)
  .map(Number)
  .sort((a, b) => a - b);

test('the audit covers every written lesson', () => {
  expect(WRITTEN_LESSONS.slice(0, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

for (const id of WRITTEN_LESSONS) {
  test(`every screen of lesson ${id}`, async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.openLesson(id, 'step=1');
    const count = Number(/of (\d+)/.exec((await page.locator('.screen-count').textContent()) ?? '')?.[1]);
    expect(count).toBeGreaterThanOrEqual(2);
    const found: string[] = [];
    for (let step = 1; step <= count; step++) {
      if (step > 1) await page.getByRole('button', { name: new RegExp(`^Screen ${step}:`) }).click();
      await expect(page).toHaveURL(new RegExp(`step=${step}$`));
      // The whole page on the first screen; after it only the text column changes with the screen
      // (the live experiment beside it is the same component in the same state), so only that is
      // audited again: it keeps lesson 3's large tables of buttons from being audited thrice.
      found.push(
        ...(await audit(page, `lesson ${id} screen ${step}`, step > 1 ? '.lesson-text-column' : undefined)),
      );
    }
    expect(found).toEqual([]);
  });
}

test('the Lab: idle, training, comparing', async ({ page }) => {
  const lab = new LabPage(page);
  const found: string[] = [];
  await lab.open();
  found.push(...(await audit(page, 'lab idle')));
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(50);
  found.push(...(await audit(page, 'lab training')));
  await lab.button('Pause').click();
  await lab.open('v=1&compare=norm&values=none,batchnorm');
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(50);
  await lab.button('Pause').click();
  found.push(...(await audit(page, 'lab comparison')));
  expect(found).toEqual([]);
});

test('the Lab with the serving panel (lesson 7’s CNN)', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(7);
  await page.getByRole('link', { name: 'Open in Lab' }).click();
  const lab = new LabPage(page);
  await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 30_000 }).toBeGreaterThan(20);
  await lab.button('Pause').click();
  const serving = page.locator('.serving-view').first();
  await serving.scrollIntoViewIfNeeded();
  await expect(serving.getByRole('button', { name: 'Serve', exact: true })).toBeVisible();
  expect(await audit(page, 'lab serving')).toEqual([]);
});

/** The same audit with the theme toggle set to Dark (saved before the page loads), so contrast is checked in both themes. */
test.describe('in the dark theme', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      if (!localStorage.getItem('normlab:saved-state'))
        localStorage.setItem(
          'normlab:saved-state',
          JSON.stringify({ version: 1, lab: null, lessons: {}, theme: 'dark' }),
        );
    });
  });

  test('the home page, lesson 4 (text and its live charts), the Lab after training', async ({ page }) => {
    const found: string[] = [];
    await page.goto('/#/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    found.push(...(await audit(page, 'dark home')));
    const lesson = new LessonPage(page);
    await lesson.openLesson(4, 'step=2');
    found.push(...(await audit(page, 'dark lesson 4 screen 2')));
    const lab = new LabPage(page);
    await lab.open();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await lab.button('Play').click();
    await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(50);
    await lab.button('Pause').click();
    found.push(...(await audit(page, 'dark lab training')));
    expect(found).toEqual([]);
  });
});
