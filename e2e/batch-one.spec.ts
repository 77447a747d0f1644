// Batch size 1 with BatchNorm mid-run (issue 19, item 3): the slider refuses it beside the
// control with PyTorch's rule, the run keeps batch size 2 and trains on, and no error appears.

import { expect, test } from './fixtures.ts';
import { LabPage } from './pages.ts';

test('the batch-size slider at its minimum with BatchNorm explains the rule and the run trains on', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=spiral&model=mlp&norm=batchnorm&batchSize=8');
  await lab.button('Play').click();
  await expect(lab.status()).toContainText('Training');
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(20);

  const slider = lab.control('Batch size');
  await slider.focus();
  await slider.press('Home');

  const notice = page.getByTestId('batch-size-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(
    "BatchNorm in training mode needs at least 2 values per channel: PyTorch raises 'Expected more than 1 value per channel when training'",
  );
  await expect(slider).toHaveAttribute('aria-valuetext', '2');

  // Training goes on: the step count keeps rising, and no error banner appears.
  const after = await lab.step();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(after + 50);
  await expect(lab.status()).toContainText('Training');
  await expect(page.locator('.status-error')).toHaveCount(0);
  await expect(page.getByText(/value per channel when training, got input shape/)).toHaveCount(0);
  await expect(page).toHaveURL(/batchSize=2/);
});
