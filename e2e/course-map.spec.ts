// Journey: the course map shows every lesson under its part, each with a picture measured from
// its experiment at build time, its time and the reader's progress; reading a lesson's next
// screen shows up on its card. On a phone the cards stack in one column.

import { expect, test } from './fixtures.ts';
import { CourseMapPage, LessonPage } from './pages.ts';

const PARTS = [
  'Why normalize',
  'BatchNorm from the inside',
  'BatchNorm in practice',
  'The family and shipping',
];

test('the map: four parts, thirteen lessons, each with a drawn picture, its time and progress', async ({
  page,
}) => {
  const map = new CourseMapPage(page);
  await map.open();
  for (const [i, title] of PARTS.entries()) {
    await expect(map.part(new RegExp(`Part ${i + 1} ${title}`))).toBeVisible();
  }
  await expect(map.cards()).toHaveCount(13);
  const pictures = page.locator('.map-card').getByRole('img');
  await expect(pictures).toHaveCount(13);
  for (let i = 0; i < 13; i++) {
    const picture = pictures.nth(i);
    await expect(picture).toHaveAttribute('aria-label', /steps|mini-batch/);
    // Every series is drawn: a path through real points (lines, or dots as zero-length strokes), not a placeholder.
    const points = await picture
      .locator('path')
      .evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0));
    expect(points.length, `picture ${i + 1}`).toBeGreaterThan(0);
    expect(Math.min(...points), `picture ${i + 1}`).toBeGreaterThanOrEqual(2);
    // Every line drawn is named in the legend (lesson 12's 1/√B guide was drawn unnamed).
    const series = Number(await picture.getAttribute('data-series'));
    await expect(page.locator('.map-card .map-legend').nth(i).locator(':scope > span')).toHaveCount(series);
  }
  await expect(map.card('Noise as regularization').locator('.map-legend')).toContainText('1/√B');
  await expect(map.part(/Part 1/).locator('.map-card')).toHaveCount(2);
  const lesson4 = map.card('BatchNorm trains faster');
  await expect(lesson4).toContainText(/About \d+ min/);
  await expect(lesson4).toContainText('Not started');
  await expect(lesson4.getByRole('img')).toHaveAttribute('aria-label', /No norm vs BatchNorm/);
});

test('after reading a lesson’s next screen, its card shows the progress', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(4);
  const first = await lesson.screenTitle().textContent();
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(lesson.screenTitle()).not.toHaveText(first ?? '');
  const map = new CourseMapPage(page);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Course', exact: true })
    .click();
  const card = map.card('BatchNorm trains faster');
  await expect(card).toContainText(/In progress · screen 2 of \d/);
  const bar = await card
    .locator('.map-progress-bar > span')
    .evaluate((el) => el.getBoundingClientRect().width);
  expect(bar).toBeGreaterThan(0);
  await expect(map.card('Higher learning rates')).toContainText('Not started');
});

test('on a phone the cards stack in one column and nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const map = new CourseMapPage(page);
  await map.open();
  const boxes = await map.cards().evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().left));
  expect(new Set(boxes.map(Math.round)).size).toBe(1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('share previews: the home page names its image, which is a PNG; a lesson’s share page opens the lesson', async ({
  page,
}) => {
  await page.goto('/');
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(image).toBe('share/home.png');
  const response = await page.request.get(`/${image}`);
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('image/png');
  await page.goto('/share/lesson-4.html');
  await expect(page).toHaveURL(/#\/lessons\/4(\?step=1)?$/);
  await expect(page.getByRole('heading', { level: 1, name: /BatchNorm trains faster/ })).toBeVisible();
});
