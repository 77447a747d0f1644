// Controls beside the charts on a 390 × 844 phone (issue 19, item 2): the live dock's Play/Pause
// stays on screen while the reader is at the charts; its Knobs sheet changes the run from there;
// a lesson's try-this brings the chart it changes into view (at once with reduced motion).

import { expect, test } from './fixtures.ts';
import { LabPage, LessonPage } from './pages.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('Lab on a phone: Play stays beside the loss chart, and the Knobs sheet changes the batch size there', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open();
  await lab.button('Play').click();
  const loss = page.locator('[data-view="loss"]');
  await loss.scrollIntoViewIfNeeded();
  await expect(loss).toBeInViewport({ ratio: 0.6 });
  await expect(lab.button('Pause')).toBeInViewport();
  await expect(page.getByRole('status').filter({ hasText: 'Training' })).toBeInViewport();

  const knobs = lab.button('Knobs');
  await expect(knobs).toBeInViewport();
  await knobs.click();
  const sheet = page.getByRole('dialog', { name: 'Knobs' });
  await expect(sheet).toBeVisible();
  const batch = sheet.getByLabel('Batch size');
  const before = await batch.getAttribute('aria-valuetext');
  await batch.focus();
  await page.keyboard.press('ArrowRight');
  await expect(batch).not.toHaveAttribute('aria-valuetext', before ?? '');
  const after = await batch.getAttribute('aria-valuetext');
  // The run itself: the experiment (and its link) now carries the new batch size, and it trains on.
  await expect(sheet.getByRole('button', { name: 'Close' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(knobs).toBeFocused();
  await expect(lab.control('Batch size')).toHaveAttribute('aria-valuetext', after ?? '');
  await expect(page).toHaveURL(new RegExp(`[?&]batchSize=${after}(&|$)`));
  await expect(page.getByRole('status').filter({ hasText: 'Training' })).toBeVisible();
});

test('Lesson 2 on a phone: a try-this brings the loss chart into view and highlights it', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(2, 'step=2');
  const prompt = lesson.tryThis('Use Xavier initialization');
  await prompt.scrollIntoViewIfNeeded();
  const loss = page.locator('[data-view="loss"]');
  await expect(loss).not.toBeInViewport();
  // The highlight lasts a moment: record that it came, rather than race it on a loaded machine.
  await loss.evaluate((card) => {
    new MutationObserver(() => {
      if (card.classList.contains('revealed')) card.setAttribute('data-was-revealed', '');
    }).observe(card, { attributes: true, attributeFilter: ['class'] });
  });
  await prompt.click();
  await expect(loss).toBeInViewport({ ratio: 0.6 });
  await expect(loss).toHaveAttribute('data-was-revealed', '');
  await expect(lesson.button('Pause')).toBeInViewport();
});

test('with reduced motion the try-this jumps to its chart at once (no smooth scroll)', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const lesson = new LessonPage(page);
  await lesson.openLesson(2, 'step=2');
  const prompt = lesson.tryThis('Use Xavier initialization');
  await prompt.scrollIntoViewIfNeeded();
  const top = await prompt.evaluate((button) => {
    (button as HTMLButtonElement).click();
    // Read in the same task as the click: a smooth scroll would not have moved yet.
    return document.querySelector('[data-view="loss"]')?.getBoundingClientRect().top ?? Number.NaN;
  });
  expect(top).toBeGreaterThanOrEqual(0);
  expect(top).toBeLessThan(844 / 2);
});

test('Lesson 5 on a phone: the sweep try-this brings the sweep card in just below the dock, not under it', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(5);
  const prompt = lesson.tryThis('Run the learning-rate sweep');
  await prompt.scrollIntoViewIfNeeded();
  await prompt.click();
  const sweep = page.locator('[data-view="sweep"]');
  const dock = page.locator('.live-dock');
  // The card's top (its heading) clears the dock's bottom, however tall the dock's status is,
  // and stays there as the sweep's chart arrives and the card grows.
  const gap = async () => {
    const [card, bar] = await Promise.all([sweep.boundingBox(), dock.boundingBox()]);
    return card && bar ? Math.round(card.y - (bar.y + bar.height)) : Number.NaN;
  };
  await expect.poll(gap).toBeGreaterThanOrEqual(0);
  await expect(sweep.getByRole('heading', { name: 'Sweep' })).toBeInViewport();
  await page.waitForTimeout(1500);
  expect(await gap()).toBeGreaterThanOrEqual(0);
  expect(await gap()).toBeLessThan(40);
});
