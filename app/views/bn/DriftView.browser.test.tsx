import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { RunSnapshot } from '#engine';
import { clearMetrics, metricsFor, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import { DriftPanel, DriftView, NOT_BATCHNORM } from './DriftView.tsx';
import { type FixtureLayer, fixtureRun, fixtureSnapshots } from './fixtures.ts';
import { formatValue } from './inspector-math.ts';

const BN: FixtureLayer = { kind: 'batchnorm', shape: [16] };
const NO_NAN = /NaN|Infinity/;

/** One run whose layer 1 (observed, unit 3) is `layer`, with snapshots every 10 steps up to `last`. */
function seed(layer: FixtureLayer, last: number): RunSnapshot[] {
  store.getState().setRuns([{ ...fixtureRun('main', layer.kind, layer.shape), step: last }]);
  store.getState().selectLayer(1);
  store.getState().selectUnit(3);
  const snaps = last > 0 ? fixtureSnapshots('main', 1, layer, last, { unit: 3 }) : [];
  for (const s of snaps) recordSnapshot(s);
  return snaps;
}

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().selectLayer(null);
  store.getState().selectUnit(0);
  store.getState().setObserveLayer(null);
  clearMetrics();
});

describe('DriftView', () => {
  it('plots the tracked channel’s batch vs running statistics and states the latest numbers', async () => {
    const snaps = seed(BN, 500);
    const last = snaps.at(-1)?.observation?.channels;
    if (!last) throw new Error('the fixture has channel statistics');
    await render(<DriftView />);
    const chart = page.getByRole('img', { name: /^Batch vs running statistics, channel 3\./ });
    await expect.element(chart).toBeVisible();
    const gap = (a: number, b: number) => formatValue(Math.fround(a) - Math.fround(b));
    const summary =
      `Channel 3 at step 500: batch mean ${formatValue(last.batchMean[3])}, running mean ` +
      `${formatValue(last.runningMean[3])} (gap ${gap(last.runningMean[3], last.batchMean[3])}); batch variance ` +
      `${formatValue(last.batchVar[3])}, running variance ${formatValue(last.runningVar[3])} ` +
      `(gap ${gap(last.runningVar[3], last.batchVar[3])}).`;
    await expect.element(page.getByText(summary)).toBeVisible();
    expect(chart.element().getAttribute('aria-label')).toContain(summary);
    const running = chart.element().querySelectorAll('path.running');
    expect(running.length).toBe(2);
    for (const p of running) expect(p.getAttribute('d')).toMatch(/^M/);
    expect(chart.element().innerHTML).not.toMatch(NO_NAN);
    await expect.element(page.getByText('Training step')).toBeVisible();
    await expect.element(page.getByText('Mean (input units)')).toBeVisible();
    await expect.element(page.getByLabelText('BN momentum')).toHaveAttribute('aria-valuetext', '0.1');
    await expect
      .element(page.getByText(/running ← 0\.9 × running \+ 0\.1 × batch: about the last 10 steps dominate/))
      .toBeVisible();
  });

  it('reads out the four statistics at a step with the keyboard; a legend entry fades the other series', async () => {
    const snaps = seed(BN, 500);
    await render(<DriftView />);
    const chart = page.getByRole('img', { name: /^Batch vs running statistics, channel 3\./ });
    await expect.element(chart).toBeVisible();
    const first = snaps.find((s) => s.observation?.channels)?.observation?.channels;
    const second = snaps.filter((s) => s.observation?.channels)[1];
    if (!first || !second?.observation?.channels) throw new Error('the fixture has channel statistics');
    const v = (c: typeof first, i = 3) =>
      `batch mean: ${formatValue(c.batchMean[i])} running mean: ${formatValue(c.runningMean[i])} ` +
      `batch variance: ${formatValue(c.batchVar[i])} running variance: ${formatValue(c.runningVar[i])}`;
    (chart.element() as SVGSVGElement).focus();
    await userEvent.keyboard('{Home}');
    const readout = () => document.querySelector('.chart-readout')?.textContent?.replace(/\s+/g, ' ').trim();
    await expect.poll(readout).toBe(`Channel 3, step ${snaps[0].step} ${v(first)}`);
    await userEvent.keyboard('{ArrowRight}');
    await expect.poll(readout).toBe(`Channel 3, step ${second.step} ${v(second.observation.channels)}`);
    expect(chart.element().querySelector('line.readout-rule')).not.toBeNull();
    // The legend: focusing "running statistic" fades the batch lines and the gap band.
    const legend = page.getByRole('list', { name: 'Drift chart legend' });
    const running = legend.getByRole('button', { name: 'running statistic (used in eval)' });
    await legend.getByRole('button', { name: 'batch statistic (this step)' }).click();
    await legend.getByRole('button', { name: 'batch statistic (this step)' }).click();
    await userEvent.unhover(legend.getByRole('button', { name: 'batch statistic (this step)' }));
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(running.element());
    const opacity = (cls: string) =>
      Array.from(chart.element().querySelectorAll(`path.${cls}`), (p) => getComputedStyle(p).opacity);
    await expect.poll(() => opacity('batch')).toEqual(['0.2', '0.2']);
    expect(opacity('gap')).toEqual(['0.2', '0.2']);
    expect(opacity('running')).toEqual(['1', '1']);
    (document.activeElement as HTMLElement).blur();
    await expect.poll(() => opacity('batch')).toEqual(['1', '1']);
  });

  it('shows every channel as small multiples, and names the largest gaps', async () => {
    seed(BN, 300);
    await render(<DriftView />);
    await page.getByLabelText('Channel', { exact: true }).selectOptions('all');
    const minis = page.getByRole('img', { name: /^Channel \d+ at step 300:/ });
    await expect.poll(() => minis.elements().length).toBe(16);
    await expect.element(page.getByText(/^16 channels at step 300\. Largest mean gap/)).toBeVisible();
    expect(document.body.innerHTML).not.toMatch(NO_NAN);
  });

  it('reads out one channel’s four statistics on the small multiples, the rule across every channel', async () => {
    const snaps = seed(BN, 300);
    await render(<DriftView />);
    await page.getByLabelText('Channel', { exact: true }).selectOptions('all');
    const five = page.getByRole('img', { name: /^Channel 5 at step 300:/ });
    await expect.element(five).toBeVisible();
    const observed = snaps.filter((s) => s.observation?.channels);
    const first = observed[0]?.observation?.channels;
    const second = observed[1]?.observation?.channels;
    if (!first || !second) throw new Error('the fixture has channel statistics');
    const v = (c: typeof first) =>
      `batch mean: ${formatValue(c.batchMean[5])} running mean: ${formatValue(c.runningMean[5])} ` +
      `batch variance: ${formatValue(c.batchVar[5])} running variance: ${formatValue(c.runningVar[5])}`;
    const readout = () => document.querySelector('.chart-readout')?.textContent?.replace(/\s+/g, ' ').trim();
    (five.element() as SVGSVGElement).focus();
    await userEvent.keyboard('{Home}');
    await expect.poll(readout).toBe(`Channel 5, step ${observed[0].step} ${v(first)}`);
    await userEvent.keyboard('{ArrowRight}');
    await expect.poll(readout).toBe(`Channel 5, step ${observed[1].step} ${v(second)}`);
    expect(document.querySelectorAll('svg[data-channel] line.readout-rule')).toHaveLength(16);
    // The pointer over channel 2 reads channel 2, with the box inside the figure.
    const two = page.getByRole('img', { name: /^Channel 2 at step 300:/ });
    (document.activeElement as HTMLElement).blur();
    await two.hover();
    await expect.poll(readout).toMatch(/^Channel 2, step \d+ batch mean: /);
    const figure = two.element().closest('figure')?.getBoundingClientRect() as DOMRect;
    const box = document.querySelector('.chart-readout')?.getBoundingClientRect() as DOMRect;
    expect(box.left).toBeGreaterThanOrEqual(figure.left - 0.5);
    expect(box.right).toBeLessThanOrEqual(figure.right + 0.5);
  });

  it('says in words that running statistics exist only for BatchNorm when the layer is a LayerNorm', async () => {
    seed({ kind: 'layernorm', shape: [16] }, 100);
    await render(<DriftView />);
    await expect.element(page.getByText(NOT_BATCHNORM, { exact: false })).toBeVisible();
    // Numbered as a reader counts layers: index 1 follows the first dense layer, so it is layer 1's.
    await expect.element(page.getByText(/The observed layer \(layer 1\) is a LayerNorm\./)).toBeVisible();
    expect(page.getByRole('img').elements()).toHaveLength(0);
  });

  it('in a comparison, reads each run at the layer that run observes (a normalizer shifts the indices)', async () => {
    // One request, resolved in each run's own network: layer 1 is the BatchNorm run's BN (and a
    // tanh in the plain run, which has no normalizer layer).
    const plainRun = fixtureRun('plain', 'dense', [16]);
    const plainLayers = [
      plainRun.layers[0],
      { ...plainRun.layers[2], index: 1 },
      { ...plainRun.layers[3], index: 2 },
    ];
    const plain = { ...plainRun, label: 'No norm', step: 200, layers: plainLayers };
    const bn = { ...fixtureRun('bn', 'batchnorm', [16]), label: 'BatchNorm', step: 200 };
    store.getState().setObserveLayer(1);
    store.getState().setRuns([plain, bn]);
    for (const snap of fixtureSnapshots('bn', 1, BN, 200)) recordSnapshot(snap);
    await render(<DriftView />);
    await expect
      .element(page.getByRole('img', { name: /^Batch vs running statistics, channel 0\./ }))
      .toBeVisible();
    expect(page.getByText(NOT_BATCHNORM, { exact: false }).elements()).toHaveLength(0);
    // The first activation of each: index 1 in the plain run, 2 after the BatchNorm; both are layer 1's.
    store.getState().setObserveLayer({ activation: 0 });
    await expect
      .element(
        page.getByText("Observed: No norm's layer 1 (a tanh), BatchNorm's layer 1 (a tanh).", {
          exact: false,
        }),
      )
      .toBeVisible();
  });

  it('before any training step, shows the empty state in words and draws no line', async () => {
    seed(BN, 0);
    await render(<DriftView />);
    const empty = page.getByText('Press Play to see the batch and running statistics.').first();
    await expect.element(empty).toBeVisible();
    const chart = page.getByRole('img', { name: /^Batch vs running statistics/ });
    for (const p of chart.element().querySelectorAll('path')) expect(p.getAttribute('d') ?? '').toBe('');
  });

  it('without any run, asks the reader to press Play', async () => {
    await render(<DriftView />);
    await expect.element(page.getByText('No run yet: press Play to start training.')).toBeVisible();
  });
});

