import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import { type FixtureLayer, fixtureBatch, fixtureRun, fixtureSnapshots, setValues } from './fixtures.ts';
import { InspectorView } from './InspectorView.tsx';
import { formatValue, type Inspector, subscript } from './inspector-math.ts';

const BN: FixtureLayer = { kind: 'batchnorm', shape: [16] };
const UNIT = 3;
/** The inspector refreshes every 400 ms at most: wait longer than that to see that it did not. */
const LONGER_THAN_THROTTLE_MS = 700;

function seed(layer: FixtureLayer, last: number): Inspector | null {
  store.getState().setRuns([{ ...fixtureRun('main', layer.kind, layer.shape), step: last }]);
  store.getState().selectLayer(1);
  store.getState().selectUnit(UNIT);
  const snaps = last > 0 ? fixtureSnapshots('main', 1, layer, last, { unit: UNIT }) : [];
  for (const s of snaps) recordSnapshot(s);
  return snaps.at(-1)?.observation?.inspector ?? null;
}

/** Records the fixture's snapshots after `from` up to `to` and announces the new round. */
function advance(layer: FixtureLayer, from: number, to: number): void {
  for (const s of fixtureSnapshots('main', 1, layer, to, { unit: UNIT }))
    if (s.step > from) recordSnapshot(s);
  store.getState().updateRun('main', { step: to });
  store.getState().bumpTick();
}

/** "(−1.035)" for negative numbers after a minus sign, as the arithmetic writes them. */
const term = (v: number) => (v < 0 ? `(${formatValue(v)})` : formatValue(v));

function meanVar(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, variance: values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length };
}

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().selectLayer(null);
  store.getState().selectUnit(0);
  clearMetrics();
});

describe('InspectorView, BatchNorm', () => {
  it('shows the batch values of the tracked unit, μ_B, σ²_B, γ and β as real numbers', async () => {
    const ins = seed(BN, 500);
    if (!ins) throw new Error('the fixture has inspector numbers');
    await render(<InspectorView />);
    await expect.element(page.getByRole('table')).toBeVisible();
    await expect
      .element(page.getByText('BatchNorm, unit 3: the first 16 of 32 samples, step 500'))
      .toBeVisible();
    for (const i of [0, 3, 15]) {
      const s = subscript(i);
      await expect
        .element(page.getByRole('button', { name: `x${s} = ${formatValue(ins.x[i])}` }))
        .toBeVisible();
      await expect
        .element(page.getByRole('button', { name: `x̂${s} = ${formatValue(ins.xhat[i])}` }))
        .toBeVisible();
      await expect
        .element(page.getByRole('button', { name: `y${s} = ${formatValue(ins.y[i])}` }))
        .toBeVisible();
    }
    await expect.element(page.getByRole('button', { name: `μB = ${formatValue(ins.mean)}` })).toBeVisible();
    await expect
      .element(page.getByRole('button', { name: `σ²B = ${formatValue(ins.variance)}` }))
      .toBeVisible();
    await expect.element(page.getByRole('button', { name: 'ε = 0.00001' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'γ = 1.200' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'β = −0.150' })).toBeVisible();
    expect(page.getByRole('table').element().querySelectorAll('tbody tr')).toHaveLength(16);
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);
  });

  it('clicking x̂₃ shows its arithmetic with the numbers substituted, and the numbers add up', async () => {
    const ins = seed(BN, 500);
    if (!ins) throw new Error('the fixture has inspector numbers');
    await render(<InspectorView />);
    const arithmetic = page.getByRole('status', { name: 'Arithmetic' });
    await expect.element(arithmetic).toHaveTextContent('Click a number to see its arithmetic.');
    await page.getByRole('button', { name: `x̂₃ = ${formatValue(ins.xhat[3])}` }).click();
    await expect
      .element(arithmetic)
      .toHaveTextContent(
        `x̂₃ = (${formatValue(ins.x[3])} − ${term(ins.mean)}) / √(${formatValue(ins.variance)} + 0.00001) = ${formatValue(ins.xhat[3])}`,
      );
    expect((ins.x[3] - ins.mean) / Math.sqrt(ins.variance + ins.eps)).toBeCloseTo(ins.xhat[3], 4);
    await expect
      .element(page.getByRole('button', { name: `x̂₃ = ${formatValue(ins.xhat[3])}` }))
      .toHaveAttribute('aria-pressed', 'true');

    await page.getByRole('button', { name: `y₃ = ${formatValue(ins.y[3])}` }).click();
    await expect
      .element(arithmetic)
      .toHaveTextContent(
        `y₃ = γ · x̂₃ + β = 1.200 × ${formatValue(ins.xhat[3])} + (−0.150) = ${formatValue(ins.y[3])}`,
      );

    await page.getByRole('button', { name: `μB = ${formatValue(ins.mean)}` }).click();
    await expect
      .element(arithmetic)
      .toHaveTextContent(
        `μB = (x₀ + x₁ + … + x₃₁) / 32 = ${formatValue(ins.mean)}: the mean of unit 3 over all 32 samples (the table shows 16).`,
      );
  });

  it('freeze stops the updates; resuming shows the latest step', async () => {
    seed(BN, 500);
    await render(<InspectorView />);
    await expect.element(page.getByText(/, step 500$/)).toBeVisible();
    advance(BN, 500, 510);
    await expect.element(page.getByText(/, step 510$/)).toBeVisible();

    await page.getByRole('button', { name: 'Freeze' }).click();
    const toggle = page.getByRole('button', { name: 'Frozen: resume' });
    await expect.element(toggle).toHaveAttribute('aria-pressed', 'true');
    advance(BN, 510, 520);
    await new Promise((r) => setTimeout(r, LONGER_THAN_THROTTLE_MS));
    await expect.element(page.getByText(/, step 510 \(frozen\)$/)).toBeVisible();

    await toggle.click();
    await expect.element(page.getByText(/, step 520$/)).toBeVisible();
  });

  it('before the first step, says to press Play or Step', async () => {
    seed(BN, 0);
    await render(<InspectorView />);
    await expect
      .element(
        page.getByText('Press Play or Step: the inspector shows the numbers of the latest training step.'),
      )
      .toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Freeze' })).toBeDisabled();
  });
});

