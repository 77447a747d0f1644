// prefers-reduced-motion: with the reader's system asking for less motion, nothing on the page
// transitions or animates (every element's computed durations are 0 s, including a transition
// and an animation added after load), and training still runs: the Lab trains and lesson 1's
// descent path still steps.

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LabPage, LessonPage } from './pages.ts';

/** Elements whose computed transition or animation takes time, as `tag.class: durations`. */
async function moving(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const timed = (value: string) => value.split(',').some((d) => Number.parseFloat(d) > 0);
    const out: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const pseudo of [null, '::before', '::after']) {
        const s = getComputedStyle(el, pseudo);
        const durations = [s.transitionDuration, s.transitionDelay, s.animationDuration, s.animationDelay];
        if (durations.some(timed))
          out.push(`${el.tagName.toLowerCase()}.${el.className}${pseudo ?? ''}: ${durations}`);
      }
    }
    return out;
  });
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
});

test('under reduced motion nothing transitions or animates, and the Lab still trains', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
  expect(await moving(page)).toEqual([]);

  // A transition or animation added later (a new style, a library's) is stilled too; without
  // the preference it would run (so the check above can see motion where there is some).
  await page.evaluate(() => {
    const button = document.querySelector('button');
    if (!button) throw new Error('no button');
    button.style.transition = 'opacity 1s ease 0.5s';
    button.style.animation = 'spin 2s linear 1s infinite';
  });
  expect(await moving(page)).toEqual([]);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await moving(page)).toContainEqual(expect.stringContaining('1s,0.5s,2s,1s'));
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await moving(page)).toEqual([]);

  await lab.button('Play').click();
  await expect.poll(() => lab.step(), { timeout: 20_000 }).toBeGreaterThan(100);
  await lab.button('Pause').click();
  expect(await moving(page)).toEqual([]);
});

test('under reduced motion lesson 1’s descent does not start by itself, a try-this shows its outcome at once, and it still steps and plays', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson(1);
  const landscape = page.getByRole('region', { name: 'Gradient descent on the loss surface' });
  const status = landscape.getByLabel('Run status');
  await expect(status).toContainText('Ready');
  expect(await moving(page)).toEqual([]);
  await landscape.getByRole('button', { name: 'Step' }).click();
  await expect(landscape.getByLabel('Readout')).toContainText('Step1');
  // A try-this shows where the path ends, without playing it.
  await lesson.tryThis('Standardize, and raise the learning rate to 0.1').click();
  await expect(status).toContainText(/Converged at step \d+/);
  expect(await moving(page)).toEqual([]);
  await landscape.getByRole('button', { name: 'Replay' }).click();
  await expect(status).toContainText(/Converged at step \d+/);
});
