// Lesson 7's feature maps: train the CNN to the lesson's pause, and the digit the serving panel
// serves is shown as it flows through the network: 8 maps into and out of the first BatchNorm,
// from the engine (a 'featureMaps' request to the run's worker). Picking a digit or the mode in the
// serving panel changes what the maps show (one serving state for both views); pressing a layer
// shows what flows through it; the run trains on afterwards.

import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

test('lesson 7: train, serve, and see the served digit’s feature maps before and after BatchNorm', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lesson = new LessonPage(page);
  await lesson.openLesson(7, 'step=2');
  await lesson.playToCheckpoint(200, 180_000);
  const maps = lesson.featureMaps();
  await maps.scrollIntoViewIfNeeded();
  const pass = maps.getByRole('status').filter({ hasText: /^Test digit/ });
  await expect(pass).toContainText(
    /^Test digit 0 \(label \d, predicted \d\) in eval mode, alone in its batch, model at step 200/,
    {
      timeout: 20_000,
    },
  );
  await expect(maps.getByRole('button', { name: /through Layer 1 · BatchNorm/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const into = maps.getByRole('img', { name: /^Into Layer 1 · BatchNorm: 8 maps of 28×28/ });
  const out = maps.getByRole('img', { name: /^Out of Layer 1 · BatchNorm: 8 maps of 28×28/ });
  await expect(into.locator('canvas')).toHaveCount(8);
  await expect(out.locator('canvas')).toHaveCount(8);
  // BatchNorm in eval mode: its output is the conv's output rescaled per channel, so the two
  // rows' value ranges differ (the summaries are the engine's numbers).
  const range = async (row: typeof into) =>
    /values (\S+) to (\S+),/.exec((await row.getAttribute('aria-label')) ?? '')?.slice(1);
  expect(await range(into)).not.toEqual(await range(out));

  // One serving state: a digit and the mode picked in the serving panel are what the maps show.
  const serving = page.getByRole('region', { name: 'Serving: train mode vs eval mode' });
  await serving.scrollIntoViewIfNeeded();
  await serving.getByRole('button', { name: /^Test digit 3,/ }).click();
  await serving.getByRole('radio', { name: /Train mode/ }).check();
  await maps.scrollIntoViewIfNeeded();
  await expect(pass).toContainText(
    /^Test digit 3 \(label \d, predicted \d\) in train mode, alone in its batch/,
    {
      timeout: 20_000,
    },
  );

  // Pressing a layer shows what flows through it: the second convolution reads 8 pooled 14×14 maps.
  await maps.getByRole('button', { name: /through Layer 2 · conv2d/ }).click();
  await expect(
    maps.getByRole('img', { name: /^Into Layer 2 · conv2d: 8 maps of 14×14/ }).locator('canvas'),
  ).toHaveCount(8);
  await expect(
    maps.getByRole('img', { name: /^Out of Layer 2 · conv2d: 16 maps of 14×14/ }).locator('canvas'),
  ).toHaveCount(16);
  await page.screenshot({ path: 'test-results/e2e/feature-maps-lesson-7.png', fullPage: true });

  // Asking changed nothing the run needs: it trains on.
  await lesson.button('Play').click();
  await expect.poll(() => lesson.step(), { timeout: 30_000 }).toBeGreaterThan(200);
});
