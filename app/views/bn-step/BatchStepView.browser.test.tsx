import { afterEach, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { BatchNorm } from '#engine';
import '../../styles.css';
import { BatchStepView } from './BatchStepView.tsx';
import { makeBatch, STEP_EPS, type StepExample } from './batch-step.ts';

/** The engine's numbers for a batch, from a BatchNorm built here (not through the view's helpers). */
function engine(example: StepExample, seed: number) {
  const batch = makeBatch(example, seed);
  const { n, c, h, w } = batch.shape;
  const sample = h * w === 1 ? [c] : [c, h, w];
  const bn = new BatchNorm(sample, { momentum: 0.1, eps: STEP_EPS }, 'float64');
  const y = Array.from(bn.forward(batch.x, [n, ...sample], 'train'));
  const state = bn.getState();
  return {
    batch,
    x: Array.from(batch.x),
    xhat: Array.from(bn.lastXhat ?? []),
    y,
    mean: Array.from(bn.lastMean ?? []),
    variance: Array.from(bn.lastVar ?? []),
    runningMean: state.runningMean ?? [],
    runningVar: state.runningVar ?? [],
  };
}

/** "−1.234" → −1.234. */
const num = (text: string | null | undefined) => Number((text ?? '').trim().replace(/−/g, '-'));
/** Half a unit in the last written place: how far a shown number may be from the exact one. */
const halfUnit = (text: string) => 0.5 * 10 ** -(text.split('.')[1]?.length ?? 0) + 1e-12;

function expectShown(text: string, exact: number) {
  expect(Math.abs(num(text) - exact)).toBeLessThanOrEqual(halfUnit(text));
}

/** The text of the button whose accessible name starts with `prefix` (e.g. "x, sample 3, feature 2"). */
function cellText(prefix: string): string {
  const el = page.getByRole('button', { name: new RegExp(`^${prefix} = `) }).element();
  return el.textContent ?? '';
}

/** The numbers written in a line of the arithmetic. */
function numbersIn(text: string): number[] {
  return (text.match(/−?\d+(?:\.\d+)?/g) ?? []).map(num);
}

function arithmeticLines(): string[] {
  const out = page.getByRole('status', { name: 'Arithmetic' }).element();
  return Array.from(out.querySelectorAll('.bns-line'), (el) => el.textContent ?? '');
}

afterEach(async () => {
  await page.viewport(1280, 720);
});

describe('BatchStepView, dense 8 × 4', () => {
  it('shows x, x̂, y, μ_B and σ²_B of seed 1 as the engine computed them', async () => {
    const e = engine('dense', 1);
    await render(<BatchStepView example="dense" seed={1} />);
    await expect.element(page.getByRole('heading', { name: 'BatchNorm, one training step' })).toBeVisible();
    await expect.element(page.getByRole('status', { name: 'Batch seed' })).toHaveTextContent('1');
    for (let n = 0; n < 8; n++)
      for (let c = 0; c < 4; c++) {
        const i = n * 4 + c;
        const where = `sample ${n}, feature ${c}`;
        expectShown(cellText(`x, ${where}`), e.x[i]);
        expectShown(cellText(`x̂, ${where}`), e.xhat[i]);
        expectShown(cellText(`y, ${where}`), e.y[i]);
      }
    for (let c = 0; c < 4; c++) {
      expectShown(cellText(`batch mean, feature ${c}`), e.mean[c]);
      expectShown(cellText(`batch variance, feature ${c}`), e.variance[c]);
      expectShown(cellText(`γ, feature ${c}`), 1);
      expectShown(cellText(`β, feature ${c}`), 0);
      expectShown(cellText(`running mean, feature ${c}`), e.runningMean[c]);
      expectShown(cellText(`running variance, feature ${c}`), e.runningVar[c]);
    }
    expect(page.getByRole('button', { name: /^batch mean, / }).elements()).toHaveLength(4);
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);
  });

  it('names the running statistics with the lessons’ μ̂ and σ̂², and PyTorch’s attribute names as code', async () => {
    await render(<BatchStepView example="dense" seed={1} />);
    await expect.element(page.getByRole('heading', { name: 'Running statistics μ̂ and σ̂²' })).toBeVisible();
    await expect.element(page.getByRole('columnheader', { name: 'running mean μ̂' })).toBeVisible();
    await expect.element(page.getByRole('columnheader', { name: 'running variance σ̂²' })).toBeVisible();
    const codes = [...document.querySelectorAll('caption code')].map((c) => c.textContent);
    expect(codes).toEqual(['running_mean', 'running_var']);
    await page.getByRole('button', { name: /^running variance, feature 0 = / }).click();
    await expect.element(page.getByRole('status', { name: 'Arithmetic' })).toHaveTextContent(/σ̂² = 0\.9 · 1/);
  });

  it('clicking a cell shows its arithmetic, and the written numbers are the table’s and recompute it', async () => {
    await render(<BatchStepView example="dense" seed={1} />);
    await expect
      .element(page.getByRole('status', { name: 'Arithmetic' }))
      .toHaveTextContent(/Click a number/);
    await page.getByRole('button', { name: /^x̂, sample 3, feature 2 = / }).click();
    const lines = arithmeticLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`x = ${cellText('x, sample 3, feature 2')}`);
    expect(lines[1]).toMatch(/^x̂ = \(x − μB\) \/ √\(σ²B \+ ε\) = /);
    // "(x − μ) / √(σ² + 0.00001) = x̂" with the table's own numbers.
    const [x, mu, variance, eps, xhat] = numbersIn(lines[1].split(' = ').slice(-2).join(' = '));
    expect(x).toBe(num(cellText('x, sample 3, feature 2')));
    expect(mu).toBe(num(cellText('batch mean, feature 2')));
    expect(variance).toBe(num(cellText('batch variance, feature 2')));
    expect(eps).toBe(STEP_EPS);
    expect(xhat).toBe(num(cellText('x̂, sample 3, feature 2')));
    expect(Math.abs((x - mu) / Math.sqrt(variance + eps) - xhat)).toBeLessThan(0.005);
    const [g, xh, b, y] = numbersIn(lines[2].split(' = ').slice(-2).join(' = '));
    expect([g, xh, b]).toEqual([1, xhat, 0]);
    expect(y).toBe(num(cellText('y, sample 3, feature 2')));
    await expect
      .element(page.getByRole('button', { name: /^x̂, sample 3, feature 2 = / }))
      .toHaveAttribute('aria-pressed', 'true');
  });

  it('keyboard: Enter on a focused cell shows its arithmetic; the mean lists all 8 values', async () => {
    await render(<BatchStepView example="dense" seed={1} />);
    const mean = page.getByRole('button', { name: /^batch mean, feature 1 = / });
    (mean.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    const [line] = arithmeticLines();
    const values = numbersIn(line.split(' = ').slice(-2).join(' = '));
    const shown = values.pop();
    expect(values.pop()).toBe(8);
    expect(values).toEqual(Array.from({ length: 8 }, (_, n) => num(cellText(`x, sample ${n}, feature 1`))));
    expect(shown).toBe(num(cellText('batch mean, feature 1')));
    (page.getByRole('button', { name: /^y, sample 0, feature 3 = / }).element() as HTMLElement).focus();
    await userEvent.keyboard(' ');
    expect(arithmeticLines()[2]).toMatch(/^y = γ · x̂ \+ β = 1\.000 × /);
  });

  it('"Undo the normalization" sets γ = √(σ²_B + ε), β = μ_B and the shown y equals the shown x', async () => {
    const e = engine('dense', 1);
    await render(<BatchStepView example="dense" seed={1} />);
    await page.getByLabelText('Feature', { exact: true }).selectOptions('2');
    const status = page.getByRole('status', { name: 'Undo check, feature 2' });
    await expect.element(status).toHaveTextContent(/y differs from x/);
    await page.getByRole('button', { name: 'Undo the normalization' }).click();
    await expect.element(status).toHaveTextContent(/y equals x/);
    const maxError = num(/max \|y − x\| = (\S+)/.exec(status.element().textContent ?? '')?.[1]);
    expect(maxError).toBeLessThan(1e-9);
    for (let n = 0; n < 8; n++) {
      expect(cellText(`y, sample ${n}, feature 2`)).toBe(cellText(`x, sample ${n}, feature 2`));
      // Feature 0 keeps γ = 1, β = 0: its y is still x̂, not x.
      expect(cellText(`y, sample ${n}, feature 0`)).toBe(cellText(`x̂, sample ${n}, feature 0`));
    }
    expectShown(cellText('γ, feature 2'), Math.sqrt(e.variance[2] + STEP_EPS));
    expect(cellText('β, feature 2')).toBe(cellText('batch mean, feature 2'));
    await expect.element(page.getByRole('slider', { name: /^γ \(scale\), feature 2/ })).toBeVisible();
    await page.getByRole('button', { name: 'Reset γ = 1, β = 0' }).click();
    await expect.element(status).toHaveTextContent(/y differs from x/);
    expect(cellText('y, sample 0, feature 2')).toBe(cellText('x̂, sample 0, feature 2'));
  });

  it('the γ slider scales y: one arrow step makes y = 1.01 · x̂', async () => {
    await render(<BatchStepView example="dense" seed={1} />);
    await page.getByRole('button', { name: /^x, sample 5, feature 3 = / }).click();
    const slider = page.getByRole('slider', { name: /^γ \(scale\), feature 3/ });
    (slider.element() as HTMLElement).focus();
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(page.getByRole('button', { name: /^γ, feature 3 = 1\.010$/ })).toBeVisible();
    for (let n = 0; n < 8; n++) {
      const xhat = num(cellText(`x̂, sample ${n}, feature 3`));
      expect(Math.abs(num(cellText(`y, sample ${n}, feature 3`)) - 1.01 * xhat)).toBeLessThan(0.002);
    }
    // The other features are untouched.
    expect(cellText('y, sample 5, feature 1')).toBe(cellText('x̂, sample 5, feature 1'));
  });

  it('"New batch" draws the next seed’s batch; a new seed prop is followed', async () => {
    const onSeedChange = vi.fn();
    const screen = await render(<BatchStepView example="dense" seed={1} onSeedChange={onSeedChange} />);
    await page.getByRole('button', { name: 'New batch' }).click();
    expect(onSeedChange).toHaveBeenCalledWith(2);
    await expect.element(page.getByRole('status', { name: 'Batch seed' })).toHaveTextContent('2');
    const two = engine('dense', 2);
    expectShown(cellText('x, sample 0, feature 0'), two.x[0]);
    expectShown(cellText('batch variance, feature 3'), two.variance[3]);
    await screen.rerender(<BatchStepView example="dense" seed={3} onSeedChange={onSeedChange} />);
    await expect.element(page.getByRole('status', { name: 'Batch seed' })).toHaveTextContent('3');
    expectShown(cellText('batch mean, feature 2'), engine('dense', 3).mean[2]);
  });
});

