// Journey: lesson links are read strictly and rewritten to their canonical form. A screen number
// must be written plainly ("2", not "2.0" or "0x2"); a repeated key is named in a notice; a
// non-canonical lesson address such as `#/lessons/04` becomes `#/lessons/4?step=1`.

import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

const notices = (page: import('@playwright/test').Page) => page.getByRole('status', { name: 'Notices' });

test('step=0x2, 2.0, +2 or 02 is not a screen number: the lesson opens at its start, with a notice', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  for (const bad of ['0x2', '2.0', '+2', '02']) {
    await lesson.openLesson(4, `step=${encodeURIComponent(bad)}`);
    await expect(notices(page)).toContainText(`step "${bad}" is not a screen number`);
    await expect(page).toHaveURL(/#\/lessons\/4\?step=1$/);
    await page.reload();
  }
});

test('a repeated step key: the first is used and the notice says so', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(4, 'step=2&step=3');
  await expect(notices(page)).toContainText('step is given 2 times; the first (2) is used');
  await expect(page).toHaveURL(/#\/lessons\/4\?step=2$/);
});

test('#/lessons/04 opens lesson 4 and is rewritten to its canonical address', async ({ page }) => {
  await page.goto('/#/lessons/04');
  await expect(page.locator('.lesson-header h1')).toHaveText('BatchNorm trains faster');
  await expect(page).toHaveURL(/#\/lessons\/4\?step=1$/);
});
