// Lesson 3's view at 1280 and 390 px, dense and conv, light and dark: what a reader would see is
// measured (no NaN, no sideways page overflow, the card inside the window, the clicked cell's
// arithmetic shown; app/testing/looks.ts) and a screenshot is saved under test-results/bn-step/
// (git-ignored) for review. Behaviour is asserted in BatchStepView.browser.test.tsx.

import { afterAll, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import '../../styles.css';
import { lookProblems } from '../../testing/looks.ts';
import { BatchStepView } from './BatchStepView.tsx';

const OUT = '../../../test-results/bn-step';

afterAll(async () => {
  await emulateColorScheme(null);
});

/** Name, example, the cell to click first, whether to undo the normalization. */
const SHOTS = [
  ['dense', 'dense', /^x̂, sample 3, feature 2 = /, false],
  ['dense-undo', 'dense', /^batch variance, feature 2 = /, true],
  ['conv', 'conv', /^x̂, image 1, channel 1, row 1, column 2 = /, false],
] as const;

it('lesson 3 view at 1280 and 390 px, light and dark', async () => {
  for (const theme of ['light', 'dark'] as const) {
    await emulateColorScheme(theme);
    for (const width of [1280, 390]) {
      for (const [name, example, click, undo] of SHOTS) {
        if (theme === 'dark' && name === 'dense-undo') continue;
        await page.viewport(width, width < 600 ? 3200 : 2000);
        // The tester scales the iframe down to fit its window; undo that for true-size pixels.
        const wrapper = window.frameElement?.parentElement;
        if (wrapper) wrapper.style.transform = 'none';
        const screen = await render(
          <Card padding={width < 600 ? '16px 12px' : 24}>
            <BatchStepView example={example} seed={1} />
          </Card>,
        );
        await expect.element(page.getByTestId('card')).toBeVisible();
        await page.getByRole('button', { name: click }).click();
        if (undo) await page.getByRole('button', { name: 'Undo the normalization' }).click();
        await new Promise((r) => setTimeout(r, 150));
        expect(page.getByTestId('card').element().textContent).not.toMatch(/NaN|Infinity/);
        expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(width);
        const card = page.getByTestId('card').element();
        await expect.poll(() => lookProblems(card, width).map((p) => `${name}: ${p}`)).toEqual([]);
        // The clicked cell's arithmetic, in full view of the card.
        const arith = card.querySelector('.bns-arith');
        expect(arith?.textContent, name).toMatch(/=/);
        expect(arith?.getBoundingClientRect().width, name).toBeGreaterThan(0);
        await page.getByTestId('card').screenshot({ path: `${OUT}/${name}-${width}-${theme}.png` });
        // A tall phone page: also each part on its own, at full size.
        if (width < 600)
          for (const part of ['.bns-tables, .bns-channels', '.bns-arith', '.bns-running-box']) {
            const el = document.querySelector(part);
            if (!el) throw new Error(`no ${part}`);
            el.scrollIntoView();
            const file = part.includes('tables') ? 'batch' : part.slice(5);
            await page
              .elementLocator(el)
              .screenshot({ path: `${OUT}/${name}-${width}-${theme}-${file}.png` });
          }
        await screen.unmount();
      }
    }
  }
}, 90_000);
