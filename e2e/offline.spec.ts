// Offline once loaded: the production build's service worker caches what the page loaded, so a
// reload without any network still shows the app, starts the engine worker and trains.

import { expect, test } from './fixtures.ts';
import { LabPage, openApp, pageShown, ShellPage } from './pages.ts';

test('after one visit the app reloads and trains with the network off', async ({ page, context }) => {
  const shell = new ShellPage(page);
  await shell.open('#/lessons/2');
  await shell.expectEngineReady();
  // The service worker is installed (its precache complete) and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
  });

  await context.setOffline(true);
  await page.reload();
  await pageShown(page);
  await expect(page.locator('.lesson-header h1')).toHaveText('Deep nets without normalization');
  await shell.expectEngineReady();
  await expect(page.locator('.katex').first()).toBeVisible();

  const lab = new LabPage(page);
  await openApp(page, '/#/lab');
  await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
  await lab.button('Step ×10').click();
  await expect(lab.status()).toContainText('step 10');
  await context.setOffline(false);
});
