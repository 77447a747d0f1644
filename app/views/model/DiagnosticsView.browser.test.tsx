import { rgb } from 'd3';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { LAYER_COLOR_MIN_DELTA_E, NORM_COLOR } from '../../colors.ts';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import '../../styles.css';
import { closestPair } from '../../testing/color-difference.ts';
import { DiagnosticsChart, DiagnosticsView } from './DiagnosticsView.tsx';
import { DIAG_LAYERS, diagnosticsHistory, FIXTURE_CONFIG, fixtureSnapshot, mlpLayers } from './fixtures.ts';

afterEach(() => {
  store.getState().setRuns([]);
  clearMetrics();
});

const LAYERS = mlpLayers();

function run(id: string, label: string) {
  return {
    id,
    label,
    color: NORM_COLOR.batchnorm,
    config: FIXTURE_CONFIG,
    step: 500,
    lastLoss: 0.3,
    test: null,
    msPerStep: 0.2,
    diverged: null,
    layers: LAYERS,
  };
}

describe('DiagnosticsChart', () => {
  it('names each of the three charts and summarises the latest value per layer', async () => {
    const data = diagnosticsHistory(50);
    await render(<DiagnosticsChart data={() => data} layers={LAYERS} />);
    const grad = page.getByRole('img', { name: /^Gradient norm by layer\./ });
    await expect.element(grad).toBeVisible();
    await expect
      .element(grad)
      .toHaveAccessibleName(/at step 500, Layer 1 · dense 16: [\d.]+; Layer 2 · dense 16/);
    const ratio = page.getByRole('img', { name: /^Update-to-weight ratio by layer\./ });
    await expect.element(ratio).toHaveAccessibleName(/Output · dense 2: \d\.\de-\d/);
    // The rule-of-thumb line is drawn and labelled.
    expect(ratio.element().querySelector('.diag-ref-label')?.textContent).toBe('10⁻³ rule of thumb');
    // Saturation in percent; the output layer has no activation, so it is not charted.
    const sat = page.getByRole('img', { name: /^Saturated units by layer\./ });
    await expect.element(sat).toHaveAccessibleName(/Layer 3 · dense 16: \d+ %/);
    expect(sat.element().getAttribute('aria-label')).not.toMatch(/Output/);
    expect(sat.element().querySelectorAll('path.diag-line').length).toBe(3);
    expect(grad.element().querySelectorAll('path.diag-line').length).toBe(4);
    for (const chart of [grad, ratio, sat]) expect(chart.element().innerHTML).not.toMatch(/NaN|Infinity/);
    // The lines as drawn are told apart: every pair of strokes at least the stated ΔE2000 apart.
    const strokes = Array.from(grad.element().querySelectorAll('path.diag-line'), (p) =>
      rgb(getComputedStyle(p).stroke).formatHex(),
    );
    expect(new Set(strokes).size).toBe(4);
    expect(closestPair(strokes).deltaE).toBeGreaterThanOrEqual(LAYER_COLOR_MIN_DELTA_E);
    // A legend names every weight layer as a reader counts them, the classifier as Output.
    const legend = page.getByRole('list', { name: 'Diagnostics legend' });
    await expect.element(legend).toHaveTextContent('Layer 1 · dense 16');
    await expect.element(legend).toHaveTextContent('Output · dense 2');
    await expect.element(page.getByText('Press Play to train.')).not.toBeVisible();
    // The latest values, as a table.
    await page.getByText('Latest values').click();
    const table = page.getByRole('table');
    await expect.element(table.getByRole('rowheader', { name: 'Layer 2 · dense 16' })).toBeVisible();
    await expect.element(table).toHaveTextContent('no activation');
  });

  it('shows the empty state in words and draws no line before training', async () => {
    await render(
      <DiagnosticsChart
        data={() => ({ gradNorm: null, updateRatio: null, saturated: null, diagnosticLayers: [] })}
        layers={LAYERS}
      />,
    );
    await expect.element(page.getByText('Press Play to train.')).toBeVisible();
    const grad = page.getByRole('img', { name: /^Gradient norm by layer\./ });
    await expect.element(grad).toHaveAccessibleName('Gradient norm by layer. no data yet');
    expect(document.querySelectorAll('path.diag-line').length).toBe(0);
    expect(document.body.innerHTML).not.toMatch(/NaN|Infinity/);
  });
});

describe('DiagnosticsView (live)', () => {
  it('reads the run’s recorded snapshots and redraws on the store tick', async () => {
    store.getState().setRuns([run('main', 'BatchNorm')]);
    for (let step = 10; step <= 200; step += 10) recordSnapshot(fixtureSnapshot('main', step, null));
    await render(<DiagnosticsView />);
    const grad = page.getByRole('img', { name: /^Gradient norm by layer\./ });
    await expect.element(grad).toHaveAccessibleName(/at step 200,/);
    recordSnapshot(fixtureSnapshot('main', 210, null));
    store.getState().bumpTick();
    await expect.element(grad).toHaveAccessibleName(/at step 210,/);
    expect(grad.element().querySelectorAll('path.diag-line').length).toBe(DIAG_LAYERS.length);
  });

  it('with two runs, a picker chooses whose diagnostics are shown', async () => {
    store
      .getState()
      .setRuns([run('a', 'BatchNorm'), { ...run('b', 'LayerNorm'), color: NORM_COLOR.layernorm }]);
    recordSnapshot(fixtureSnapshot('a', 100, null));
    recordSnapshot(fixtureSnapshot('b', 300, null));
    await render(<DiagnosticsView />);
    await expect
      .element(page.getByRole('img', { name: /^Gradient norm by layer \(BatchNorm\)\. at step 100/ }))
      .toBeVisible();
    await page.getByRole('radio', { name: 'LayerNorm' }).click();
    await expect
      .element(page.getByRole('img', { name: /^Gradient norm by layer \(LayerNorm\)\. at step 300/ }))
      .toBeVisible();
  });
});
