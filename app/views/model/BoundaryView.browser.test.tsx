import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { NORM_COLOR } from '../../colors.ts';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import '../../styles.css';
import { BoundaryView, DecisionBoundary } from './BoundaryView.tsx';
import { FIXTURE_CONFIG, fixtureSnapshot, mlpLayers, spiralBoundary, spiralPoints } from './fixtures.ts';

afterEach(() => {
  store.getState().setRuns([]);
  clearMetrics();
});

function run(id: string, label: string, dataset = FIXTURE_CONFIG.dataset) {
  return {
    id,
    label,
    color: NORM_COLOR.batchnorm,
    config: { ...FIXTURE_CONFIG, dataset },
    step: 500,
    lastLoss: 0.3,
    test: null,
    msPerStep: 0.2,
    diverged: null,
    layers: mlpLayers(),
  };
}

/** RGBA of the canvas pixel at a CSS-pixel position of the plot. */
function pixelAt(canvas: HTMLCanvasElement, x: number, y: number): number[] {
  const scale = canvas.width / canvas.getBoundingClientRect().width;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  return Array.from(ctx.getImageData(Math.floor(x * scale), Math.floor(y * scale), 1, 1).data);
}

describe('DecisionBoundary', () => {
  it('paints the prediction on a canvas, points on top, and summarises it in words', async () => {
    const points = spiralPoints();
    const b = spiralBoundary(points);
    await render(<DecisionBoundary title="BatchNorm" boundary={() => b} points={points} />);
    const plot = page.getByRole('img', { name: /^Decision boundary of BatchNorm\. Plane predicted as/ });
    await expect.element(plot).toBeVisible();
    await expect
      .element(plot)
      .toHaveAccessibleName(/Classifies \d+ % of the training points correctly; mean confidence 0\.\d\d\.$/);
    await expect.element(page.getByText(/^Plane predicted as Class 1 \d+ %, Class 2 \d+ %/)).toBeVisible();
    const svg = plot.element().querySelector('svg') as SVGSVGElement;
    // One path per split and class, one marker (a subpath, starting with M) per point.
    const markers = (selector: string) =>
      Array.from(svg.querySelectorAll(selector)).reduce(
        (n, el) => n + (el.getAttribute('d')?.match(/M/g)?.length ?? 0),
        0,
      );
    expect(svg.querySelectorAll('path.bpt-train').length).toBe(points.classes);
    expect(markers('path.bpt-train')).toBe(points.train.count);
    expect(markers('path.bpt-test')).toBe(points.test.count);
    for (let c = 0; c < points.classes; c++) {
      const inClass = Array.from(points.train.y.slice(0, points.train.count)).filter((y) => y === c).length;
      expect(markers(`path.bpt-train.bpt-class-${c}`)).toBe(inClass);
    }
    expect(svg.innerHTML).not.toMatch(/NaN|Infinity/);
    // Axis labels x₁ and x₂.
    expect(Array.from(svg.querySelectorAll('.axis-label'), (t) => t.textContent)).toEqual(['x₁', 'x₂']);
    // The canvas is painted: a confident cell is opaque-ish, in a class colour.
    const canvas = plot.element().querySelector('canvas') as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    const corner = pixelAt(canvas, 2, 2);
    expect(corner[3]).toBeGreaterThan(0);
    expect(rect.width).toBeGreaterThan(100);
    await expect.element(page.getByText('Press Play to train.')).not.toBeVisible();
    const legend = page.getByRole('list', { name: 'Decision boundary legend' });
    await expect.element(legend).toHaveTextContent('Class 1 (circles)');
    await expect.element(legend).toHaveTextContent('test (hollow)');
  });

  it('before any prediction: the points, an empty canvas and "Press Play to train."', async () => {
    const points = spiralPoints();
    await render(<DecisionBoundary title="BatchNorm" boundary={() => null} points={points} />);
    await expect.element(page.getByText('Press Play to train.')).toBeVisible();
    const plot = page.getByRole('img', { name: 'Decision boundary of BatchNorm: no prediction yet.' });
    await expect.element(plot).toBeVisible();
    const canvas = plot.element().querySelector('canvas') as HTMLCanvasElement;
    expect(pixelAt(canvas, 20, 20)[3]).toBe(0);
  });
});

describe('BoundaryView (live)', () => {
  it('draws the latest recorded boundary of the run', async () => {
    store.getState().setRuns([run('main', 'BatchNorm')]);
    recordSnapshot(fixtureSnapshot('main', 100, spiralBoundary(spiralPoints(), 24)));
    await render(<BoundaryView />);
    await expect
      .element(page.getByRole('img', { name: /^Decision boundary of Decision boundary\./ }))
      .toBeVisible();
  });

  it('a comparison shows one small boundary per run, titled by run label', async () => {
    store.getState().setRuns([run('a', 'BatchNorm'), run('b', 'No norm')]);
    recordSnapshot(fixtureSnapshot('a', 100, spiralBoundary(spiralPoints(), 24)));
    await render(<BoundaryView />);
    await expect
      .element(page.getByRole('img', { name: /^Decision boundary of BatchNorm\. Plane/ }))
      .toBeVisible();
    await expect
      .element(page.getByRole('img', { name: 'Decision boundary of No norm: no prediction yet.' }))
      .toBeVisible();
    await expect.element(page.getByRole('region', { name: 'Decision boundaries' })).toBeVisible();
  });

  it('for MNIST, says the boundary is for the 2-D data sets', async () => {
    store.getState().setRuns([run('main', 'BatchNorm', 'mnist')]);
    await render(<BoundaryView />);
    await expect
      .element(page.getByText('The decision boundary is shown for the 2-D data sets.'))
      .toBeVisible();
  });
});
