import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Series } from '../runtime/series.ts';
import { CurveChart, type CurveSource } from './CurveChart.tsx';
import { chartPng, composeChartSvg } from './chart-image.ts';

function source(id: string, label: string, color: string, values: number[]): CurveSource {
  const s = new Series(64);
  for (const [i, v] of values.entries()) s.push(i + 1, v);
  return { id, label, color, series: () => s, divergedAt: () => null };
}

describe('chart images', () => {
  it('compose the live chart with its title, legend, curves and caption into a standalone SVG and a PNG', async () => {
    await render(
      <CurveChart
        title="Training loss"
        yLabel="Loss"
        sources={[
          source('a', 'BatchNorm', 'rgb(200, 0, 0)', [2, 1, 0.5]),
          source('b', 'No norm', 'rgb(0, 0, 200)', [2, 1.9, 1.8]),
        ]}
        format={(v) => v.toFixed(2)}
        emptyText="Press play"
        caption={() => 'NormLab experiment: v=1&lr=0.05'}
      />,
    );
    await expect.element(page.getByRole('img', { name: /BatchNorm: 0\.50 at step 3/ })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Download Training loss as PNG' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Download Training loss as SVG' })).toBeVisible();

    const figure = document.querySelector('figure.chart') as HTMLElement;
    const image = composeChartSvg(figure, 'NormLab experiment: v=1&lr=0.05');
    const doc = new DOMParser().parseFromString(image.svg, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Training loss');
    expect(texts).toContain('BatchNorm');
    expect(texts).toContain('No norm');
    expect(texts).toContain('NormLab experiment: v=1&lr=0.05');
    // The axis labels keep the page's look without its stylesheet; the curves come as a PNG.
    expect(doc.querySelector('.axis-label')?.getAttribute('style')).toMatch(/fill:/);
    expect(doc.querySelector('image')?.getAttribute('href')).toMatch(/^data:image\/png;base64,/);
    expect(image.svg).not.toMatch(/NaN|Infinity/);

    const png = await chartPng(image, 1);
    expect(png.type).toBe('image/png');
    const bitmap = await createImageBitmap(png);
    expect([bitmap.width, bitmap.height]).toEqual([Math.round(image.width), Math.round(image.height)]);
  });
});
