// Lesson 9's journey against the production build: run the batch-size sweep from the lesson and
// read BatchNorm's breakdown at batch 2 off the chart (the claim its node test checks), then ask
// for batch size 1 and see PyTorch's rule. Records the time to effect
// (test-results/lesson-times/9.json) for the closing note.

import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { LessonPage } from './pages.ts';

/** Fifteen MNIST runs on a machine other work may share. */
test.describe.configure({ timeout: 240_000 });

function recordTime(lesson: number, seconds: number, what: string): void {
  mkdirSync('test-results/lesson-times', { recursive: true });
  writeFileSync(
    `test-results/lesson-times/${lesson}.json`,
    JSON.stringify({ lesson, seconds, what }, null, 2),
  );
}

test('lesson 9: the batch-size sweep shows BatchNorm failing at batch 2 while GroupNorm and LayerNorm stay flat; batch 1 is refused in PyTorch’s words', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(9);
  const started = Date.now();
  await lesson.tryThis('Run the batch-size sweep').click();
  await expect(page.getByText(/Finished: 15 runs/)).toBeVisible({ timeout: 200_000 });
  const seconds = (Date.now() - started) / 1000;
  const chart = page.getByRole('img', { name: /^Test error vs batch size/ });
  const summary = (await chart.getAttribute('aria-label')) ?? '';
  const error = (label: string, batch: number) => {
    const m = new RegExp(`${label}, ${batch}: test error ([\\d.]+) %`).exec(summary);
    if (!m) throw new Error(`no test error for ${label} at batch ${batch} in "${summary}"`);
    return Number(m[1]);
  };
  const bn2 = error('BatchNorm', 2);
  expect(bn2).toBeGreaterThanOrEqual(error('GroupNorm', 2) + 20);
  expect(bn2).toBeGreaterThanOrEqual(error('LayerNorm', 2) + 20);
  expect(Math.abs(error('GroupNorm', 2) - error('GroupNorm', 32))).toBeLessThanOrEqual(3);
  expect(Math.abs(error('BatchNorm', 32) - error('GroupNorm', 32))).toBeLessThanOrEqual(3);
  recordTime(
    9,
    seconds,
    `sweep of 15 runs (MNIST loaded first): BN at batch 2 ${bn2} % vs GN ${error('GroupNorm', 2)} %`,
  );

  // Batch size 1: the BatchNorm run cannot train; the slider stays at 2 and says why.
  const slider = lesson.live().getByRole('slider', { name: 'Batch size' });
  await slider.focus();
  await slider.press('Home');
  await expect(page.getByTestId('batch-size-notice')).toContainText(
    'Expected more than 1 value per channel when training',
  );
});
