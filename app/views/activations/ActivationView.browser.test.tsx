import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG, HISTOGRAM_BINS, type LayerInfo, PERCENTILES, type RunSnapshot } from '#engine';
import { clearMetrics, metricsFor, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import type { RunView } from '../../store/run-slice.ts';
import { lookProblems } from '../../testing/looks.ts';
import { ActivationView } from './ActivationView.tsx';
import { bandShade } from './bands-layout.ts';
import { formatShare, formatValue } from './common.ts';
import { HistogramPairs } from './HistogramPairs.tsx';
import { heatmapReadout } from './heatmap-layout.ts';
import '../../styles.css';

/** As the Lab mounts it: inside a view card in <main>, whose padding the width must allow for. */
function InCard({ children }: { children: ReactNode }) {
  return (
    <main>
      <div className="view-card">{children}</div>
    </main>
  );
}

/** Standard normal quantiles of PERCENTILES (2, 9, 15, 50, 85, 91, 98). */
const Z = [-2.054, -1.341, -1.036, 0, 1.036, 1.341, 2.054];
const SHOTS = '../../../test-results/activations';

/**
 * Checks the view looks right to a reader at the current width (app/testing/looks.ts: inside
 * the card and the window, no text cut off or on other text, the heatmap's canvas painted, the
 * legends shown), then screenshots each chart of the view at 1:1 for review (the runner scales a
 * viewport taller than its window, so the viewport stays short and each figure is captured on
 * its own).
 */
async function shoot(name: string): Promise<void> {
  const card = document.querySelector('.view-card');
  if (!card) throw new Error('no view card');
  await expect.poll(() => lookProblems(card, window.innerWidth).map((p) => `${name}: ${p}`)).toEqual([]);
  const figures = document.querySelectorAll('.act-view > header, .act-view figure');
  for (const [i, element] of figures.entries())
    await page.screenshot({ element, path: `${SHOTS}/${name}-${i}.png` });
}

/** Counts of N(mean, sd) over HISTOGRAM_BINS bins on [-range, range] for `total` values. */
function normalCounts(mean: number, sd: number, range: number, total = 2048): Float32Array {
  const out = new Float32Array(HISTOGRAM_BINS);
  const w = (2 * range) / HISTOGRAM_BINS;
  for (let b = 0; b < HISTOGRAM_BINS; b++) {
    const c = -range + (b + 0.5) * w;
    out[b] = Math.round(
      (total * w * Math.exp(-0.5 * ((c - mean) / sd) ** 2)) / (sd * Math.sqrt(2 * Math.PI)),
    );
  }
  return out;
}

const MLP_LAYERS = (norm: string | null): LayerInfo[] => {
  const kinds = norm ? ['dense', norm, 'relu', 'dense'] : ['dense', 'relu', 'dense'];
  return kinds.map((kind, index) => ({ index, kind, shape: [16], params: kind === 'dense' ? 48 : 32 }));
};

function runView(id: string, label: string, color: string, layers: LayerInfo[], step: number): RunView {
  return {
    id,
    label,
    color,
    config: DEFAULT_CONFIG,
    step,
    lastLoss: 0.4,
    test: null,
    msPerStep: 1,
    diverged: null,
    layers,
  };
}

/**
 * Records `steps` snapshots of one run observing `layer`: the unit's input drifts from mean
 * `drift(0)` to `drift(steps)` with spread `sd`; the output is `after(t)` = [mean, sd].
 */
function train(
  runId: string,
  layer: number,
  steps: number,
  range: number,
  drift: (t: number) => number,
  sd: (t: number) => number,
  after: (t: number) => [number, number],
): void {
  for (let t = 1; t <= steps; t++) {
    const snapshot: RunSnapshot = {
      runId,
      step: t * 10,
      losses: new Float32Array([1 / t]),
      test: null,
      msPerStep: 1,
      diverged: false,
      observation: {
        layer,
        histograms: {
          lo: -range,
          hi: range,
          input: normalCounts(drift(t), sd(t), range),
          outLo: -range,
          outHi: range,
          output: normalCounts(...after(t), range),
        },
        unitPercentiles: Float32Array.from(PERCENTILES, (_, j) => drift(t) + Z[j] * sd(t)),
        channels: null,
        diagnostics: null,
        inspector: null,
        cells: null,
        boundary: null,
      },
    };
    recordSnapshot(snapshot);
  }
}

function batchNormRun(id = 'bn', step = 1200): void {
  train(
    id,
    1,
    step / 10,
    4,
    (t) => 1.2 - t / 150,
    (t) => 1.4 - t / 400,
    () => [0, 1],
  );
}

function noNormRun(id = 'none', step = 1200): void {
  // Layer 1 of the plain MLP is a ReLU: wide input, half of the output at 0.
  train(
    id,
    1,
    step / 10,
    8,
    (t) => 0.5 + t / 60,
    (t) => 2 + t / 100,
    (t) => [1 + t / 60, 1.5],
  );
}

beforeEach(async () => {
  await page.viewport(480, 700);
});

afterEach(() => {
  clearMetrics();
  store.getState().setRuns([]);
  store.getState().selectLayer(null);
  store.getState().selectUnit(0);
  document.getElementById('dark-vars')?.remove();
});

describe('ActivationView', () => {
  it('before any training, shows its three charts empty, each asking the reader to press Play', async () => {
    store.getState().setRuns([runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 0)]);
    store.getState().selectLayer(1);
    await render(<ActivationView />);
    await expect.element(page.getByText('Layer 1 · BatchNorm')).toBeVisible();
    await expect.poll(() => page.getByText('Press Play to see the distributions.').elements().length).toBe(3);
    for (const el of page.getByText('Press Play to see the distributions.').elements())
      await expect.element(el).toBeVisible();
    expect(document.body.innerHTML).not.toMatch(/NaN|Infinity/);
  });

  it('without any run, says what the view will show', async () => {
    await render(<ActivationView />);
    await expect.element(page.getByText(/^Press Play to see the distributions\. You will see/)).toBeVisible();
    expect(page.getByRole('img').elements()).toHaveLength(0);
  });

  it('says the layer has no data yet when training ran but nothing was observed here', async () => {
    store.getState().setRuns([runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 300)]);
    store.getState().selectLayer(2);
    await render(<ActivationView />);
    await expect
      .poll(
        () =>
          page.getByText('This layer has no data yet. It appears after the next training step.').elements()
            .length,
      )
      .toBe(3);
    await expect.element(page.getByText('Layer 1 · relu')).toBeVisible();
  });

  it('shows one run: this batch, the unit percentiles and the heatmap, each named and summarised', async () => {
    store.getState().setRuns([runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200)]);
    store.getState().selectLayer(1);
    batchNormRun();
    await render(
      <InCard>
        <ActivationView />
      </InCard>,
    );
    await expect.element(page.getByRole('region', { name: 'Activation distributions' })).toBeVisible();
    await expect.element(page.getByText('Layer 1 · BatchNorm')).toBeVisible();

    const pair = page.getByRole('img', { name: 'This batch, before and after BatchNorm: BatchNorm' });
    await expect.element(pair).toBeVisible();
    await expect
      .element(pair)
      .toHaveAccessibleDescription(
        /^BatchNorm at step 1,200: before batchnorm mean ≈ 0\.[34]\d, sd ≈ 1\.1\d; after mean ≈ 0\.00, sd ≈ (0\.9|1\.0)\d$/,
      );

    const bands = page.getByRole('img', { name: 'Unit 0 input over training: BatchNorm' });
    await expect.element(bands).toBeVisible();
    await expect
      .element(bands)
      .toHaveAccessibleDescription(
        'BatchNorm, unit 0 input at step 1,200: median 0.40, 15–85 % range −0.74 to 1.54',
      );
    await expect
      .element(page.getByRole('list', { name: 'Unit 0 input over training legend' }))
      .toHaveTextContent('2–98 %9–91 %15–85 %median');

    const heat = page.getByRole('img', { name: 'Histogram over training, before the layer: BatchNorm' });
    await expect.element(heat).toBeVisible();
    await expect
      .element(heat)
      .toHaveAccessibleDescription(
        /^BatchNorm, input histogram over steps 10–1,200 \(\d+ snapshots\): latest mean ≈ 0\.[34]\d/,
      );
    await expect
      .element(
        page.getByRole('img', { name: /^Colour scale: share of values per bin, from 0 % to [\d.]+ %$/ }),
      )
      .toBeVisible();

    // Axis labels with units, and never a NaN anywhere.
    const view = page.getByRole('region', { name: 'Activation distributions' }).element();
    for (const label of ['activation value', 'share of values', 'training step'])
      expect(view.textContent).toContain(label);
    expect(view.innerHTML).not.toMatch(/NaN|Infinity/);
    for (const empty of view.querySelectorAll<HTMLElement>('.chart-empty')) expect(empty).not.toBeVisible();

    // The heatmap canvas is painted (not blank).
    const canvas = heat.element().parentElement?.querySelector('canvas') as HTMLCanvasElement;
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    expect(pixels.some((v, i) => i % 4 === 3 && v > 0)).toBe(true);

    await shoot('one-run-480');
    await page.viewport(360, 700);
    await expect.poll(() => (pair.element() as SVGSVGElement).width.baseVal.value).toBeLessThan(340);
    await shoot('one-run-360');
  });

  it('the heatmap toggle switches to the output histogram', async () => {
    store.getState().setRuns([runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 600)]);
    store.getState().selectLayer(1);
    batchNormRun('bn', 600);
    await render(<ActivationView />);
    await page.getByRole('radio', { name: 'After (output)' }).click();
    const heat = page.getByRole('img', { name: 'Histogram over training, after the layer: BatchNorm' });
    await expect.element(heat).toBeVisible();
    await expect
      .element(heat)
      .toHaveAccessibleDescription(
        /^BatchNorm, output histogram over steps 10–600 .*latest mean ≈ 0\.00, sd ≈ (0\.9|1\.0)\d$/,
      );
  });

  it('compares two runs side by side on shared axes, each titled with its label and swatch', async () => {
    await page.viewport(1000, 700);
    store
      .getState()
      .setRuns([
        runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200),
        runView('none', 'No norm', 'var(--c-grey)', MLP_LAYERS(null), 1200),
      ]);
    store.getState().selectLayer(1);
    batchNormRun();
    noNormRun();
    await render(
      <InCard>
        <ActivationView />
      </InCard>,
    );
    await expect.element(page.getByText('Layer 1 · BatchNorm / relu')).toBeVisible();
    const bnBands = page.getByRole('img', { name: 'Unit 0 input over training: BatchNorm' });
    const noneBands = page.getByRole('img', { name: 'Unit 0 input over training: No norm' });
    await expect
      .element(noneBands)
      .toHaveAccessibleDescription(/^No norm, unit 0 input at step 1,200: median 2\.50/);
    // Shared axes: the same tick labels in both panels.
    const ticks = (el: Element) =>
      Array.from(el.querySelectorAll('.tick text'), (t) => t.textContent).join(' ');
    expect(ticks(bnBands.element())).toBe(ticks(noneBands.element()));
    const bnPair = page.getByRole('img', { name: 'This batch, before and after the layer: BatchNorm' });
    const nonePair = page.getByRole('img', { name: 'This batch, before and after the layer: No norm' });
    expect(ticks(bnPair.element())).toBe(ticks(nonePair.element()));
    // The widest run's range (±8) is everyone's x range.
    expect(ticks(bnPair.element())).toContain('−5 0 5');
    const bnHeat = page.getByRole('img', { name: 'Histogram over training, before the layer: BatchNorm' });
    const noneHeat = page.getByRole('img', { name: 'Histogram over training, before the layer: No norm' });
    expect(ticks(bnHeat.element())).toBe(ticks(noneHeat.element()));
    // Side by side: the two panels share a row.
    const top = (el: Element) => Math.round(el.getBoundingClientRect().top);
    expect(top(bnBands.element())).toBe(top(noneBands.element()));
    // Each panel is titled with the run's label next to its coloured swatch.
    const titles = Array.from(document.querySelectorAll('.act-panel-title'), (t) => t.textContent);
    expect(titles).toContain('BatchNorm · BatchNorm');
    expect(titles).toContain('No norm · relu');
    expect(titles).toContain('No norm');
    const swatch = document.querySelector('.act-panel-title .swatch') as HTMLElement;
    expect(getComputedStyle(swatch).backgroundColor).not.toBe('rgba(0, 0, 0, 0)');
    await shoot('compare-1000');
    await page.viewport(480, 700);
    await expect.poll(() => top(bnBands.element()) < top(noneBands.element())).toBe(true);
    await shoot('compare-480');
  });

  it('reads out a run’s median and bands at a step, the rule across both runs’ panels', async () => {
    await page.viewport(1000, 700);
    store
      .getState()
      .setRuns([
        runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200),
        runView('none', 'No norm', 'var(--c-grey)', MLP_LAYERS(null), 1200),
      ]);
    store.getState().selectLayer(1);
    batchNormRun();
    noNormRun();
    await render(
      <InCard>
        <ActivationView />
      </InCard>,
    );
    const noneBands = page.getByRole('img', { name: 'Unit 0 input over training: No norm' });
    await expect.element(noneBands).toHaveAccessibleDescription(/at step 1,200/);
    // The fixture's No norm unit at snapshot t: median 0.5 + t/60, spread 2 + t/100.
    const q = (t: number, z: number) => formatValue(Math.fround(0.5 + t / 60 + z * (2 + t / 100)));
    const expected = (t: number) =>
      `No norm, step ${(t * 10).toLocaleString('en-US')} median: ${q(t, 0)} ` +
      `15–85 %: ${q(t, Z[2])} to ${q(t, Z[4])} 9–91 %: ${q(t, Z[1])} to ${q(t, Z[5])} ` +
      `2–98 %: ${q(t, Z[0])} to ${q(t, Z[6])}`;
    const readout = () => document.querySelector('.chart-readout')?.textContent?.replace(/\s+/g, ' ').trim();
    (noneBands.element() as SVGSVGElement).focus();
    await userEvent.keyboard('{End}');
    await expect.poll(readout).toBe(expected(120));
    await userEvent.keyboard('{Home}{ArrowRight}');
    await expect.poll(readout).toBe(expected(2));
    expect(document.querySelectorAll('.act-chart line.readout-rule').length).toBe(2);
    // The box stays inside the figure.
    const figure = noneBands.element().closest('figure')?.getBoundingClientRect() as DOMRect;
    const box = document.querySelector('.chart-readout')?.getBoundingClientRect() as DOMRect;
    expect(box.left).toBeGreaterThanOrEqual(figure.left - 0.5);
    expect(box.right).toBeLessThanOrEqual(figure.right + 0.5);
  });

  it('reads out a run’s histogram at a step on the heatmap: mean, sd and fullest bin, the rule across both panels', async () => {
    await page.viewport(1000, 700);
    store
      .getState()
      .setRuns([
        runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200),
        runView('none', 'No norm', 'var(--c-grey)', MLP_LAYERS(null), 1200),
      ]);
    store.getState().selectLayer(1);
    batchNormRun();
    noNormRun();
    await render(
      <InCard>
        <ActivationView />
      </InCard>,
    );
    const noneHeat = page.getByRole('img', { name: 'Histogram over training, before the layer: No norm' });
    await expect.element(noneHeat).toHaveAccessibleDescription(/over steps 10–1,200/);
    // What the box must say: the No norm run's own recorded histogram row at the step.
    const expected = (step: number) => {
      const m = metricsFor('none');
      const at = heatmapReadout(m.inputHistograms, m.histogramRange, step);
      if (!at) throw new Error('no histogram row');
      return (
        `No norm, step ${at.step.toLocaleString('en-US')} mean: ${formatValue(at.mean)} sd: ${formatValue(at.sd)} ` +
        `fullest bin: around ${formatValue(at.peak)} (${formatShare(at.peakShare)} of values)`
      );
    };
    const readout = () => document.querySelector('.chart-readout')?.textContent?.replace(/\s+/g, ' ').trim();
    (noneHeat.element() as SVGSVGElement).focus();
    await userEvent.keyboard('{End}');
    await expect.poll(readout).toBe(expected(1200));
    // The fixture's No norm input drifts right (median 0.5 + t/60): late rows sit right of early ones.
    const late = heatmapReadout(metricsFor('none').inputHistograms, metricsFor('none').histogramRange, 1200);
    await userEvent.keyboard('{Home}');
    await expect.poll(readout).toBe(expected(10));
    const early = heatmapReadout(metricsFor('none').inputHistograms, metricsFor('none').histogramRange, 10);
    expect(late && early && late.mean - early.mean).toBeGreaterThan(1);
    // One rule per run's heatmap, at the same step.
    const rules = document.querySelectorAll('.act-chart line.readout-rule');
    expect(rules.length).toBe(2);
    expect(rules[0].getAttribute('x1')).toBe(rules[1].getAttribute('x1'));
    // Escape hides it; the box stays inside the figure while shown.
    await userEvent.keyboard('{End}');
    const figure = noneHeat.element().closest('figure')?.getBoundingClientRect() as DOMRect;
    const box = document.querySelector('.chart-readout')?.getBoundingClientRect() as DOMRect;
    expect(box.left).toBeGreaterThanOrEqual(figure.left - 0.5);
    expect(box.right).toBeLessThanOrEqual(figure.right + 0.5);
    await userEvent.keyboard('{Escape}');
    await expect.poll(readout).toBeUndefined();
  });

  it('a percentile-band legend entry shows that band alone, or the median, in every run’s panel', async () => {
    await page.viewport(1000, 700);
    store
      .getState()
      .setRuns([
        runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200),
        runView('none', 'No norm', 'var(--c-grey)', MLP_LAYERS(null), 1200),
      ]);
    store.getState().selectLayer(1);
    batchNormRun();
    noNormRun();
    await render(
      <InCard>
        <ActivationView />
      </InCard>,
    );
    await expect
      .element(page.getByRole('img', { name: 'Unit 0 input over training: No norm' }))
      .toHaveAccessibleDescription(/at step 1,200/);
    const figure = page
      .getByRole('img', { name: 'Unit 0 input over training: No norm' })
      .element()
      .closest('figure');
    if (!figure) throw new Error('no figure');
    /** Per band (2, 9, 15) and the median: the opacity in each of the two panels. */
    const opacities = (): Record<string, string[]> => ({
      ...Object.fromEntries(
        [2, 9, 15].map((b) => [
          b,
          Array.from(figure.querySelectorAll(`path.act-band[data-band="${b}"]`), (p) =>
            Number(getComputedStyle(p).opacity).toFixed(2),
          ),
        ]),
      ),
      median: Array.from(figure.querySelectorAll('path.act-median:not(.act-median-halo)'), (p) =>
        Number(getComputedStyle(p).opacity).toFixed(2),
      ),
    });
    const legend = page.getByRole('list', { name: 'Unit 0 input over training legend' });
    // Hovering 9–91 %: that band alone at its full shade (as its swatch shows), the rest faded.
    await legend.getByRole('button', { name: '9–91 %' }).hover();
    await expect.poll(opacities).toEqual({
      2: ['0.05', '0.05'],
      9: [bandShade(1).toFixed(2), bandShade(1).toFixed(2)],
      15: ['0.05', '0.05'],
      median: ['0.20', '0.20'],
    });
    // Unhovered, every band and the median as drawn without a highlight.
    await userEvent.unhover(legend.getByRole('button', { name: '9–91 %' }));
    await expect.poll(opacities).toEqual({
      2: ['0.16', '0.16'],
      9: ['0.26', '0.26'],
      15: ['0.42', '0.42'],
      median: ['1.00', '1.00'],
    });
    // Keyboard: focusing "median" fades every band; pressing pins it past the blur.
    const median = legend.getByRole('button', { name: 'median' });
    (median.element() as HTMLElement).focus();
    await expect.poll(() => opacities()[15]).toEqual(['0.05', '0.05']);
    expect(opacities().median).toEqual(['1.00', '1.00']);
    await userEvent.keyboard('{Enter}');
    await expect.element(median).toHaveAttribute('aria-pressed', 'true');
    (median.element() as HTMLElement).blur();
    await expect.poll(() => opacities()[2]).toEqual(['0.05', '0.05']);
  });

  it('only shows the runs it is given', async () => {
    store
      .getState()
      .setRuns([
        runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200),
        runView('none', 'No norm', 'var(--c-grey)', MLP_LAYERS(null), 1200),
      ]);
    batchNormRun();
    noNormRun();
    await render(<ActivationView runIds={['none']} />);
    await expect
      .element(page.getByRole('img', { name: 'Unit 0 input over training: No norm' }))
      .toBeVisible();
    expect(page.getByRole('img', { name: /BatchNorm/ }).elements()).toHaveLength(0);
  });

  it('says when the bands are over a lesson’s fixed set of test digits', async () => {
    store.getState().setRuns([runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200)]);
    store.getState().setConfig({ ...DEFAULT_CONFIG, dataset: 'mnist' });
    store.getState().setPreferredObserve({ layer: 1, unit: 0, probe: { count: 300 } });
    batchNormRun();
    try {
      await render(<ActivationView />);
      const name = 'Unit 0 input over training, on a fixed set of 300 test digits';
      await expect.element(page.getByRole('figure', { name })).toBeVisible();
      await expect
        .element(page.getByRole('img', { name: `${name}: BatchNorm` }))
        .toHaveAccessibleDescription(
          /^BatchNorm, unit 0 input on a fixed set of 300 test digits at step 1,200: median /,
        );
    } finally {
      store.getState().setPreferredObserve(null);
      store.getState().setConfig(DEFAULT_CONFIG);
    }
  });

  it('reads well in dark mode', async () => {
    const style = document.createElement('style');
    style.id = 'dark-vars';
    style.textContent = `:root { --bg: #14171d; --surface: #1c2028; --text: #e6e8ec; --muted: #a3aab8;
      --border: #343a46; --accent: #7fb3e6; --accent-contrast: #0d1117; --c-blue: #56b4e9; }
      body { background: var(--bg); color: var(--text); }`;
    document.head.append(style);
    store.getState().setRuns([runView('bn', 'BatchNorm', 'var(--c-blue)', MLP_LAYERS('batchnorm'), 1200)]);
    store.getState().selectLayer(1);
    batchNormRun();
    await render(
      <InCard>
        <ActivationView />
      </InCard>,
    );
    await expect
      .element(page.getByRole('img', { name: 'Unit 0 input over training: BatchNorm' }))
      .toBeVisible();
    await shoot('one-run-dark-480');
  });
});