describe('BatchStepView, conv 2 × 3 × 3×3', () => {
  it('switching to conv shows one μ_B, σ²_B pair per channel (3), over all 18 values', async () => {
    const onExampleChange = vi.fn();
    await render(<BatchStepView example="dense" seed={1} onExampleChange={onExampleChange} />);
    await page.getByRole('radio', { name: /^Conv/ }).click();
    expect(onExampleChange).toHaveBeenCalledWith('conv');
    await expect.element(page.getByRole('radio', { name: /^Conv/ })).toBeChecked();
    const e = engine('conv', 1);
    await expect
      .poll(() => page.getByRole('button', { name: /^batch mean, channel \d = / }).elements().length)
      .toBe(3);
    expect(page.getByRole('button', { name: /^batch variance, / }).elements()).toHaveLength(3);
    expect(page.getByRole('button', { name: /^x, image / }).elements()).toHaveLength(54);
    for (let c = 0; c < 3; c++) {
      expectShown(cellText(`batch mean, channel ${c}`), e.mean[c]);
      expectShown(cellText(`batch variance, channel ${c}`), e.variance[c]);
      expectShown(cellText(`running variance, channel ${c}`), e.runningVar[c]);
    }
    // NCHW: image 1, channel 2, row 0, column 2 is element ((1 · 3 + 2) · 3 + 0) · 3 + 2 = 47.
    expectShown(cellText('x, image 1, channel 2, row 0, column 2'), e.x[47]);
    expectShown(cellText('x̂, image 1, channel 2, row 0, column 2'), e.xhat[47]);
    await page.getByRole('button', { name: /^batch variance, channel 0 = / }).click();
    const [variance] = arithmeticLines();
    expect(variance).toMatch(/\) \/ 18 = /);
    await expect
      .element(page.getByRole('status', { name: 'Arithmetic' }))
      .toHaveTextContent(/divided by m = 18, not m − 1 = 17/);
    // Undo works per channel in the conv example too.
    await page.getByRole('button', { name: 'Undo the normalization' }).click();
    await expect
      .element(page.getByRole('status', { name: 'Undo check, channel 0' }))
      .toHaveTextContent(/y equals x/);
    for (let s = 0; s < 9; s++)
      expect(cellText(`y, image 1, channel 0, row ${Math.floor(s / 3)}, column ${s % 3}`)).toBe(
        cellText(`x, image 1, channel 0, row ${Math.floor(s / 3)}, column ${s % 3}`),
      );
  });
});

