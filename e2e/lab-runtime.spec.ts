// Journeys through the Lab's live runtime: deep links in and out, the transport, live
// hyperparameters, comparisons, sweeps and persistence.

import { expect, test } from './fixtures.ts';
import { LabPage } from './pages.ts';

test('a deep link opens with its config in the controls', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=moons&depth=4&width=8&norm=layernorm&lr=0.2&batchSize=16&seed=9');
  await expect(lab.control('Data set')).toHaveValue('moons');
  await expect(lab.control('Normalizer')).toHaveValue('layernorm');
  await expect(page.getByText('Learning rate').locator('..').locator('output')).toHaveText('0.2');
  await expect(lab.control('Seed')).toHaveValue('9');
  await expect(page).toHaveURL(/#\/lab\?v=1&dataset=moons&.*depth=4&width=8/);
});

test('a malformed link falls back per key and says so in a dismissible notice', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('lr=abc&batchSize=0&norm=%3Cscript%3Ealert(1)%3C%2Fscript%3E&depth=5');
  const notices = page.getByRole('status', { name: 'Notices' });
  await expect(notices).toContainText('lr "abc" is not a number');
  await expect(notices).toContainText('batchSize');
  await expect(notices).toContainText('<script>alert(1)</script>');
  expect(await page.locator('script:not([src])').count()).toBe(0);
  await expect(lab.control('Hidden layers')).toHaveValue('5');
  await expect(page).toHaveURL(/lr=0\.05/);
  await page.getByRole('button', { name: 'Dismiss notices' }).click();
  await expect(notices).toHaveCount(0);
});

test('play, pause, step and reset; space and arrow keys do the same', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=xor');
  await expect(lab.status()).toContainText('Ready');
  await lab.button('Step').click();
  await expect(lab.status()).toContainText('step 1');
  await lab.button('Step ×10').click();
  await expect(lab.status()).toContainText('step 11');
  await lab.button('Play').click();
  await expect(lab.status()).toContainText('Training');
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(100);
  await lab.button('Pause').click();
  await expect(lab.status()).toContainText('Paused');
  const paused = await lab.settledStep();
  await page.waitForTimeout(300);
  expect(await lab.step()).toBe(paused);
  await expect(page.getByRole('img', { name: /Training loss\. .*at step/ })).toBeVisible();

  await lab.button('Reset').click();
  await expect(lab.status()).toContainText('Ready');
  // Shortcuts act when focus is on the page, not on a button (where Space presses the button).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(' ');
  await expect(lab.status()).toContainText('Training');
  await page.keyboard.press(' ');
  await expect(lab.status()).toContainText('Paused');
  const before = await lab.settledStep();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => lab.step()).toBe(before + 1);
  await page.keyboard.press('r');
  await expect(lab.status()).toContainText('Ready');
});

test('changing the learning rate mid-run keeps training from the same step', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=circles&lr=0.05');
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(100);
  const slider = lab.control('Learning rate');
  await slider.focus();
  for (let i = 0; i < 6; i++) await slider.press('ArrowRight');
  await expect(page).toHaveURL(/lr=0\.1\b/);
  const after = await lab.step();
  expect(after).toBeGreaterThan(100);
  await expect(lab.status()).toContainText('Training');
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(after + 50);
  await lab.button('Pause').click();
});

test('a comparison of no-norm vs BatchNorm races both runs in lockstep', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=spiral&compare=norm&values=none,batchnorm');
  await expect(lab.runRows()).toHaveCount(2);
  await expect(lab.runRows().nth(0)).toContainText('No norm');
  await expect(lab.runRows().nth(1)).toContainText('BatchNorm');
  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(100);
  await lab.button('Pause').click();
  await expect(lab.status()).toContainText('Paused');
  await lab.showRunsAt(await lab.settledStep());
  const steps = await lab.runRows().locator('td:nth-child(2)').allTextContents();
  expect(steps[0]).toBe(steps[1]);
  await expect(page.getByRole('list', { name: 'Training loss legend' })).toContainText('No norm');
});

test('a sweep runs with progress and can be cancelled', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=moons&sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=100');
  await lab.button('Run sweep').click();
  await expect(page.getByText(/Finished: 3 runs/)).toBeVisible();
  await expect(page.getByRole('img', { name: /Final training loss vs learning rate\./ })).toBeVisible();

  await page.getByLabel('Steps per value').selectOption('2000');
  await lab.button('Run sweep').click();
  await expect(page.getByRole('progressbar', { name: 'Sweep progress' })).toBeVisible();
  await lab.button('Cancel sweep').click();
  await expect(page.getByText(/Cancelled after/)).toBeVisible();
});

test('the Lab experiment survives a reload without a query', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=blobs&width=32');
  await expect(lab.control('Data set')).toHaveValue('blobs');
  await page.goto('about:blank');
  await page.goto('/#/lab');
  await expect(lab.control('Data set')).toHaveValue('blobs');
  await expect(page).toHaveURL(/width=32/);
});

test('corrupt saved state falls back with a notice instead of crashing', async ({ page }) => {
  await page.goto('/#/');
  await page.evaluate(() => localStorage.setItem('normlab:saved-state', '{not json'));
  const lab = new LabPage(page);
  await lab.open();
  await expect(page.getByRole('status', { name: 'Notices' })).toContainText(
    'Saved progress could not be read and was reset',
  );
  await expect(lab.control('Data set')).toHaveValue('spiral');
});

test('a diverging run stops cleanly, says where and why, and draws no NaN', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('v=1&dataset=spiral&norm=none&lr=10');
  await lab.button('Play').click();
  await expect(lab.status()).toContainText('Diverged', { timeout: 20_000 });
  await expect(lab.status()).toContainText(/diverged at step \d+ — learning rate 10 is too high/);
  await expect(lab.button('Play')).toBeDisabled();
  const svg = await page.locator('.lab-views').innerHTML();
  expect(svg).not.toMatch(/NaN|Infinity/);
  await lab.button('Reset').click();
  await expect(lab.status()).toContainText('Ready');
});

test('a preset loads a whole experiment and the link follows', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await page
    .getByLabel('Start from a preset')
    .selectOption({ label: 'Spiral, deep tanh MLP (6 layers), BatchNorm vs none' });
  await expect(page).toHaveURL(/depth=6.*compare=norm&values=none,batchnorm/);
  await expect(lab.runRows()).toHaveCount(2);
  await expect(lab.control('Hidden layers')).toHaveValue('6');
});