describe('InspectorView, per-sample normalizers', () => {
  it('LayerNorm: explains that statistics are per sample and computes each row’s μᵢ and σ²ᵢ', async () => {
    const layer: FixtureLayer = { kind: 'layernorm', shape: [16] };
    const ins = seed(layer, 200);
    if (!ins) throw new Error('the fixture has inspector numbers');
    expect(Number.isNaN(ins.mean)).toBe(true);
    await render(<InspectorView />);
    await expect.element(page.getByText(/^LayerNorm normalizes each sample on its own/)).toBeVisible();
    const x = fixtureBatch(32, 16, 1, 200);
    const s0 = meanVar(setValues(x, 16, 1, [0, 1], [0, 16]));
    await expect.element(page.getByRole('button', { name: `μ₀ = ${formatValue(s0.mean)}` })).toBeVisible();
    await expect
      .element(page.getByRole('button', { name: `σ²₀ = ${formatValue(s0.variance)}` }))
      .toBeVisible();
    await page.getByRole('button', { name: `x̂₀ = ${formatValue(ins.xhat[0])}` }).click();
    await expect
      .element(page.getByRole('status', { name: 'Arithmetic' }))
      .toHaveTextContent(
        `x̂₀ = (${formatValue(ins.x[0])} − ${term(s0.mean)}) / √(${formatValue(s0.variance)} + 0.00001) = ${formatValue(ins.xhat[0])}`,
      );
    expect(page.getByRole('button', { name: /^μB/ }).elements()).toHaveLength(0);
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);
  });

  it('RMSNorm: a mean square per row, no mean subtracted and no β', async () => {
    const layer: FixtureLayer = { kind: 'rmsnorm', shape: [16] };
    const ins = seed(layer, 200);
    if (!ins) throw new Error('the fixture has inspector numbers');
    await render(<InspectorView />);
    await expect.element(page.getByRole('columnheader', { name: 'msᵢ' })).toBeVisible();
    expect(page.getByRole('button', { name: /^β =/ }).elements()).toHaveLength(0);
    await page.getByRole('button', { name: `y₀ = ${formatValue(ins.y[0])}` }).click();
    await expect
      .element(page.getByRole('status', { name: 'Arithmetic' }))
      .toHaveTextContent(
        `y₀ = γ · x̂₀ = 1.200 × ${formatValue(ins.xhat[0])} = ${formatValue(ins.y[0])} (RMSNorm has no β)`,
      );
  });

  it('a layer that is not a normalizer is explained in words', async () => {
    seed({ kind: 'dense' as FixtureLayer['kind'], shape: [16] }, 0);
    await render(<InspectorView />);
    await expect.element(page.getByText(/^The inspector explains a normalization layer/)).toBeVisible();
  });
});

describe('InspectorView on a phone', () => {
  it('every formula, σ²_B’s (x_i − μ_B)² included, ends inside the card at 390 and 360 px (340 and 310 px of content)', async () => {
    seed(BN, 500);
    for (const width of [340, 310]) {
      const screen = await render(
        <div data-testid="card" style={{ width, containerType: 'inline-size' }}>
          <InspectorView />
        </div>,
      );
      await expect.element(page.getByRole('table')).toBeVisible();
      const card = screen.getByTestId('card').element();
      await expect.poll(() => card.querySelectorAll('.bn-formulas .katex-display').length).toBe(4);
      const right = card.getBoundingClientRect().right;
      for (const display of card.querySelectorAll<HTMLElement>('.bn-formulas .katex-display')) {
        // Its content's right end: a formula wider than its box overflows it, so the box alone would not tell.
        const end = display.getBoundingClientRect().left + display.scrollWidth;
        expect(end, display.textContent ?? '').toBeLessThanOrEqual(right - 4);
      }
      screen.unmount();
    }
  });
});
