// Journey: every live view of the Lab updates while a network trains, the network diagram
// picks the watched layer, and the page reads on a desktop and on a phone (screenshots kept).

import { expect, test } from './fixtures.ts';
import { LabPage } from './pages.ts';

test('a fresh Lab shows the loss and accuracy curves whole in the first screen (1280×800)', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  await expect(page.getByText('Press Play (or Space) to start training.')).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  for (const name of ['Training loss', 'Test accuracy']) {
    const card = page.locator('[data-view]').filter({ has: page.getByRole('figure', { name }) });
    await expect(card).toBeInViewport({ ratio: 1 });
  }
});

test('every view updates while training; clicking a layer re-points the views', async ({
  page,
}, testInfo) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=moons&depth=3&width=16&norm=batchnorm');
  await expect(page.getByText('Press Play (or Space) to start training.')).toBeVisible();
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(300);

  // The curves are the first views, on screen without scrolling.
  await expect(
    page.getByRole('img', { name: /^Training loss\. BatchNorm: [\d.]+ at step \d+/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('img', { name: /^Test accuracy\. BatchNorm: [\d.]+ % at step \d+/ }),
  ).toBeVisible();
  // Off-screen charts wait until they are scrolled into view (they skip redraws meanwhile).
  const boundary = page.getByRole('img', { name: /^Decision boundary/ });
  await boundary.scrollIntoViewIfNeeded();
  await expect(page.getByText(/Plane predicted as Class 1/)).toBeVisible();
  const activations = page.getByRole('region', { name: 'Activation distributions' });
  await activations.scrollIntoViewIfNeeded();
  await expect(page.getByText(/unit 0 input at step [\d,]+: median/)).toBeVisible();
  const gradients = page.getByRole('img', { name: /^Gradient norm by layer/ });
  await gradients.scrollIntoViewIfNeeded();
  await expect(gradients).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('lab-training-1280x800.png'), fullPage: true });

  // Layers are numbered as a reader counts them (the weight layers): the second dense is Layer 2.
  const dense = page.getByRole('button', { name: /^Layer 2 · dense, output/ });
  await dense.click();
  await expect(dense).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Activation distributions' })).toContainText(
    'Layer 2 · dense',
  );
  await lab.button('Pause').click();
  const html = await page.locator('.lab-views').innerHTML();
  expect(html).not.toMatch(/NaN|Infinity/);
});

test('the Lab on a phone: views stack, controls stay reachable, nothing overflows', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=moons&compare=norm&values=none,batchnorm');
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(200);
  await lab.button('Pause').click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await lab.control('Learning rate').scrollIntoViewIfNeeded();
  await expect(lab.control('Learning rate')).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('lab-390x844.png'), fullPage: true });
});
