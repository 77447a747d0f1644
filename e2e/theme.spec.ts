// The theme toggle: the header's Theme menu switches the page between the system's preference,
// light and dark; a reload keeps the choice, and the very first frame the browser paints already
// has the chosen theme's background (no flash of the other theme: the entry script is
// render-blocking and sets the theme before React renders).

import { expect, test } from './fixtures.ts';

/** Records the page background in the first animation frame, i.e. before the first paint. */
async function recordFirstFrame(page: import('@playwright/test').Page): Promise<void> {
  await page.addInitScript(() => {
    requestAnimationFrame(() => {
      (window as unknown as { __firstFrame: string }).__firstFrame = getComputedStyle(
        document.documentElement,
      ).backgroundColor;
    });
  });
}

const firstFrame = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { __firstFrame?: string }).__firstFrame);

const LIGHT_BG = 'rgb(251, 251, 248)';
const DARK_BG = 'rgb(20, 23, 29)';

test('the theme toggle switches, survives a reload, and the first frame wears it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await recordFirstFrame(page);
  await page.goto('/#/');
  const toggle = page.getByRole('combobox', { name: 'Theme' });
  await expect(toggle).toHaveValue('system');
  await expect(page.locator('html')).toHaveCSS('background-color', LIGHT_BG);
  expect(await firstFrame(page)).toBe(LIGHT_BG);

  // System follows the device's preference.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
  await page.emulateMedia({ colorScheme: 'light' });

  await toggle.selectOption('Dark');
  await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
  expect(await firstFrame(page)).toBe(DARK_BG);

  // The other way round: a light choice on a dark device, from the first frame of the Lab.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('Light');
  await page.goto('/#/lab');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  await expect(page.locator('html')).toHaveCSS('background-color', LIGHT_BG);
  expect(await firstFrame(page)).toBe(LIGHT_BG);
});
