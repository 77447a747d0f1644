import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import { AxesDiagram, NEXT_STEP, NOT_TRAINING } from './AxesDiagram.tsx';
import { type FixtureLayer, fixtureBatch, fixtureRun, fixtureSnapshots, setValues } from './fixtures.ts';
import { formatValue } from './inspector-math.ts';

/** The observed layer: a BatchNorm on 8 channels of 7 × 7 maps; batch 32, of which 16 samples are drawn. */
const CONV_BN: FixtureLayer = { kind: 'batchnorm', shape: [8, 7, 7] };
const [N, C, S, STEP] = [32, 8, 49, 300];

function seed(last = STEP) {
  store.getState().setRuns([{ ...fixtureRun('main', CONV_BN.kind, CONV_BN.shape), step: last }]);
  store.getState().selectLayer(1);
  if (last > 0) for (const s of fixtureSnapshots('main', 1, CONV_BN, last)) recordSnapshot(s);
}

/** Mean and biased variance of a set, computed directly from the batch (not from cells). */
function direct(samples: [number, number], channels: [number, number]) {
  const values = setValues(fixtureBatch(N, C, S, STEP), C, S, samples, channels);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { count: values.length, mean, variance, meanSquare: variance + mean * mean };
}

function statsText(samples: [number, number], channels: [number, number]) {
  const d = direct(samples, channels);
  const cells = (samples[1] - samples[0]) * (channels[1] - channels[0]);
  return `${cells} cells × 49 values = ${d.count} values. Mean ${formatValue(d.mean)}, variance ${formatValue(d.variance)} (biased).`;
}

const pressed = () => page.getByRole('button', { pressed: true });

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().selectLayer(null);
  clearMetrics();
});

