/// <reference types="@vitest/browser-playwright" />
// Each model view at phone widths, light and dark, trained and before training: what a reader
// would see is measured (app/testing/looks.ts: charts inside the card and the window, no text cut
// off or on other text, canvases painted, legends shown, the data drawn) and a screenshot is saved
// under test-results/model-views/ (git-ignored) for a human to look at as well.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { NORM_COLOR } from '../../colors.ts';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import '../../styles.css';
import { fitProblems, legendProblems, lookProblems, markCount, textProblems } from '../../testing/looks.ts';
import { BoundaryView } from './BoundaryView.tsx';
import { DiagnosticsView } from './DiagnosticsView.tsx';
import { FIXTURE_CONFIG, fixtureSnapshot, mlpLayers, spiralBoundary, spiralPoints } from './fixtures.ts';
import { NetworkDiagram } from './NetworkDiagram.tsx';

const OUT = '../../../test-results/model-views';

function run(id: string, label: string, norm: 'batchnorm' | 'none' = 'batchnorm') {
  return {
    id,
    label,
    color: NORM_COLOR[norm],
    config: { ...FIXTURE_CONFIG, norm },
    step: 500,
    lastLoss: 0.3,
    test: null,
    msPerStep: 0.2,
    diverged: null,
    layers: mlpLayers(norm),
  };
}

function seed(ids: string[]) {
  const boundary = spiralBoundary(spiralPoints());
  for (const id of ids)
    for (let step = 10; step <= 1500; step += 10) recordSnapshot(fixtureSnapshot(id, step, boundary));
}

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().selectLayer(null);
  clearMetrics();
});

afterAll(async () => {
  await emulateColorScheme(null);
});

const VIEWS = {
  diagnostics: () => <DiagnosticsView />,
  boundary: () => <BoundaryView />,
  network: () => <NetworkDiagram />,
};

/** Where each view draws its data, and how many marks at least a trained run leaves there. */
const DATA: Record<keyof typeof VIEWS, [string, number]> = {
  // Three panels with a line per parametrized layer (two dense layers in the fixture).
  diagnostics: ['g.lines path', 6],
  // The training and test points: a path per split and class, a marker (subpath) per point.
  boundary: ['g.points path', 20],
  // A box per layer.
  network: ['button', 4],
};

function card(): HTMLElement {
  return page.getByTestId('card').element() as HTMLElement;
}

/** A trained view looks right (once it has measured its width) and shows its data. */
async function expectDrawn(view: keyof typeof VIEWS, width: number): Promise<void> {
  await expect.poll(() => lookProblems(card(), width)).toEqual([]);
  const [selector, least] = DATA[view];
  const marks =
    view === 'boundary'
      ? [...card().querySelectorAll(selector)].reduce(
          (n, el) => n + (el.getAttribute('d')?.match(/M/g)?.length ?? 0),
          0,
        )
      : markCount(card(), selector);
  expect(marks, `${view}: ${selector}`).toBeGreaterThanOrEqual(least);
}

describe.each(['light', 'dark'] as const)('model views, %s theme', (theme) => {
  it.each([480, 360])('at %i px', async (width) => {
    await emulateColorScheme(theme);
    // Keep the iframe within the headless window (1280 x 720) so it is not scaled down.
    await page.viewport(width, 700);
    for (const [name, view] of Object.entries(VIEWS)) {
      store.getState().setRuns([run('main', 'BatchNorm')]);
      store.getState().selectLayer(1);
      seed(['main']);
      const screen = await render(<Card>{view()}</Card>);
      await expect.element(page.getByTestId('card')).toBeVisible();
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      await expectDrawn(name as keyof typeof VIEWS, width);
      await page.screenshot({
        path: `${OUT}/${name}-${width}-${theme}.png`,
        element: page.getByTestId('card'),
      });
      await screen.unmount();
      store.getState().setRuns([]);
      clearMetrics();
    }
    // A comparison of two runs (one screenshot per view: the iframe is at most 700 px tall).
    store.getState().setRuns([run('a', 'BatchNorm'), run('b', 'No norm', 'none')]);
    seed(['a', 'b']);
    for (const [name, view] of Object.entries(VIEWS)) {
      if (name === 'diagnostics') continue;
      const screen = await render(<Card>{view()}</Card>);
      await expect.element(page.getByTestId('card')).toBeVisible();
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      await expectDrawn(name as keyof typeof VIEWS, width);
      await page.screenshot({
        path: `${OUT}/compare-${name}-${width}-${theme}.png`,
        element: page.getByTestId('card'),
      });
      await screen.unmount();
    }
    // Before training: the empty states.
    store.getState().setRuns([run('main', 'BatchNorm')]);
    clearMetrics();
    const empty = await render(
      <>
        <Card>
          <DiagnosticsView />
        </Card>
        <Card testId="card2">
          <BoundaryView />
        </Card>
      </>,
    );
    await expect.element(page.getByTestId('card')).toBeVisible();
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    // Before training: each view says so, in full, and still fits.
    for (const id of ['card', 'card2']) {
      const el = page.getByTestId(id).element();
      await expect
        .poll(() => [...fitProblems(el, width), ...textProblems(el), ...legendProblems(el)])
        .toEqual([]);
      const notes = [...el.querySelectorAll<HTMLElement>('.chart-empty')].filter((p) => !p.hidden);
      expect(notes.map((p) => p.textContent)).toEqual([expect.stringMatching(/\w/)]);
    }
    await page.screenshot({ path: `${OUT}/empty-${width}-${theme}.png`, element: page.getByTestId('card') });
    await page.screenshot({
      path: `${OUT}/empty-boundary-${width}-${theme}.png`,
      element: page.getByTestId('card2'),
    });
    await empty.unmount();
  });
});
