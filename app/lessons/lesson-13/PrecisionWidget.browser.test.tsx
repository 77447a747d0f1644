import { afterAll, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import { lookProblems } from '../../testing/looks.ts';
import '../../styles.css';
import { PrecisionWidget } from './PrecisionWidget.tsx';

afterAll(() => emulateColorScheme(null));

it('shows the three float16 failures beside float32, and follows its controls', async () => {
  await render(<PrecisionWidget />);
  const sums = page.getByRole('table', { name: 'Sum of squares' });
  await expect.element(sums.getByRole('row', { name: /^float16 Infinity \(overflow\) ✗$/ })).toBeVisible();
  await expect.element(sums.getByRole('row', { name: /^float32 110,488\.1$/ })).toBeVisible();
  const variance = page.getByRole('table', { name: 'Variance' });
  await expect.element(variance.getByRole('row', { name: /^float16, E\[x²\] − E\[x\]² 0 ✗$/ })).toBeVisible();
  const summary = page.getByText(/^After 2,000 updates toward 100/);
  await expect.element(summary).toHaveTextContent('float16 96.875, stuck since update 333');
  await userEvent.selectOptions(page.getByLabelText('Momentum (weight of the new batch)'), '0.001');
  await expect.element(summary).toHaveTextContent('float16 68.75');
  await userEvent.fill(page.getByLabelText('Channel mean'), '0');
  await expect.element(variance.getByRole('row', { name: /✗/ })).not.toBeInTheDocument();
});

it('looks right at 480 and 360 px, light and dark (screenshots saved for review)', async () => {
  for (const theme of ['light', 'dark'] as const) {
    await emulateColorScheme(theme);
    for (const width of [480, 360]) {
      await page.viewport(width, 1600);
      const wrapper = window.frameElement?.parentElement;
      if (wrapper) wrapper.style.transform = 'none';
      const screen = await render(
        <Card>
          <PrecisionWidget />
        </Card>,
      );
      await expect.element(page.getByTestId('card')).toBeVisible();
      await expect.poll(() => lookProblems(page.getByTestId('card').element(), width)).toEqual([]);
      await page
        .getByTestId('card')
        .screenshot({ path: `../../../test-results/precision/precision-${theme}-${width}.png` });
      await screen.unmount();
    }
  }
}, 60_000);
