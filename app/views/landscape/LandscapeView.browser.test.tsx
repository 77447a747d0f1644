import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { LandscapeOptions } from '#engine';
import {
  LESSON_1_JUST_TOO_FAST,
  LESSON_1_LANDSCAPE,
  LESSON_1_RAW_FAST,
  LESSON_1_STANDARDIZED_FAST,
} from '../../lessons/lesson-1/preset.ts';
import '../../styles.css';
import { LandscapeView } from './LandscapeView.tsx';

const runStatus = () => page.getByRole('status', { name: 'Run status' });
const plot = () => page.getByRole('img', { name: /^Loss contours over w₁ and w₂/ });
const svg = () => plot().element() as SVGSVGElement;
/** Visible dots of the path after the start (the current one included). */
const dotCount = () => svg().querySelectorAll('circle.path-dot').length;
const pathLength = () => (svg().querySelector('path.descent-path') as SVGPathElement).getTotalLength();

describe('LandscapeView', () => {
  it('draws contours, the start and the minimum, with labelled axes and no NaN', async () => {
    await render(<LandscapeView defaultOptions={LESSON_1_LANDSCAPE} />);
    await expect.element(plot()).toBeVisible();
    const contours = svg().querySelectorAll('g.contours path.contour');
    expect(contours.length).toBeGreaterThanOrEqual(8);
    for (const c of contours) expect(c.getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/);
    expect(svg().querySelector('circle.start-marker')).not.toBeNull();
    expect(svg().querySelector('path.minimum-marker')).not.toBeNull();
    const labels = Array.from(svg().querySelectorAll('.axis-label'), (t) => t.textContent);
    expect(labels[0]).toMatch(/^w₁/);
    expect(labels[1]).toMatch(/^w₂/);
    expect(svg().innerHTML).not.toMatch(/NaN|Infinity/);
    expect(dotCount()).toBe(0);
  });

  it('Step grows the path one point at a time; Reset goes back to the start', async () => {
    await render(<LandscapeView defaultOptions={LESSON_1_LANDSCAPE} />);
    const step = page.getByRole('button', { name: 'Step', exact: true });
    await step.click();
    await expect.poll(dotCount).toBe(1);
    const one = pathLength();
    expect(one).toBeGreaterThan(10);
    await step.click();
    await step.click();
    await expect.poll(dotCount).toBe(3);
    expect(pathLength()).toBeGreaterThan(one);
    await expect.element(page.getByRole('slider', { name: 'Show step' })).toHaveValue('3');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(dotCount).toBe(0);
  });

  it('Play animates the descent (~20 steps/s) and Pause stops it', async () => {
    await render(<LandscapeView defaultOptions={LESSON_1_LANDSCAPE} />);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(dotCount, { timeout: 3000 }).toBeGreaterThanOrEqual(5);
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = dotCount();
    await new Promise((r) => setTimeout(r, 300));
    expect(dotCount()).toBe(paused);
    expect(paused).toBeLessThan(200);
  });

  it('toggling standardize changes the landscape and the readout', async () => {
    await render(<LandscapeView defaultOptions={LESSON_1_LANDSCAPE} />);
    const facts = () => page.getByText(/^Condition number κ/);
    await expect.element(facts()).toHaveTextContent(/κ = 10,000\b/);
    await expect.element(facts()).toHaveTextContent('2/λmax = 1.0e−4');
    const before = svg().querySelector('g.contours')?.innerHTML;
    await page.getByRole('checkbox', { name: 'Standardize inputs' }).click();
    await expect.element(facts()).toHaveTextContent(/κ = 1\.01\./);
    await expect.element(facts()).toHaveTextContent('2/λmax = 0.997');
    expect(svg().querySelector('g.contours')?.innerHTML).not.toBe(before);
    expect(Array.from(svg().querySelectorAll('.axis-label'), (t) => t.textContent)[0]).toMatch(
      /standardized/,
    );
  });

  it('a learning rate too large unstandardized shows "Diverged at step N", clipped to the plot', async () => {
    await render(<LandscapeView defaultOptions={LESSON_1_JUST_TOO_FAST} />);
    const scrub = page.getByRole('slider', { name: 'Show step' });
    await expect.element(scrub).toHaveAttribute('max', '21');
    scrub.element().focus();
    await userEvent.keyboard('{End}');
    await expect.element(runStatus()).toHaveTextContent(/^Diverged at step 21: the loss grew past/);
    await expect.element(page.getByText('Diverged at step 21', { exact: true })).toBeVisible();
    // The path leaves the plot at its edge: every drawn coordinate lies inside the frame.
    const frame = svg().querySelector('rect.landscape-frame') as SVGRectElement;
    const side = Number(frame.getAttribute('width'));
    const d = svg().querySelector('path.descent-path')?.getAttribute('d') ?? '';
    const numbers = d.match(/-?[\d.]+/g)?.map(Number) ?? [];
    expect(numbers.length).toBeGreaterThan(4);
    for (const v of numbers) {
      expect(v).toBeGreaterThanOrEqual(-0.05);
      expect(v).toBeLessThanOrEqual(side + 0.05);
    }
    expect(svg().innerHTML).not.toMatch(/NaN|Infinity/);
  });

  it('lr 0.1: diverged at step 1 unstandardized; standardized it converges', async () => {
    const screen = await render(<LandscapeView defaultOptions={LESSON_1_RAW_FAST} />);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.element(runStatus()).toHaveTextContent(/^Diverged at step 1:/);
    await screen.unmount();
    await render(<LandscapeView defaultOptions={LESSON_1_STANDARDIZED_FAST} />);
    page.getByRole('slider', { name: 'Show step' }).element().focus();
    await userEvent.keyboard('{End}');
    await expect
      .element(runStatus())
      .toHaveTextContent(/^Converged at step 2\d: the loss is within 1 % of its minimum\.$/);
  });

  it('the default runs out of steps and says how many it would need', async () => {
    await render(<LandscapeView defaultOptions={LESSON_1_LANDSCAPE} />);
    page.getByRole('slider', { name: 'Show step' }).element().focus();
    await userEvent.keyboard('{End}');
    await expect
      .element(runStatus())
      .toHaveTextContent('Not converged after 200 steps: at this learning rate it needs 24,123.');
  });

  it('controlled: knobs report through onOptionsChange and show the options passed back', async () => {
    const seen: LandscapeOptions[] = [];
    function Host() {
      const [options, setOptions] = useState(LESSON_1_LANDSCAPE);
      return (
        <>
          <button type="button" onClick={() => setOptions(LESSON_1_RAW_FAST)}>
            try lr 0.1
          </button>
          <LandscapeView
            options={options}
            onOptionsChange={(o) => {
              seen.push(o);
              setOptions(o);
            }}
          />
        </>
      );
    }
    await render(<Host />);
    const lr = page.getByRole('slider', { name: 'Learning rate' });
    await page.getByRole('checkbox', { name: 'Standardize inputs' }).click();
    expect(seen.at(-1)).toEqual({ ...LESSON_1_LANDSCAPE, standardize: true });
    await page.getByRole('button', { name: /Set learning rate to 0\.9/ }).click();
    expect(seen.at(-1)?.lr).toBeCloseTo(0.9, 2);
    await page.getByRole('button', { name: 'try lr 0.1' }).click();
    await expect.element(page.getByRole('checkbox', { name: 'Standardize inputs' })).not.toBeChecked();
    await expect.element(lr).toHaveAttribute('aria-valuetext', '0.1');
    const scale = page.getByRole('slider', { name: 'Feature 2 scale' });
    await expect.element(scale).toHaveAttribute('aria-valuetext', '100×');
    scale.element().focus();
    await userEvent.keyboard('{Home}');
    expect(seen.at(-1)?.scale).toBe(1);
    await expect.element(scale).toHaveAttribute('aria-valuetext', '1×');
  });

  it('fits a 390 px phone: the plot and the panel stay within the width', async () => {
    await page.viewport(390, 800);
    await render(
      <div style={{ width: 358 }} data-testid="box">
        <LandscapeView defaultOptions={LESSON_1_LANDSCAPE} />
      </div>,
    );
    await expect.element(plot()).toBeVisible();
    const box = page.getByTestId('box').element().getBoundingClientRect();
    // The first frame uses a default width until the container is measured: wait for that.
    await expect.poll(() => svg().getBoundingClientRect().right).toBeLessThanOrEqual(box.right + 1);
    const panel = document.querySelector('.landscape-panel') as HTMLElement;
    expect(panel.getBoundingClientRect().right).toBeLessThanOrEqual(box.right + 1);
    expect(panel.getBoundingClientRect().top).toBeGreaterThan(svg().getBoundingClientRect().bottom - 1);
    await page.viewport(1280, 720);
  });
});
