import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG, type FitResult, type SpreadResult } from '#engine';
import { store } from '../../store/index.ts';
import type { RunView } from '../../store/run-slice.ts';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import { lookProblems, markCount } from '../../testing/looks.ts';
import '../../styles.css';
import { FIT_NOT_MNIST, FitPanel } from './FitPanel.tsx';
import { FitTable } from './FitTable.tsx';
import { SPREAD_NOT_MNIST, SpreadPanel } from './SpreadPanel.tsx';
import { SpreadView } from './SpreadView.tsx';

const SPREAD: SpreadResult = {
  image: 0,
  batchSizes: [4, 8, 16, 32, 64],
  spread: [2.263, 1.691, 1.208, 0.889, 0.578],
  draws: 32,
  batchStatistics: true,
};
const FLAT: SpreadResult = { ...SPREAD, spread: [0, 0, 0, 0, 0], batchStatistics: false };
const FIT: FitResult = {
  train: { loss: 0.15, accuracy: 0.9525 },
  test: { loss: 0.295, accuracy: 0.912 },
  weightNorm: 18.96,
  effectiveStep: 0.1874,
};
const RUNS = [
  { id: 'a', label: 'No norm', color: 'var(--c-grey)' },
  { id: 'b', label: 'BatchNorm', color: 'var(--c-blue)' },
];
const noop = () => {};

afterAll(() => emulateColorScheme(null));
afterEach(() => store.getState().setRuns([]));

function run(step: number, dataset: 'mnist' | 'spiral', model: 'mlp' | 'cnn'): RunView {
  return {
    id: 'main',
    label: 'BatchNorm',
    color: 'var(--c-blue)',
    config: { ...DEFAULT_CONFIG, dataset, model, norm: 'batchnorm' },
    step,
    lastLoss: null,
    test: null,
    msPerStep: 0,
    diverged: null,
    layers: [],
  };
}

describe('lesson 12 panels, before any measurement', () => {
  it('ask for MNIST when no run uses it', async () => {
    store.getState().setRuns([run(100, 'spiral', 'mlp')]);
    await render(
      <>
        <SpreadPanel />
        <FitPanel />
      </>,
    );
    await expect.element(page.getByText(SPREAD_NOT_MNIST)).toBeVisible();
    await expect.element(page.getByText(FIT_NOT_MNIST)).toBeVisible();
  });

  it('a CNN (costly to measure) waits for a Measure button in each panel instead of measuring at every pause', async () => {
    store.getState().setRuns([run(100, 'mnist', 'cnn')]);
    await render(
      <>
        <SpreadPanel />
        <FitPanel />
      </>,
    );
    await expect.element(page.getByText(/pause, then press Measure/)).toBeVisible();
    await expect.element(page.getByText(/Pause training, then press Measure/)).toBeVisible();
    expect(page.getByRole('button', { name: 'Measure' }).elements()).toHaveLength(2);
  });
});

describe('lesson 12 views', () => {
  it('the spread view states the measured fall and draws five points and the 1/√B line', async () => {
    await render(
      <SpreadView result={SPREAD} step={300} pending={false} onNewMates={noop} onNextDigit={noop} />,
    );
    await expect
      .element(page.getByText(/^Spread: /))
      .toHaveTextContent(
        'Spread: 2.3 at B = 4, 0.58 at B = 64: 3.9× smaller; fitted exponent −0.49 (1/√B: −0.50)',
      );
    const chart = page.getByRole('img', { name: /Logit spread against batch size/ });
    await expect.element(chart).toHaveAccessibleName(/B = 64: spread 0\.58/);
    expect(markCount(chart.element(), 'circle')).toBe(5);
    expect(markCount(chart.element(), 'path.spread-reference')).toBe(1);
    await expect.element(page.getByRole('button', { name: 'New batch-mates' })).toBeEnabled();
  });

  it('without batch statistics: spread 0 in words, no log chart of zeros', async () => {
    await render(
      <SpreadView result={FLAT} step={300} pending={false} onNewMates={noop} onNextDigit={noop} />,
    );
    await expect.element(page.getByText(/^Spread: /)).toHaveTextContent(/^Spread: 0 at every batch size/);
    expect(page.getByRole('img').elements()).toHaveLength(0);
  });

  it('before training: a hint, and the redraw buttons wait', async () => {
    await render(
      <SpreadView result={null} step={null} pending={false} onNewMates={noop} onNextDigit={noop} />,
    );
    await expect.element(page.getByText(/press Play/)).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'New batch-mates' })).toBeDisabled();
  });

  it('the fit table: one column per run, the gap in points', async () => {
    await render(
      <FitTable runs={RUNS} fits={[{ ...FIT, effectiveStep: null }, FIT]} step={300} pending={false} />,
    );
    const table = page.getByRole('table', { name: 'Train/test gap' });
    await expect.element(table).toBeVisible();
    const gap = page.getByRole('row', { name: /Gap \(train − test\)/ });
    await expect.element(gap).toHaveTextContent('Gap (train − test)4.0 points4.0 points');
    await expect.element(page.getByRole('row', { name: /Effective step/ })).toHaveTextContent(/no BN0\.19$/);
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
            <SpreadView result={SPREAD} step={300} pending={false} onNewMates={noop} onNextDigit={noop} />
            <FitTable runs={RUNS} fits={[FIT, FIT]} step={300} pending={false} />
          </Card>,
        );
        const card = page.getByTestId('card').element();
        expect(card.textContent).not.toMatch(/NaN|Infinity/);
        await expect.poll(() => lookProblems(card, width)).toEqual([]);
        await page
          .getByTestId('card')
          .screenshot({ path: `../../../test-results/noise/views-${theme}-${width}.png` });
        await screen.unmount();
      }
    }
  }, 60_000);
});
