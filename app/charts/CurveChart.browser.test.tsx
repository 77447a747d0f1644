import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
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

/** Moves a mouse over `frac` of the plot's width (measured afresh: the chart may still resize); returns the read-out. */
function hoverAt(svg: Element, frac: number): string | undefined {
  const box = svg.getBoundingClientRect();
  const x = box.left + 52 + frac * (box.width - 52 - 16);
  svg.dispatchEvent(
    new PointerEvent('pointermove', {
      bubbles: true,
      clientX: x,
      clientY: box.top + 50,
      pointerType: 'mouse',
    }),
  );
  return document.querySelector('.chart-readout')?.textContent ?? undefined;
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
    await expect.poll(() => hoverAt(chart.element(), 3 / 12)).toBe('step 3 A: 3');
    await expect.poll(() => hoverAt(chart.element(), 11.9 / 12)).toBe('step 11 A: 0.5'); // no data past step 11
    // The rule marks the step read.
    expect(chart.element().querySelector('line.readout-rule')).not.toBeNull();
    // (React's leave events come from `pointerout`.)
    chart
      .element()
      .dispatchEvent(
        new PointerEvent('pointerout', { bubbles: true, pointerType: 'mouse', relatedTarget: document.body }),
      );
    await expect.poll(() => document.querySelector('.chart-readout')).toBeNull();
  });

  it('reads out every run at the step, and keeps the box inside a phone-narrow chart', async () => {
    await render(
      <div style={{ width: 300 }}>
        <CurveChart
          title="Loss"
          yLabel="Loss"
          sources={[
            source('a', 'BatchNorm (momentum 0.1)', [5, 4, 3, 2, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]),
            source('b', 'No norm (momentum 0.1)', [6, 5.5, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1]),
          ]}
          format={String}
          emptyText=""
        />
      </div>,
    );
    const chart = page.getByRole('img', { name: /^Loss\./ });
    await expect.element(chart).toBeVisible();
    await expect
      .poll(() => hoverAt(chart.element(), 10 / 12))
      .toBe('step 10 BatchNorm (momentum 0.1): 0.5 No norm (momentum 0.1): 1.5');
    const body = chart.element().parentElement?.getBoundingClientRect() as DOMRect;
    for (const frac of [0.02, 0.5, 10 / 12]) {
      hoverAt(chart.element(), frac);
      const box = document.querySelector('.chart-readout')?.getBoundingClientRect() as DOMRect;
      expect(box.left).toBeGreaterThanOrEqual(body.left - 0.5);
      expect(box.right).toBeLessThanOrEqual(body.right + 0.5);
    }
  });

  it('with keyboard focus, the arrow keys move the read-out and do not reach the page', async () => {
    await render(
      <>
        <button type="button">before</button>
        <CurveChart
          title="Loss"
          yLabel="Loss"
          sources={[source('a', 'A', [5, 4, 3, 2, 1])]}
          format={String}
          emptyText=""
        />
      </>,
    );
    const chart = page.getByRole('img', { name: /^Loss\./ });
    await expect.element(chart).toBeVisible();
    const pageKeys: string[] = [];
    const onKey = (e: KeyboardEvent) => pageKeys.push(e.key);
    window.addEventListener('keydown', onKey);
    try {
      await page.getByRole('button', { name: 'before' }).click();
      await userEvent.keyboard('{Tab}');
      expect(document.activeElement).toBe(chart.element());
      const readout = () => document.querySelector('.chart-readout')?.textContent;
      await expect.poll(readout).toBe('step 5 A: 1'); // focus shows the latest step
      await userEvent.keyboard('{ArrowLeft}{ArrowLeft}');
      await expect.poll(readout).toBe('step 3 A: 3');
      await userEvent.keyboard('{Home}');
      await expect.poll(readout).toBe('step 1 A: 5');
      await userEvent.keyboard('{ArrowRight}');
      await expect.poll(readout).toBe('step 2 A: 4');
      expect(pageKeys).toEqual(['Tab']); // → would train a step in the Lab
      await userEvent.keyboard('{Escape}');
      await expect.poll(readout).toBeUndefined();
    } finally {
      window.removeEventListener('keydown', onKey);
    }
  });

  it('hovering or focusing a legend entry dims the other runs; pressing it pins the highlight', async () => {
    await render(
      <CurveChart
        title="Training loss"
        yLabel="Loss"
        sources={[
          source('a', 'BatchNorm', [2, 1, 0.5], null, 'rgb(200, 0, 0)'),
          source('b', 'No norm', [2, 1.9, 1.8], null, 'rgb(0, 0, 200)'),
        ]}
        format={String}
        emptyText=""
      />,
    );
    const canvas = document.querySelector('canvas.chart-canvas') as HTMLCanvasElement;
    await expect.poll(() => pixelsOf(canvas, [200, 0, 0])).toBeGreaterThan(50);
    const legend = page.getByRole('list', { name: 'Training loss legend' });
    const noNorm = legend.getByRole('button', { name: 'No norm' });
    await expect.element(noNorm).toHaveAttribute('aria-pressed', 'false');
    // Keyboard focus: BatchNorm's line fades (no opaque red left), No norm's stays.
    await legend.getByRole('button', { name: 'BatchNorm' }).click();
    await legend.getByRole('button', { name: 'BatchNorm' }).click(); // pin and unpin: nothing highlighted
    await userEvent.unhover(legend.getByRole('button', { name: 'BatchNorm' }));
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(noNorm.element());
    await expect.poll(() => pixelsOf(canvas, [200, 0, 0])).toBe(0);
    expect(pixelsOf(canvas, [0, 0, 200])).toBeGreaterThan(50);
    expect(noNorm.element().closest('li')?.className).not.toMatch(/legend-dim/);
    expect(legend.getByRole('button', { name: 'BatchNorm' }).element().closest('li')?.className).toMatch(
      /legend-dim/,
    );
    // Leaving the legend restores both.
    (document.activeElement as HTMLElement).blur();
    await expect.poll(() => pixelsOf(canvas, [200, 0, 0])).toBeGreaterThan(50);
    // Pressing pins it (a phone has no hover).
    await noNorm.click();
    await expect.element(noNorm).toHaveAttribute('aria-pressed', 'true');
    await userEvent.unhover(noNorm);
    (document.activeElement as HTMLElement).blur();
    await expect.poll(() => pixelsOf(canvas, [200, 0, 0])).toBe(0);
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
    const marker = chart.element().querySelector('g.diverged-marker line') as SVGLineElement;
    expect(marker.style.display).not.toBe('none');
  });

  it.each([
    ['early', 2],
    ['at the end', 40],
  ])('labels a divergence marker with the run (%s), whole inside a 330-px chart', async (_, at) => {
    const values = Array.from({ length: 40 }, (_, i) => 1 / (i + 1));
    await render(
      <div style={{ width: 330 }}>
        <CurveChart
          title="Loss"
          yLabel="Loss"
          sources={[source('a', 'BatchNorm', values), source('b', 'No norm', values.slice(0, at), at)]}
          format={String}
          emptyText=""
        />
      </div>,
    );
    const chart = page.getByRole('img', { name: /^Loss\./ });
    await expect.element(chart).toBeVisible();
    const label = chart.element().querySelector('g.diverged-marker text') as SVGTextElement;
    await expect.poll(() => label?.textContent).toBe('No norm diverged');
    const box = label.getBoundingClientRect();
    const svg = chart.element().getBoundingClientRect();
    expect(box.width).toBeGreaterThan(0);
    expect(box.left).toBeGreaterThanOrEqual(svg.left);
    expect(box.right).toBeLessThanOrEqual(svg.right);
    expect(box.top).toBeGreaterThanOrEqual(svg.top);
  });

  it("says when the runs' curves are identical (one line hides the others), and only then", async () => {
    const same = [1, 0.8, 0.6, 0.5];
    const { rerender } = await render(
      <CurveChart
        title="Loss"
        yLabel="Loss"
        sources={['0.01', '0.1', '0.99'].map((m, i) => source(`r${i}`, `momentum ${m}`, same))}
        format={String}
        emptyText=""
      />,
    );
    const note = page.getByText("The 3 runs' curves are identical here, so one line covers the others.");
    await expect.element(note).toBeVisible();
    await rerender(
      <CurveChart
        title="Loss"
        yLabel="Loss"
        sources={[source('a', 'A', same), source('b', 'B', [1, 0.9, 0.7, 0.6])]}
        format={String}
        emptyText=""
      />,
    );
    await expect.element(page.getByText(/curves are identical/)).not.toBeVisible();
  });
});
