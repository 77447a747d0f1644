// Journey: saved lesson progress survives Lab links, reloads and a second tab. Each writer saves
// only what it owns (the Lab its experiment, a lesson its own entry), merged into what is stored,
// and a tab picks up another tab's saves as they happen.

import { expect, test } from './fixtures.ts';
import { LabPage, ShellPage } from './pages.ts';

const LESSON_2 = /Deep nets without normalization/;

async function advanceLesson2(page: import('@playwright/test').Page, times: number): Promise<void> {
  await page.goto('/#/lessons/2');
  await expect(page.locator('.lesson-header h1')).toBeVisible();
  for (let i = 0; i < times; i++) {
    const before = await page.locator('#screen-title').textContent();
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect(page.locator('#screen-title')).not.toHaveText(before ?? '');
  }
}

function lessonItem(page: import('@playwright/test').Page, name: RegExp) {
  return page.getByRole('listitem').filter({ has: page.getByRole('link', { name }) });
}

test('a Lab link with a query, and a reload of it, keep lesson progress', async ({ page }) => {
  await advanceLesson2(page, 2);
  const lab = new LabPage(page);
  await lab.open('norm=layernorm');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  await new ShellPage(page).nav('Course').click();
  await expect(lessonItem(page, LESSON_2)).toContainText(/In progress · screen 3 of \d/);
});

test('two tabs: a Lab change in one keeps the other tab’s lesson progress, which it also sees live', async ({
  page,
  context,
}) => {
  const tabA = page;
  // A single-run experiment: the fresh Lab compares normalizers, which disables their menu.
  await new LabPage(tabA).open('norm=none');

  const tabB = await context.newPage();
  await advanceLesson2(tabB, 2);

  // Tab A changes a Lab setting after tab B's save: the Lab writes its experiment only.
  await new LabPage(tabA).control('Normalizer').selectOption('layernorm');
  await expect(tabA).toHaveURL(/norm=layernorm/);
  await tabA.waitForTimeout(600); // the Lab saves 300 ms after the last change

  // Tab A sees tab B's progress without a reload (the storage event) ...
  await new ShellPage(tabA).nav('Course').click();
  await expect(lessonItem(tabA, LESSON_2)).toContainText(/In progress · screen 3 of \d/);
  // ... and tab B's progress is still stored after a fresh load.
  await tabB.goto('/#/lessons');
  await tabB.reload();
  await expect(lessonItem(tabB, LESSON_2)).toContainText(/In progress · screen 3 of \d/);
  await tabB.close();
});
