import { rgb } from 'd3';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { LayerInfo } from '#engine';
import { LAYER_COLOR_MIN_DELTA_E, NORM_COLOR } from '../../colors.ts';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import '../../styles.css';
import { RowSeries } from '../../runtime/row-series.ts';
import { closestPair } from '../../testing/color-difference.ts';
import { DiagnosticsChart, type DiagnosticsData, DiagnosticsView } from './DiagnosticsView.tsx';
import { DIAGNOSTIC_METRICS, formatMetric, METRIC_INFO } from './diagnostics-layout.ts';
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
    // The rule-of-thumb line is drawn, and named in the panel's key.
    expect(ratio.element().querySelector('line.diag-ref-line')).not.toBeNull();
    await expect.element(page.getByText('10⁻³ rule of thumb')).toBeVisible();
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

describe('DiagnosticsChart of a deep network (lesson 8: 32 hidden layers and the output)', () => {
  /** (dense 16 → tanh) × 32 → dense 2: 33 weight layers. */
  const DEEP: LayerInfo[] = [
    ...Array.from({ length: 32 }, (_, h): LayerInfo[] => [
      { index: 2 * h, kind: 'dense', shape: [16], params: 16 * 16 + 16 },
      { index: 2 * h + 1, kind: 'tanh', shape: [16], params: 0 },
    ]).flat(),
    { index: 64, kind: 'dense', shape: [2], params: 16 * 2 + 2 },
  ];
  function deepHistory(): DiagnosticsData {
    const columns = 33;
    const series = () => new RowSeries(columns, 64);
    const data = { gradNorm: series(), updateRatio: series(), saturated: series() };
    for (let step = 10; step <= 200; step += 10) {
      data.gradNorm.push(
        step,
        Array.from({ length: columns }, (_, k) => 0.01 * 1.2 ** k),
      );
      data.updateRatio.push(
        step,
        Array.from({ length: columns }, (_, k) => 1e-3 * (1 + k / 10)),
      );
      data.saturated.push(
        step,
        Array.from({ length: columns }, (_, k) => k / 40),
      );
    }
    return { ...data, diagnosticLayers: DEEP.filter((l) => l.kind === 'dense').map((l) => l.index) };
  }

  it('draws 9 evenly spaced layers, first and output included, each in its own colour; all 33 on request', async () => {
    const data = deepHistory();
    await render(<DiagnosticsChart data={() => data} layers={DEEP} />);
    const grad = page.getByRole('img', { name: /^Gradient norm by layer\./ });
    await expect.poll(() => grad.element().querySelectorAll('path.diag-line').length).toBe(9);
    const strokes = Array.from(grad.element().querySelectorAll('path.diag-line'), (p) =>
      rgb(getComputedStyle(p).stroke).formatHex(),
    );
    expect(new Set(strokes).size).toBe(9);
    expect(closestPair(strokes).deltaE).toBeGreaterThanOrEqual(LAYER_COLOR_MIN_DELTA_E);
    const legend = page.getByRole('list', { name: 'Diagnostics legend' });
    expect(legend.element().querySelectorAll('li').length).toBe(9);
    await expect.element(legend).toHaveTextContent('Layer 1 · dense 16');
    await expect.element(legend).toHaveTextContent('Layer 17 · dense 16');
    await expect.element(legend).toHaveTextContent('Output · dense 2');
    await expect.element(page.getByText(/9 of 33 layers, evenly spaced/)).toBeVisible();

    await page.getByRole('button', { name: 'Show all 33' }).click();
    await expect.poll(() => grad.element().querySelectorAll('path.diag-line').length).toBe(33);
    expect(legend.element().querySelectorAll('li').length).toBe(33);
    await expect.element(page.getByText(/All 33 layers: colours repeat every 9/)).toBeVisible();
    await page.getByRole('button', { name: 'Show 9' }).click();
    await expect.poll(() => grad.element().querySelectorAll('path.diag-line').length).toBe(9);
  });

  it('on a phone, the read-out of 9 layers (and of all 33) stays inside its panel, off the next heading', async () => {
    const data = deepHistory(); // steps 10 … 200; the axis ends at 200
    await render(
      <div style={{ width: 340 }}>
        <DiagnosticsChart data={() => data} layers={DEEP} />
      </div>,
    );
    const panels = Array.from(document.querySelectorAll<HTMLElement>('.diag-panel'));
    expect(panels.length).toBe(3);
    const readout = () => document.querySelector('.chart-readout') as HTMLElement;
    for (const all of [false, true]) {
      for (const [i, panel] of panels.entries()) {
        const svg = panel.querySelector('svg[role="img"]') as SVGSVGElement;
        const title = METRIC_INFO[DIAGNOSTIC_METRICS[i]].title;
        await expect.poll(() => hoverStep(svg, 100, 200)).toMatch(`${title}, step 100`);
        const box = readout().getBoundingClientRect();
        const plot = svg.getBoundingClientRect();
        expect(box.top).toBeGreaterThanOrEqual(panel.getBoundingClientRect().top);
        expect(box.bottom).toBeLessThanOrEqual(plot.bottom + 0.5);
        const next = panels[i + 1]?.querySelector('.diag-panel-title')?.getBoundingClientRect();
        if (next) expect(box.bottom).toBeLessThanOrEqual(next.top);
        expect(box.right).toBeLessThanOrEqual(plot.right + 0.5);
        if (!all) {
          // Every layer's row is shown in full (in columns), none cut off.
          const rows = readout().querySelectorAll('.readout-rows > div');
          expect(rows.length).toBe(panel === panels[1] ? 8 : 9); // saturation: no Output
          for (const row of rows) expect(row.getBoundingClientRect().bottom).toBeLessThanOrEqual(box.bottom);
        }
      }
      if (!all) await page.getByRole('button', { name: 'Show all 33' }).click();
    }
  });
});