describe('HistogramPairs', () => {
  it('renders a fixed snapshot, and a run without data says so', async () => {
    await render(
      <HistogramPairs
        emptyText="This layer has no data yet"
        runs={[
          {
            id: 'a',
            label: 'LayerNorm',
            color: 'var(--c-vermillion)',
            kind: 'layernorm',
            histograms: { lo: -2, hi: 2, input: normalCounts(1, 0.5, 2), output: normalCounts(0, 1, 2) },
            step: 40,
          },
          {
            id: 'b',
            label: 'GroupNorm',
            color: 'var(--c-groupnorm)',
            kind: 'groupnorm',
            histograms: null,
            step: null,
          },
        ]}
      />,
    );
    const a = page.getByRole('img', { name: 'This batch, before and after the layer: LayerNorm' });
    await expect
      .element(a)
      .toHaveAccessibleDescription(
        /^LayerNorm at step 40: before layernorm mean ≈ 0\.9\d, sd ≈ 0\.4\d; after mean ≈ 0\.00/,
      );
    expect(a.element().querySelectorAll('rect').length).toBeGreaterThan(20);
    await expect.element(page.getByText('This layer has no data yet')).toBeVisible();
    await expect.element(page.getByText('GroupNorm: no data yet')).toBeVisible();
    expect(document.body.innerHTML).not.toMatch(/NaN|Infinity/);
  });
});