describe('BatchStepView layout', () => {
  it.each([390, 1280])('at %i px the page does not overflow sideways (dense and conv)', async (width) => {
    await page.viewport(width, 900);
    for (const example of ['dense', 'conv'] as const) {
      const screen = await render(
        <div style={{ padding: 12 }}>
          <BatchStepView example={example} seed={1} />
        </div>,
      );
      await expect.element(page.getByRole('button', { name: 'New batch' })).toBeVisible();
      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(width);
      // Every number is at least as wide as its text (nothing clipped).
      for (const el of page.getByRole('button', { name: /^x, / }).elements())
        expect(el.scrollWidth).toBeLessThanOrEqual(el.clientWidth + 1);
      await screen.unmount();
    }
  });
});

/** The cells' left edges of one map (a stage of one image), in reading order. */
function cellLefts(map: Element): number[] {
  return Array.from(map.querySelectorAll('button'), (b) => b.getBoundingClientRect().left);
}

describe('BatchStepView conv maps on a phone', () => {
  it.each([
    [390, true],
    [375, true],
    [360, false],
  ])(
    'at %i px x, x̂ and y line up, the two images stand apart (side by side: %s), and nothing is cut off',
    async (width, sideBySide) => {
      await page.viewport(width, 900);
      await render(
        <div style={{ padding: 12 }}>
          <BatchStepView example="conv" seed={1} />
        </div>,
      );
      await expect.element(page.getByRole('region', { name: 'Channel 0' })).toBeVisible();
      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(width);
      for (const c of [0, 1, 2]) {
        const card = page.getByRole('region', { name: `Channel ${c}` }).element();
        // Nothing scrolled out of sight inside the channel's card.
        expect({ c, scroll: card.scrollWidth }).toEqual({ c, scroll: card.clientWidth });
        for (const image of [0, 1]) {
          const map = (stage: string) =>
            page.getByRole('group', { name: `${stage}, image ${image}, channel ${c}` }).element();
          // A position's number in the same column at every stage (to the pixel, rounded).
          const x = cellLefts(map('x')).map(Math.round);
          expect({ c, image, xhat: cellLefts(map('x̂')).map(Math.round) }).toEqual({ c, image, xhat: x });
          expect({ c, image, y: cellLefts(map('y')).map(Math.round) }).toEqual({ c, image, y: x });
        }
        // Image 1's map beside image 0's, clearly apart (wider than the 2 px between cells), or below it.
        const box = (image: number) =>
          page
            .getByRole('group', { name: `x̂, image ${image}, channel ${c}` })
            .element()
            .getBoundingClientRect();
        const [a, b] = [box(0), box(1)];
        if (sideBySide) {
          expect(b.top).toBe(a.top);
          expect(b.left - a.right).toBeGreaterThanOrEqual(8);
        } else expect(b.top >= a.bottom || b.left - a.right >= 8).toBe(true);
      }
    },
  );
});