describe('AxesDiagram', () => {
  it('draws the (N, C, H×W) block with BatchNorm’s sets: one per channel over every sample', async () => {
    seed();
    await render(<AxesDiagram />);
    await expect.element(page.getByRole('radio', { name: 'BatchNorm' })).toBeChecked();
    const sets = page.getByRole('button', { name: /^BatchNorm set: channel \d, all 16 samples$/ });
    await expect.poll(() => sets.elements().length).toBe(8);
    const figure = page.getByRole('img', { name: /^A block of 16 samples \(N\) by 8 channels \(C\)/ });
    await expect.element(figure).toBeVisible();
    await expect.element(page.getByText('N (samples)')).toBeVisible();
    await expect.element(page.getByText('C (channels)')).toBeVisible();
    await expect.element(page.getByText(/H × W = 49 values per cell/)).toBeVisible();
    await expect.element(page.getByText(/^BatchNorm: 8 sets on this 16 × 8 grid\. Means from/)).toBeVisible();
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);
  });

  it('clicking a set shows its live mean and variance, pooled exactly from the batch', async () => {
    seed();
    await render(<AxesDiagram />);
    await page.getByRole('button', { name: 'BatchNorm set: channel 3, all 16 samples' }).click();
    await expect.element(pressed()).toHaveAccessibleName('BatchNorm set: channel 3, all 16 samples');
    await expect.element(page.getByText(statsText([0, 16], [3, 4]))).toBeVisible();
    await expect
      .element(page.getByText(/the first 16 of 32 samples; the statistics are over the values drawn/))
      .toBeVisible();
  });

  it('switching BN → LN → GN → IN → RMSNorm changes the highlighted sets and the reported statistics', async () => {
    seed();
    await render(<AxesDiagram />);
    // Click the top-left cell of channel 3's column: cell (sample 0, channel 3).
    await page
      .getByRole('button', { name: 'BatchNorm set: channel 3, all 16 samples' })
      .click({ position: { x: 2, y: 2 } });
    await expect.element(page.getByText(statsText([0, 16], [3, 4]))).toBeVisible();

    await page.getByRole('radio', { name: 'LayerNorm' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^LayerNorm set:/ }).elements().length).toBe(16);
    await expect.element(pressed()).toHaveAccessibleName('LayerNorm set: sample 0, all 8 channels');
    await expect.element(page.getByText(statsText([0, 1], [0, 8]))).toBeVisible();

    await page.getByRole('radio', { name: 'GroupNorm' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^GroupNorm set:/ }).elements().length).toBe(64);
    await expect.element(pressed()).toHaveAccessibleName('GroupNorm set: sample 0, channels 2–3');
    await expect.element(page.getByText(statsText([0, 1], [2, 4]))).toBeVisible();
    const groups = page.getByLabelText('Groups (G)');
    await expect.element(groups).toHaveAttribute('aria-valuetext', 'G = 4: 2 channels per group');
    (groups.element() as HTMLInputElement).focus();
    await userEvent.keyboard('{ArrowLeft}');
    await expect.element(groups).toHaveAttribute('aria-valuetext', 'G = 2: 4 channels per group');
    await expect.element(pressed()).toHaveAccessibleName('GroupNorm set: sample 0, channels 0–3');
    await expect.element(page.getByText(statsText([0, 1], [0, 4]))).toBeVisible();

    await page.getByRole('radio', { name: 'InstanceNorm' }).click();
    await expect.element(pressed()).toHaveAccessibleName('InstanceNorm set: sample 0, channel 3');
    await expect
      .element(page.getByText(statsText([0, 1], [3, 4]).replace('1 cells', '1 cell')))
      .toBeVisible();

    await page.getByRole('radio', { name: 'RMSNorm' }).click();
    await expect.element(pressed()).toHaveAccessibleName('RMSNorm set: sample 0, all 8 channels');
    const rms = direct([0, 1], [0, 8]);
    await expect
      .element(
        page.getByText(new RegExp(`Mean square ${formatValue(rms.meanSquare)} \\(no mean subtracted\\)`)),
      )
      .toBeVisible();
  });

  it('GroupNorm with G = 1 has LayerNorm’s sets, and G = C InstanceNorm’s', async () => {
    seed();
    await render(<AxesDiagram />);
    await page.getByRole('radio', { name: 'GroupNorm' }).click();
    const groups = page.getByLabelText('Groups (G)');
    (groups.element() as HTMLInputElement).focus();
    await userEvent.keyboard('{Home}');
    await expect.element(groups).toHaveAttribute('aria-valuetext', 'G = 1: 8 channels per group');
    await expect.element(page.getByText('G = 1: the same sets as LayerNorm')).toBeVisible();
    await expect
      .poll(
        () =>
          page.getByRole('button', { name: /^GroupNorm set: sample \d+, channels 0–7$/ }).elements().length,
      )
      .toBe(16);
    await userEvent.keyboard('{End}');
    await expect.element(page.getByText('G = C: the same sets as InstanceNorm')).toBeVisible();
    await expect
      .poll(() => page.getByRole('button', { name: /^GroupNorm set:/ }).elements().length)
      .toBe(16 * 8);
  });

  it('is keyboard accessible: arrow keys move between sets, Enter shows one', async () => {
    seed();
    await render(<AxesDiagram />);
    const first = page.getByRole('button', { name: 'BatchNorm set: channel 0, all 16 samples' });
    await expect.element(first).toHaveAttribute('tabindex', '0');
    (first.element() as HTMLButtonElement).focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement?.getAttribute('aria-label')).toBe(
      'BatchNorm set: channel 2, all 16 samples',
    );
    await userEvent.keyboard('{Enter}');
    await expect.element(pressed()).toHaveAccessibleName('BatchNorm set: channel 2, all 16 samples');
    await expect.element(page.getByText(statsText([0, 16], [2, 3]))).toBeVisible();
  });

  it('before training, draws the diagram and says to press Play for live statistics', async () => {
    seed(0);
    await render(<AxesDiagram />);
    await expect.element(page.getByText(NOT_TRAINING)).toBeVisible();
    await expect.poll(() => page.getByRole('button', { name: /^BatchNorm set:/ }).elements().length).toBe(8);
    await page.getByRole('button', { name: 'BatchNorm set: channel 1, all 16 samples' }).click();
    await expect.element(page.getByText(NOT_TRAINING)).toBeVisible();
  });

  it('a trained run with no statistics of this layer yet says they come with the next step, not "press Play"', async () => {
    seed(0);
    store.getState().setRuns([{ ...fixtureRun('main', CONV_BN.kind, CONV_BN.shape), step: 5000 }]);
    await render(<AxesDiagram />);
    await expect.element(page.getByText(NEXT_STEP)).toBeVisible();
    expect(page.getByText(NOT_TRAINING).elements()).toHaveLength(0);
  });
});
