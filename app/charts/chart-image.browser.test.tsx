import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Series } from '../runtime/series.ts';
import { CurveChart, type CurveSource } from './CurveChart.tsx';
import { chartPng, composeViewSvg } from './chart-image.ts';
import '../styles.css';

function source(id: string, label: string, color: string, values: number[]): CurveSource {
  const s = new Series(64);
  for (const [i, v] of values.entries()) s.push(i + 1, v);
  return { id, label, color, series: () => s, divergedAt: () => null };
}

function parse(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc;
}

const texts = (doc: Document) => [...doc.querySelectorAll('text')].map((t) => t.textContent);

describe('view images', () => {
  it('compose a live chart card with its title, legend, curves and caption on the card background, and a PNG of it', async () => {
    await render(
      <div
        className="view-card"
        data-testid="card"
        style={{ background: 'rgb(20, 24, 30)', color: 'rgb(230, 230, 230)' }}
      >
        <CurveChart
          title="Training loss"
          yLabel="Loss"
          sources={[
            source('a', 'BatchNorm', 'rgb(200, 0, 0)', [2, 1, 0.5]),
            source('b', 'No norm', 'rgb(0, 0, 200)', [2, 1.9, 1.8]),
          ]}
          format={(v) => v.toFixed(2)}
          emptyText="Press play"
        />
        <div data-export="omit">
          <button type="button">PNG</button>
        </div>
      </div>,
    );
    await expect.element(page.getByRole('img', { name: /BatchNorm: 0\.50 at step 3/ })).toBeVisible();
    const card = document.querySelector('[data-testid="card"]') as HTMLElement;
    const image = composeViewSvg(card, 'Training loss', 'NormLab experiment at step 3: v=1&lr=0.05');
    const doc = parse(image.svg);
    const words = texts(doc);
    // The card's own title, once (not a second one added above it), the legend and the caption.
    expect(words.filter((t) => t === 'Training loss')).toHaveLength(1);
    expect(words).toContain('BatchNorm');
    expect(words).toContain('No norm');
    expect(words).toContain('NormLab experiment at step 3: v=1&lr=0.05');
    // Controls and the screen-reader summary are the page's, not the figure's.
    expect(words).not.toContain('PNG');
    expect(words.join(' ')).not.toMatch(/at step 3;/);
    // The dark card's background, the axis labels' page look without the stylesheet, the legend
    // swatches in the runs' colours, and the curves' canvas as a PNG.
    expect(doc.querySelector('svg > rect')?.getAttribute('fill')).toBe('rgb(20, 24, 30)');
    expect(doc.querySelector('.axis-label')?.getAttribute('style')).toMatch(/fill:/);
    const fills = [...doc.querySelectorAll('rect')].map((r) => r.getAttribute('fill'));
    expect(fills).toContain('rgb(200, 0, 0)');
    expect(fills).toContain('rgb(0, 0, 200)');
    expect(doc.querySelector('image')?.getAttribute('href')).toMatch(/^data:image\/png;base64,/);
    expect(image.svg).not.toMatch(/NaN|Infinity/);

    const png = await chartPng(image, 1);
    expect(png.type).toBe('image/png');
    const bitmap = await createImageBitmap(png);
    expect([bitmap.width, bitmap.height]).toEqual([Math.round(image.width), Math.round(image.height)]);
  });

  it('draws any card: a canvas view, an HTML legend, wrapped text line by line; no controls, hidden parts or summaries', async () => {
    const paragraph =
      'Each point is coloured by the class the network predicts there; paler means less confident.';
    await render(
      <div
        data-testid="card"
        style={{ width: 240, background: 'rgb(255, 255, 255)', color: 'rgb(10, 10, 10)' }}
      >
        <label>
          <input type="checkbox" /> Log scale
        </label>
        <button type="button" style={{ border: '1px dashed rgb(90, 90, 90)' }}>
          Layer 1
        </button>
        <canvas
          data-testid="plane"
          width={20}
          height={20}
          style={{ width: 100, height: 100, display: 'block' }}
        />
        <ul className="legend">
          <li>
            <span
              className="swatch"
              style={{ display: 'inline-block', width: 10, height: 10, background: 'rgb(0, 114, 178)' }}
            />{' '}
            Class 1
          </li>
        </ul>
        <p>{paragraph}</p>
        <p style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
          Screen-reader summary
        </p>
        <p style={{ display: 'none' }}>Not shown</p>
      </div>,
    );
    const canvas = document.querySelector('[data-testid="plane"]') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.fillStyle = 'rgb(213, 94, 0)';
    ctx.fillRect(0, 0, 20, 20);
    const card = document.querySelector('[data-testid="card"]') as HTMLElement;
    const image = composeViewSvg(card, 'Decision boundary', 'NormLab experiment at step 0: v=1');
    const doc = parse(image.svg);
    const words = texts(doc);
    // No title in the card: the view's title is added above it.
    expect(words[0]).toBe('Decision boundary');
    expect(words).toContain('Class 1');
    // A form control is left out; a button is part of a diagram (the network's blocks), frame and all.
    expect(words).not.toContain('Log scale');
    expect(words).toContain('Layer 1');
    expect(doc.querySelector('rect[stroke="rgb(90, 90, 90)"]')?.getAttribute('stroke-dasharray')).toBe('4 3');
    expect(words.join(' ')).not.toMatch(/Screen-reader summary|Not shown/);
    // The paragraph wraps in 240 px: one text line per screen line, the words in order.
    const lines = words.filter((t) => t && paragraph.includes(t));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(paragraph);
    const image2 = doc.querySelector('image');
    expect([image2?.getAttribute('width'), image2?.getAttribute('height')]).toEqual(['100', '100']);
    expect([...doc.querySelectorAll('rect')].map((r) => r.getAttribute('fill'))).toContain(
      'rgb(0, 114, 178)',
    );

    // The PNG shows the canvas's colour where the card had it.
    const png = await chartPng(image, 1);
    const bitmap = await createImageBitmap(png);
    const out = new OffscreenCanvas(bitmap.width, bitmap.height);
    const octx = out.getContext('2d') as OffscreenCanvasRenderingContext2D;
    octx.drawImage(bitmap, 0, 0);
    const g = doc.querySelector('svg > g')?.getAttribute('transform') ?? '';
    const [, dx, dy] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g) ?? [];
    const px = octx.getImageData(
      Number(image2?.getAttribute('x')) + Number(dx) + 50,
      Number(image2?.getAttribute('y')) + Number(dy) + 50,
      1,
      1,
    ).data;
    expect([...px.subarray(0, 3)]).toEqual([213, 94, 0]);
  });
});
