// The home page's live hero: lesson 2's race (no normalization vs BatchNorm, same seed) starts
// training by itself within the first viewport, can be paused, and stops by itself at the lesson's
// checkpoint; under prefers-reduced-motion it shows the real run's first step, still, with Play.

import { expect, test } from './fixtures.ts';
import { HomePage } from './pages.ts';

test('the hero trains both runs by itself in the first viewport, pauses, and stops at step 500', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const home = new HomePage(page);
  await home.open();
  const hero = home.hero();
  const box = await hero.boundingBox();
  expect(box?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(800);
  await expect(hero.getByText('No norm').first()).toBeVisible();
  await expect(hero.getByText('BatchNorm').first()).toBeVisible();

  // It trains by itself: the step climbs and both runs' histograms report their numbers.
  await expect.poll(() => home.step(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(hero.getByText(/No norm at step \d+: before tanh mean/)).toBeVisible({ timeout: 30_000 });
  await expect(hero.getByText(/BatchNorm at step \d+: before tanh mean/)).toBeVisible();

  // Pause holds it still; Play goes on.
  await home.button('Pause').click();
  await expect(home.button('Play')).toBeVisible();
  // The rounds already in flight when Pause was pressed finish (a few steps); then it holds still.
  let paused = -1;
  await expect
    .poll(
      async () => {
        const now = await home.step();
        const settled = now === paused;
        paused = now;
        return settled;
      },
      { intervals: [300], timeout: 10_000 },
    )
    .toBe(true);
  await page.waitForTimeout(1_000);
  expect(await home.step()).toBe(paused);
  await home.button('Play').click();

  // It stops by itself at the lesson's checkpoint, and offers to train again.
  await expect(home.button('Train again')).toBeVisible({ timeout: 150_000 });
  expect(await home.step()).toBe(500);
  await page.waitForTimeout(1_000);
  expect(await home.step()).toBe(500);
  await expect(hero.getByRole('link', { name: /Lesson 2 explains it/ })).toHaveAttribute(
    'href',
    '#/lessons/2',
  );
});

test('the hero plays the race out in slow motion, and the Lab keeps the reader’s pace', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const home = new HomePage(page);
  await home.open();
  await expect.poll(() => home.step(), { timeout: 30_000 }).toBeGreaterThan(0);
  // Over HERO_SECONDS (5 s): a second after it starts, the race is still on (at full speed the
  // engine ran the 500 steps in under a second, before a reader could watch or pause it).
  await page.waitForTimeout(1_000);
  expect(await home.step()).toBeLessThan(500);
  await expect(home.button('Pause')).toBeVisible();
  // Leaving the page gives the pace back: the Lab opens at its own default, not the hero's.
  await page.goto('/#/lab');
  await expect(page.getByRole('combobox', { name: 'Speed' }).first()).toHaveValue('slow-start');
});

test('on a 390 × 844 phone the race’s loss chart is in the first screen, at least half of it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const home = new HomePage(page);
  await home.open();
  const chart = home.hero().locator('.chart svg').first();
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? 0) + (box?.height ?? 0) / 2).toBeLessThan(844);
});

test('under reduced motion the hero shows the real first step, still, with a Play button', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const home = new HomePage(page);
  await home.open();
  const hero = home.hero();
  await expect(hero.getByText(/No norm at step 1: before tanh mean/)).toBeVisible({ timeout: 30_000 });
  await expect(hero.getByText(/BatchNorm at step 1: before tanh mean/)).toBeVisible();
  await page.waitForTimeout(1_500);
  expect(await home.step()).toBe(1);
  await home.button('Play').click();
  await expect.poll(() => home.step(), { timeout: 30_000 }).toBeGreaterThan(1);
});
