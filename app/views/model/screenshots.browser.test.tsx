/// <reference types="@vitest/browser-playwright" />
// Screenshots of each model view at phone widths, light and dark, for a human to look at
// (saved under test-results/, git-ignored). The assertions only check that each rendered.

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cdp, page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { NORM_COLOR } from '../../colors.ts';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import '../../styles.css';
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
  await cdp().send('Emulation.setEmulatedMedia', { features: [] });
});

const VIEWS = {
  diagnostics: () => <DiagnosticsView />,
  boundary: () => <BoundaryView />,
  network: () => <NetworkDiagram />,
};

describe.each(['light', 'dark'] as const)('model views, %s theme', (theme) => {
  it.each([480, 360])('at %i px', async (width) => {
    await cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-color-scheme', value: theme }],
    });
    // Keep the iframe within the headless window (1280 x 720) so it is not scaled down.
    await page.viewport(width, 700);
    for (const [name, view] of Object.entries(VIEWS)) {
      store.getState().setRuns([run('main', 'BatchNorm')]);
      store.getState().selectLayer(1);
      seed(['main']);
      const screen = await render(
        <div style={{ background: 'var(--bg)', padding: 8 }}>
          <div className="view-card" data-testid="card">
            {view()}
          </div>
        </div>,
      );
      await expect.element(page.getByTestId('card')).toBeVisible();
      await new Promise((r) => requestAnimationFrame(() => r(null)));
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
      const screen = await render(
        <div style={{ background: 'var(--bg)', padding: 8 }}>
          <div className="view-card" data-testid="card">
            {view()}
          </div>
        </div>,
      );
      await expect.element(page.getByTestId('card')).toBeVisible();
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
      <div style={{ background: 'var(--bg)', padding: 8 }}>
        <div className="view-card" data-testid="card">
          <DiagnosticsView />
        </div>
        <div className="view-card" data-testid="card2">
          <BoundaryView />
        </div>
      </div>,
    );
    await expect.element(page.getByTestId('card')).toBeVisible();
    await page.screenshot({ path: `${OUT}/empty-${width}-${theme}.png`, element: page.getByTestId('card') });
    await page.screenshot({
      path: `${OUT}/empty-boundary-${width}-${theme}.png`,
      element: page.getByTestId('card2'),
    });
    await empty.unmount();
  });
});