/** Moves a mouse over `step` of a panel whose step axis runs 0–`axisEnd`; returns the read-out. */
function hoverStep(svg: Element, step: number, axisEnd: number): string | undefined {
  const box = svg.getBoundingClientRect();
  const x = box.left + 58 + (step / axisEnd) * (box.width - 58 - 14);
  svg.dispatchEvent(
    new PointerEvent('pointermove', {
      bubbles: true,
      clientX: x,
      clientY: box.top + 40,
      pointerType: 'mouse',
    }),
  );
  return document.querySelector('.chart-readout')?.textContent ?? undefined;
}

/** The points of a `path.diag-line` ("M x,y L x,y …"), in page coordinates. */
function pathPoints(path: SVGPathElement): { x: number; y: number }[] {
  const svg = path.ownerSVGElement as SVGSVGElement;
  const m = path.getScreenCTM() as DOMMatrix;
  const nums = (path.getAttribute('d') ?? '').match(/-?[\d.]+/g)?.map(Number) ?? [];
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < nums.length; i += 2) {
    const p = new DOMPoint(nums[i], nums[i + 1]).matrixTransform(m);
    out.push({ x: p.x, y: p.y });
  }
  expect(svg).toBeTruthy();
  return out;
}

describe('DiagnosticsChart read-out, legend and reference label', () => {
  it('hovering a panel reads every layer’s value at that step, with a rule on all three panels', async () => {
    const data = diagnosticsHistory(50); // steps 10 … 500; the axis ends at 500
    await render(<DiagnosticsChart data={() => data} layers={LAYERS} />);
    const grad = page.getByRole('img', { name: /^Gradient norm by layer\./ });
    await expect.element(grad).toHaveAccessibleName(/at step 500/);
    const row = 19; // step 200
    const g = data.gradNorm as RowSeries;
    expect(g.steps[row]).toBe(200);
    const expected = `Gradient norm, step 200 Layer 1: ${formatMetric('gradNorm', g.rows[row * g.width])}`;
    await expect.poll(() => hoverStep(grad.element(), 204, 500)).toMatch(expected);
    const text = hoverStep(grad.element(), 204, 500) ?? '';
    expect(text).toContain(`Output: ${formatMetric('gradNorm', g.rows[row * g.width + g.width - 1])}`);
    expect(document.querySelectorAll('line.readout-rule').length).toBe(3);
    // The update-ratio panel reads its own metric.
    const ratio = page.getByRole('img', { name: /^Update-to-weight ratio by layer\./ });
    const u = data.updateRatio as RowSeries;
    await expect
      .poll(() => hoverStep(ratio.element(), 100, 500))
      .toMatch(
        `Update-to-weight ratio, step 100 Layer 1: ${formatMetric('updateRatio', u.rows[9 * u.width])}`,
      );
  });

  it('focusing a legend entry dims every other layer’s lines in all three panels', async () => {
    const data = diagnosticsHistory(50);
    await render(<DiagnosticsChart data={() => data} layers={LAYERS} />);
    const legend = page.getByRole('list', { name: 'Diagnostics legend' });
    await expect.element(legend.getByRole('button', { name: 'Layer 2 · dense 16' })).toBeVisible();
    const grad = page.getByRole('img', { name: /^Gradient norm by layer\./ });
    await expect.poll(() => grad.element().querySelectorAll('path.diag-line').length).toBe(4);
    // Tab from the legend's first entry to the second.
    await legend.getByRole('button', { name: 'Layer 1 · dense 16' }).click();
    await legend.getByRole('button', { name: 'Layer 1 · dense 16' }).click();
    await userEvent.unhover(legend.getByRole('button', { name: 'Layer 1 · dense 16' }));
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.textContent).toBe('Layer 2 · dense 16');
    const opacities = () =>
      Array.from(document.querySelectorAll<SVGPathElement>('path.diag-line'), (p) =>
        Number(getComputedStyle(p).opacity),
      );
    // 4 + 3 (saturation: no Output) + 4 lines: Layer 2's three stay, in its colour, drawn on
    // top (last) in each panel; the other eight fade.
    await expect.poll(() => opacities().filter((o) => o === 1).length).toBe(3);
    expect(opacities().filter((o) => o < 0.5).length).toBe(8);
    const layer2 = getComputedStyle(
      legend
        .getByRole('button', { name: 'Layer 2 · dense 16' })
        .element()
        .querySelector('.swatch') as Element,
    ).backgroundColor;
    for (const svg of document.querySelectorAll('svg[role="img"]')) {
      const last = Array.from(svg.querySelectorAll<SVGPathElement>('path.diag-line')).at(
        -1,
      ) as SVGPathElement;
      expect(getComputedStyle(last).opacity).toBe('1');
      expect(getComputedStyle(last).stroke).toBe(layer2);
    }
    (document.activeElement as HTMLElement).blur();
    await expect.poll(() => opacities().every((o) => o === 1)).toBe(true);
  });

  it('the 10⁻³ label sits where no line passes, even with every layer’s ratio just under 10⁻³', async () => {
    // Every ratio just under the rule of thumb: the lines run along the reference line, where
    // the label used to sit.
    const base = diagnosticsHistory(60);
    const u = new RowSeries(base.updateRatio?.width ?? 0, 256);
    const gradNorm = base.gradNorm as RowSeries;
    for (let r = 0; r < gradNorm.length; r++)
      u.push(
        gradNorm.steps[r],
        Array.from({ length: u.width }, (_, k) => 7e-4 + 2e-4 * Math.sin(r / 3 + k)),
      );
    const data: DiagnosticsData = { ...base, updateRatio: u };
    for (const width of [640, 340]) {
      const screen = await render(
        <div style={{ width }}>
          <DiagnosticsChart data={() => data} layers={LAYERS} />
        </div>,
      );
      const ratio = page.getByRole('img', { name: /^Update-to-weight ratio by layer\./ });
      await expect.poll(() => ratio.element().querySelectorAll('path.diag-line').length).toBe(4);
      const label = page.getByText('10⁻³ rule of thumb').element().getBoundingClientRect();
      expect(label.width).toBeGreaterThan(0);
      const points = Array.from(ratio.element().querySelectorAll<SVGPathElement>('path.diag-line')).flatMap(
        pathPoints,
      );
      expect(points.length).toBeGreaterThan(100);
      const inside = points.filter(
        (p) => p.x >= label.left && p.x <= label.right && p.y >= label.top && p.y <= label.bottom,
      );
      expect(inside).toEqual([]);
      await screen.unmount();
    }
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
