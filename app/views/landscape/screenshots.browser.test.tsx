/// <reference types="@vitest/browser-playwright" />
// The landscape view at desktop and phone widths, light and dark, in each state: the zig-zag
// (unstandardized default), the straight path (standardized, lr 0.1), a divergence, and the
// mild-scale zig-zag. What a reader would see is measured (app/testing/looks.ts: the plot inside
// the card and the window, no text cut off or on other text, the contours and the descent path
// drawn) and a screenshot is saved under test-results/landscape/ (git-ignored) for review.

import { afterAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { LandscapeOptions } from '#engine';
import {
  LESSON_1_JUST_TOO_FAST,
  LESSON_1_LANDSCAPE,
  LESSON_1_MILD_SCALE,
  LESSON_1_STANDARDIZED_FAST,
} from '../../lessons/lesson-1/preset.ts';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import '../../styles.css';
import { lookProblems, markCount } from '../../testing/looks.ts';
import { LandscapeView } from './LandscapeView.tsx';

const OUT = '../../../test-results/landscape';

const CASES: [string, LandscapeOptions, string | null][] = [
  ['raw-zigzag', LESSON_1_LANDSCAPE, null],
  ['raw-step12', LESSON_1_LANDSCAPE, '12'],
  ['standardized-fast', LESSON_1_STANDARDIZED_FAST, null],
  ['diverged', LESSON_1_JUST_TOO_FAST, null],
  ['mild-scale', LESSON_1_MILD_SCALE, null],
];

afterAll(async () => {
  await emulateColorScheme(null);
  await page.viewport(1280, 720);
});

describe.each(['light', 'dark'] as const)('landscape view, %s theme', (theme) => {
  it.each([1280, 390])('at %i px', async (width) => {
    await emulateColorScheme(theme);
    await page.viewport(width, 720);
    for (const [name, options, at] of CASES) {
      if (theme === 'dark' && name !== 'raw-zigzag' && name !== 'standardized-fast') continue;
      const screen = await render(
        <Card padding={width < 500 ? 8 : 16}>
          <LandscapeView defaultOptions={options} />
        </Card>,
      );
      const scrub = page.getByRole('slider', { name: 'Show step' });
      await expect.element(scrub).toBeVisible();
      scrub.element().focus();
      await userEvent.keyboard('{End}');
      if (at !== null) {
        await userEvent.keyboard('{Home}');
        for (let i = 0; i < Number(at); i++) await userEvent.keyboard('{ArrowRight}');
      }
      await expect.element(scrub).toHaveValue(at ?? (scrub.element() as HTMLInputElement).max);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const card = page.getByTestId('card').element();
      await expect.poll(() => lookProblems(card, width).map((p) => `${name}: ${p}`)).toEqual([]);
      expect(markCount(card, '.contours path'), `${name}: contours`).toBeGreaterThanOrEqual(6);
      expect(markCount(card, '.contours ~ path.descent-path'), `${name}: descent path`).toBe(1);
      await page.screenshot({
        path: `${OUT}/${name}-${width}-${theme}.png`,
        element: page.getByTestId('card'),
      });
      if (width < 500 && theme === 'light') {
        // The phone card is taller than the 720 px window: the panel on its own as well.
        await page.screenshot({
          path: `${OUT}/${name}-${width}-${theme}-panel.png`,
          element: page.getByTestId('card').element().querySelector('.landscape-panel') as HTMLElement,
        });
      }
      await screen.unmount();
    }
  });
});
