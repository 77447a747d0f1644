import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Series } from '../runtime/series.ts';
import { CurveChart, type CurveSource } from './CurveChart.tsx';

function source(
  id: string,
  label: string,
  values: number[],
  divergedAt: number | null = null,
  color = 'var(--c-s0)',
): CurveSource {
  const s = new Series(64);
  for (const [i, v] of values.entries()) s.push(i + 1, v);
  return { id, label, color, series: () => s, divergedAt: () => divergedAt };
}

/** Opaque pixels of the curve canvas close to an RGB colour (the smoothed lines are opaque). */
function pixelsOf(canvas: HTMLCanvasElement, [r, g, b]: [number, number, number]): number {
  const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (
      data[i + 3] > 240 &&
      Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30
    )
      count++;
  }
  return count;
}

describe('CurveChart', () => {
  it('names itself and summarises the latest value of each run for screen readers', async () => {
    const sources = [
      source('a', 'BatchNorm', [2, 1, 0.5], null, 'rgb(200, 0, 0)'),
      source('b', 'No norm', [2, 1.9, 1.8], null, 'rgb(0, 0, 200)'),
    ];
    await render(
      <CurveChart
        title="Training loss"
        yLabel="Loss"
        sources={sources}
        format={(v) => v.toFixed(2)}
        emptyText="Press play"
      />,
    );
    const chart = page.getByRole('img', { name: /^Training loss\./ });
    await expect.element(chart).toBeVisible();
    await expect
      .element(chart)
      .toHaveAccessibleName('Training loss. BatchNorm: 0.50 at step 3; No norm: 1.80 at step 3');
    await expect
      .element(page.getByRole('list', { name: 'Training loss legend' }))
      .toHaveTextContent('No norm');
    await expect.element(page.getByText('Press play')).not.toBeVisible();
    // Both runs' curves are painted, each in its colour.
    const canvas = document.querySelector('canvas.chart-canvas') as HTMLCanvasElement;
    expect(pixelsOf(canvas, [200, 0, 0])).toBeGreaterThan(50);
    expect(pixelsOf(canvas, [0, 0, 200])).toBeGreaterThan(50);
    expect(chart.element().innerHTML).not.toMatch(/NaN|Infinity/);
  });

  it('paints a run in its theme colour (a CSS variable)', async () => {
    await render(
      <div style={{ '--c-test': 'rgb(0, 150, 0)' } as React.CSSProperties}>
        <CurveChart
          title="Loss"
          yLabel="Loss"
          sources={[source('a', 'A', [3, 2, 1], null, 'var(--c-test)')]}
          format={String}
          emptyText=""
        />
      </div>,
    );
    await expect.element(page.getByRole('img', { name: /^Loss\./ })).toBeVisible();
    const canvas = document.querySelector('canvas.chart-canvas') as HTMLCanvasElement;
    expect(pixelsOf(canvas, [0, 150, 0])).toBeGreaterThan(50);
  });

  it('reads out the value under the pointer, and the last step past the end of the data', async () => {
    // 11 steps: the axis runs to 12, so its right end is past the data.
    const values = [5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 0.5];
    await render(
      <CurveChart
        title="Loss"
        yLabel="Loss"
        sources={[source('a', 'A', values)]}
        format={String}
        emptyText=""
      />,
    );
    const chart = page.getByRole('img', { name: /^Loss\./ });
    await expect.element(chart).toBeVisible();
    const readout = () => document.querySelector('.chart-readout')?.textContent;
    /** Moves the pointer over `step` of the 0–12 axis (measured afresh: the chart may still resize). */
    const hover = (step: number) => {
      const box = chart.element().getBoundingClientRect();
      const x = box.left + 52 + (step / 12) * (box.width - 52 - 16);
      chart
        .element()
        .dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: x, clientY: box.top + 50 }));
      return readout();
    };
    await expect.poll(() => hover(3)).toBe('step 3 A: 3');
    await expect.poll(() => hover(11.9)).toBe('step 11 A: 0.5'); // no data past step 11
  });

  it('shows the empty state until there is data', async () => {
    await render(
      <CurveChart
        title="Test accuracy"
        yLabel="Accuracy"
        sources={[source('a', 'A', [])]}
        format={String}
        emptyText="Press play to train"
      />,
    );
    await expect.element(page.getByText('Press play to train')).toBeVisible();
  });

  it('never draws NaN or Infinity, and marks where a run diverged', async () => {
    const sources = [source('a', 'Hot', [1, 2, Number.NaN, Number.POSITIVE_INFINITY], 3)];
    await render(
      <CurveChart title="Loss" yLabel="Loss" sources={sources} log format={String} emptyText="" />,
    );
    const chart = page.getByRole('img', { name: /^Loss\./ });
    await expect.element(chart).toBeVisible();
    expect(chart.element().innerHTML).not.toMatch(/NaN|Infinity/);
    const marker = chart.element().querySelector('line.diverged-marker') as SVGLineElement;
    expect(marker.style.display).not.toBe('none');
  });
});