describe('DriftPanel', () => {
  it('the momentum slider steps to the next momentum', async () => {
    const onMomentumChange = vi.fn();
    await render(
      <DriftPanel
        source={() => metricsFor('none')}
        channels={4}
        momentum={0.1}
        onMomentumChange={onMomentumChange}
        valuesPerChannel={32}
      />,
    );
    (page.getByLabelText('BN momentum').element() as HTMLInputElement).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(onMomentumChange).toHaveBeenCalledWith(0.3);
  });

  it('states a slower update rule for momentum 0.01 and the unbiased-variance factor', async () => {
    await render(
      <DriftPanel
        source={() => metricsFor('none')}
        channels={4}
        momentum={0.01}
        onMomentumChange={() => {}}
        valuesPerChannel={8}
      />,
    );
    await expect
      .element(
        page.getByText(/running ← 0\.99 × running \+ 0\.01 × batch: about the last 100 steps dominate/),
      )
      .toBeVisible();
    const note = page.getByText(/so it sits × 8\/7 = 1\.14 higher even without drift/);
    await expect.element(note).toBeVisible();
    // n, as lesson 6 writes the values per channel: its m is the momentum this panel also shows.
    await expect.element(note).toHaveTextContent(/÷ n, .*÷ \(n − 1\).*n = 8 values per channel/);
    expect(note.element().textContent).not.toMatch(/\bm\b/);
  });
});
