import { afterAll, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import { lookProblems } from '../../testing/looks.ts';
import '../../styles.css';
import { FoldView } from './FoldView.tsx';
import { FOLDED } from './fixtures.ts';

afterAll(() => emulateColorScheme(null));

it('shows the before/after table, the eval-mode difference and the train-mode one; Fold now asks again', async () => {
  const onFold = vi.fn();
  await render(<FoldView result={FOLDED} pending={false} onFold={onFold} />);
  const table = page.getByRole('table', { name: 'Before and after folding' });
  await expect.element(table.getByRole('row', { name: /BatchNorm layers 2 0/ })).toBeVisible();
  await expect
    .element(table.getByRole('row', { name: /Multiplies per image 299,488 290,080\s?−9,408 \(3\.1\s%\)/ }))
    .toBeVisible();
  await expect.element(page.getByText(/folded vs unfolded in eval mode: 1\.9 × 10⁻⁶/)).toBeVisible();
  await expect
    .element(page.getByText(/in train mode \(batches of 32\): largest logit difference 1\.34/))
    .toBeVisible();
  await expect.element(page.getByRole('status')).toHaveTextContent('Folded at step 200');
  await page.getByRole('button', { name: 'Fold now' }).click();
  expect(onFold).toHaveBeenCalledOnce();
});

it('a GroupNorm model: says why nothing folds', async () => {
  await render(
    <FoldView
      result={{ ...FOLDED, batchNormsBefore: 0, normalizersLeft: ['groupnorm', 'groupnorm'] }}
      pending={false}
      onFold={() => {}}
    />,
  );
  await expect
    .element(page.getByText(/^GroupNorm stays: it computes its statistics from each input/))
    .toBeVisible();
});

it('looks right at 480 and 360 px, light and dark (screenshots saved for review)', async () => {
  for (const theme of ['light', 'dark'] as const) {
    await emulateColorScheme(theme);
    for (const width of [480, 360]) {
      await page.viewport(width, 1200);
      const wrapper = window.frameElement?.parentElement;
      if (wrapper) wrapper.style.transform = 'none';
      const screen = await render(
        <Card>
          <FoldView result={FOLDED} pending={false} stale onFold={() => {}} />
        </Card>,
      );
      await expect.element(page.getByTestId('card')).toBeVisible();
      const card = page.getByTestId('card').element();
      await expect.poll(() => lookProblems(card, width)).toEqual([]);
      await page
        .getByTestId('card')
        .screenshot({ path: `../../../test-results/fold/fold-${theme}-${width}.png` });
      await screen.unmount();
    }
  }
}, 60_000);
