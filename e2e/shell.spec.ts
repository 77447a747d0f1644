// Journey: the app shell. Open the site, move between the course and the Lab, reload deep
// addresses, and load the whole app from a sub-path.

import { SUBPATH_URL } from '../playwright.config.ts';
import { expect, test } from './fixtures.ts';
import { openApp, pageShown, ShellPage } from './pages.ts';

test('opens the home page and navigates to the course and the Lab', async ({ page }, testInfo) => {
  const shell = new ShellPage(page);
  await shell.open('');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('normalization');
  // The build carries a strict Content-Security-Policy (the guards fail any journey that violates it).
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /default-src 'self'.*script-src 'self'.*object-src 'none'/,
  );
  await shell.expectEngineReady();
  await page.screenshot({ path: testInfo.outputPath('home-1280x800.png'), fullPage: true });

  await shell.nav('Course').click();
  await expect(page).toHaveURL(/#\/lessons$/);
  await expect(page.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
  await expect(page.getByRole('listitem')).toHaveCount(13);
  await page.screenshot({ path: testInfo.outputPath('lessons-1280x800.png'), fullPage: true });

  await shell.nav('Lab').click();
  await expect(page).toHaveURL(/#\/lab(\?v=1&.*)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();

  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
});

test('reloading a deep address shows the same view', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open('#/lessons/4');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('BatchNorm trains faster');
  await page.reload();
  await pageShown(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('BatchNorm trains faster');
  await expect(page.getByRole('link', { name: /Higher learning rates/ })).toBeVisible();
});

test('an unknown address says so and offers a way back', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.open('#/does-not-exist');
  await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
  await page.getByRole('link', { name: 'See all lessons' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
});

test('the production build works from a sub-path, worker included', async ({ page }, testInfo) => {
  await openApp(page, `${SUBPATH_URL}#/lab`);
  await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  await new ShellPage(page).expectEngineReady();
  await page.screenshot({ path: testInfo.outputPath('lab-subpath-1280x800.png') });
});

test('is usable on a phone-sized screen', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const shell = new ShellPage(page);
  await shell.open('#/lessons');
  await expect(shell.nav('Lab')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath('lessons-390x844.png'), fullPage: true });
});

test('each page names itself in the tab title and the meta description, updated on navigation', async ({
  page,
}) => {
  const shell = new ShellPage(page);
  await shell.open('#/lessons/4');
  await expect(page).toHaveTitle('4. BatchNorm trains faster · NormLab');
  const description = page.locator('meta[name="description"]');
  await expect(description).toHaveAttribute('content', /Race the BatchNorm paper’s MNIST network/);
  await shell.nav('Lab').click();
  await expect(page).toHaveTitle('The Lab · NormLab');
  await expect(description).toHaveAttribute('content', /compare them side by side/);
  await expect(page.locator('meta[name="description"]')).toHaveCount(1);
});
