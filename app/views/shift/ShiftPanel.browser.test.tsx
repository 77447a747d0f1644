// What a reader sees of the shift panel: the notices before there is a model to measure, and a
// measurement as three labelled bars with a verdict (BN: the share won back; GroupNorm: nothing to
// adapt), inside the card at phone and desktop widths.

import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG, type ShiftMeasurement } from '#engine';
import { store } from '../../store/index.ts';
import type { RunView } from '../../store/run-slice.ts';
import { Card } from '../../testing/card.tsx';
import { lookProblems } from '../../testing/looks.ts';
import '../../styles.css';
import { SHIFT_NOT_MNIST, SHIFT_NOT_TRAINED, ShiftPanel, ShiftResult } from './ShiftPanel.tsx';
import { shiftRow } from './shifts.ts';

const WASHED: ShiftMeasurement = {
  shift: shiftRow('washed').spec,
  cleanAccuracy: 0.919,
  shiftedAccuracy: 0.229,
  adaptedAccuracy: 0.92,
  adaptBatches: 8,
  batchSize: 32,
  testCount: 2000,
  adaptable: true,
};
const GN_WASHED: ShiftMeasurement = {
  ...WASHED,
  adaptedAccuracy: 0.156,
  shiftedAccuracy: 0.156,
  adaptBatches: 0,
  adaptable: false,
};

const initial = store.getState();
afterEach(() => store.setState(initial, true));

describe('shift panel', () => {
  it('asks for MNIST, then for training, before it measures anything', async () => {
    store.setState({ runs: [] });
    const screen = await render(<ShiftPanel />);
    await expect.element(page.getByText(SHIFT_NOT_MNIST)).toBeVisible();
    store.setState({
      runs: [
        { id: 'r', label: 'BatchNorm', step: 0, config: { ...DEFAULT_CONFIG, dataset: 'mnist' } } as RunView,
      ],
    });
    await expect.element(page.getByText(SHIFT_NOT_TRAINED)).toBeVisible();
    await screen.unmount();
  });

  it('none vs BatchNorm starts on the BatchNorm run, the one AdaBN adapts; the picker switches', async () => {
    const mnist = { ...DEFAULT_CONFIG, dataset: 'mnist' as const };
    store.setState({
      runs: [
        { id: 'none', label: 'No norm', color: '#777', step: 5, config: { ...mnist, norm: 'none' } },
        { id: 'bn', label: 'BatchNorm', color: '#17b', step: 5, config: { ...mnist, norm: 'batchnorm' } },
      ] as RunView[],
    });
    const screen = await render(<ShiftPanel />);
    const picker = page.getByRole('group', { name: 'Run' });
    await expect.element(picker.getByRole('radio', { name: 'BatchNorm' })).toBeChecked();
    await picker.getByRole('radio', { name: 'No norm' }).click();
    await expect.element(picker.getByRole('radio', { name: 'No norm' })).toBeChecked();
    await screen.unmount();
  });

  it('a BatchNorm measurement: three labelled values and the share won back', async () => {
    const screen = await render(<ShiftResult m={WASHED} step={300} current />);
    await expect.element(page.getByRole('term').filter({ hasText: 'Clean test digits' })).toBeVisible();
    await expect.element(page.getByText('Washed out, trained statistics')).toBeVisible();
    await expect.element(page.getByText('Washed out, after AdaBN on 8 × 32 digits')).toBeVisible();
    expect(
      page
        .getByRole('definition')
        .elements()
        .map((d) => d.textContent),
    ).toEqual(['92 %', '23 %', '92 %']);
    await expect
      .element(page.getByText(/The shift costs 69 points; AdaBN wins back 100 % of them/))
      .toBeVisible();
    await expect.element(page.getByText('(model at step 300, all 2,000 test digits)')).toBeVisible();
    await screen.unmount();
  });

  it('a GroupNorm measurement says there is nothing to adapt', async () => {
    const screen = await render(<ShiftResult m={GN_WASHED} step={300} current={false} />);
    await expect.element(page.getByText('Washed out, AdaBN: nothing to adapt')).toBeVisible();
    await expect.element(page.getByText(/nothing for AdaBN to re-estimate/)).toBeVisible();
    await screen.unmount();
  });

  it('fits its card at 360 and 1000 px: no text cut off or overlapping', async () => {
    for (const width of [360, 1000]) {
      await page.viewport(width, 900);
      const screen = await render(
        <Card>
          <ShiftResult m={WASHED} step={300} current />
        </Card>,
      );
      const card = page.getByTestId('card').element();
      await expect.poll(() => lookProblems(card, width)).toEqual([]);
      await screen.unmount();
    }
  });
});
