// Journey: an engine worker that stops without an error (closed from inside, as when its step
// is cut short) sends nothing at all; the runtime's watchdog notices the missing answer, the status
// line says so with the way back, and Reset trains again on fresh workers.

import { expect, test } from './fixtures.ts';
import { LabPage } from './pages.ts';

/** The watchdog waits at least 10 s (STALL_MIN_MS, app/runtime/coordinator.ts); full-speed rounds never need more. */
const WATCHDOG_MS = 10_000;

test('a worker that stops silently is caught by the watchdog, and Reset brings training back', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('v=1&compare=norm&values=none,batchnorm');
  await expect(page.getByText(/Engine: ready in a Web Worker/)).toBeVisible();
  await lab.button('Play').click();
  await expect.poll(() => lab.step()).toBeGreaterThan(0);
  // The start-up handshake's worker is closed once it answered: what is left trains.
  await expect.poll(() => page.workers().length).toBeLessThanOrEqual(2);
  const worker = page.workers().at(-1);
  if (!worker) throw new Error('no engine worker to stop');
  await worker.evaluate(() => self.close()).catch(() => {}); // it may go before it answers
  await expect(lab.status()).toContainText('The engine stopped responding', {
    timeout: WATCHDOG_MS + 10_000,
  });
  await expect(lab.status()).toContainText('Press Reset to start it again');
  await expect(lab.button('Play')).toBeDisabled();

  await lab.button('Reset').click();
  await expect(lab.status()).toContainText('Ready');
  await lab.button('Step ×10').click();
  await expect(lab.status()).toContainText('step 10');
});
