import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Series } from '../runtime/series.ts';
import { CurveChart, type CurveSource } from './CurveChart.tsx';

function source(id: string, label: string, values: number[], divergedAt: number | null = null): CurveSource {
  const s = new Series(64);
  for (const [i, v] of values.entries()) s.push(i + 1, v);
  return { id, label, color: 'var(--c-s0)', series: () => s, divergedAt: () => divergedAt };
}

describe('CurveChart', () => {
  it('names itself and summarises the latest value of each run for screen readers', async () => {
    const sources = [source('a', 'BatchNorm', [2, 1, 0.5]), source('b', 'No norm', [2, 1.9, 1.8])];
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
    expect(chart.element().querySelectorAll('path.smooth').length).toBe(2);
    expect(chart.element().innerHTML).not.toMatch(/NaN|Infinity/);
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
