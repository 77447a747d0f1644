// Journey: the network diagram pictures each hidden unit over the 2-D input plane (TensorFlow
// Playground's neurons), from the run's worker in eval mode. The Lab's default comparison (no norm
// vs BatchNorm on the spiral) shows one set per run; while training the pictures follow the model
// at a low rate; at a pause they show the paused step; hovering one shows it larger; a phone keeps
// them inside the screen; asking for them changes nothing about the run (it trains on); and a reader
// who hides them finds them hidden when back in the Lab.

import { expect, test } from './fixtures.ts';
import { LabPage } from './pages.ts';

test('unit pictures follow training, match the paused step, enlarge on hover, and fit a phone', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lab = new LabPage(page);
  await lab.open();
  const none = lab.unitPictures('No norm');
  const bn = lab.unitPictures('BatchNorm');
  // Before any training: the initial weights' pictures (step 0).
  await expect(bn.getByText(/model at step 0$/)).toBeVisible({ timeout: 20_000 });

  await lab.button('Play').click();
  // While training and on screen (below the curves), the pictures are asked again every couple of
  // seconds: they move past step 0.
  await bn.scrollIntoViewIfNeeded();
  await expect.poll(() => lab.unitPicturesStep('BatchNorm'), { timeout: 30_000 }).toBeGreaterThan(0);
  const during = await lab.unitPicturesStep('BatchNorm');
  await expect.poll(() => lab.unitPicturesStep('BatchNorm'), { timeout: 30_000 }).toBeGreaterThan(during);
  await lab.button('Pause').click();
  const paused = await lab.settledStep();
  await expect.poll(() => lab.unitPicturesStep('BatchNorm'), { timeout: 20_000 }).toBe(paused);
  await expect.poll(() => lab.unitPicturesStep('No norm'), { timeout: 20_000 }).toBe(paused);

  // BatchNorm before each relu: per hidden layer the normalizer's input, its output and the relu's.
  await bn.scrollIntoViewIfNeeded();
  await expect(bn.getByRole('list', { name: /^Layer 1 · dense, units 1–8 of 16/ })).toBeVisible();
  await expect(bn.getByRole('list', { name: /^Layer 1 · BatchNorm, units 1–8 of 16/ })).toBeVisible();
  await expect(bn.getByRole('list', { name: /^Layer 3 · relu, units 1–8 of 16/ })).toBeVisible();
  await expect(none.getByRole('list')).toHaveCount(3);
  await expect(bn.getByRole('list')).toHaveCount(9);
  // One canvas per list of 8 pictures (a canvas per picture made each refresh a long frame).
  await expect(bn.locator('canvas')).toHaveCount(9);
  const unit = bn
    .getByRole('list', { name: /^Layer 2 · BatchNorm/ })
    .getByRole('button')
    .nth(3);
  await expect(unit).toHaveAccessibleName(/^unit 4: \S+ \(smallest, [a-z ]+\) to \S+ \(largest, [a-z ]+\)$/);
  await unit.hover();
  await expect(bn.getByRole('status')).toContainText(/^Layer 2 · BatchNorm, unit 4 of 16/);

  // Asking changed nothing the run needs: it trains on from the paused step.
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(paused);
  await lab.button('Pause').click();

  // A phone: the pictures wrap inside the screen, an enlarged one too.
  await page.setViewportSize({ width: 390, height: 844 });
  await bn.scrollIntoViewIfNeeded();
  const last = bn.getByRole('list').first().getByRole('button').last();
  await last.scrollIntoViewIfNeeded();
  await last.hover();
  await expect(bn.getByRole('status')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const zoom = await bn.getByRole('status').boundingBox();
  expect(zoom && zoom.x >= 0 && zoom.x + zoom.width <= 390).toBe(true);

  // Hidden, they stay hidden for the session: through the course and back.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Hide unit pictures' }).click();
  await expect(bn).toHaveCount(0);
  await page.getByRole('link', { name: 'Course' }).click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('The Lab');
  await page.goBack();
  await expect(page.getByRole('button', { name: 'Show unit pictures' })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await expect(bn).toHaveCount(0);
});
