// Each BN view at phone widths, light and dark: what a reader would see is measured
// (app/testing/looks.ts: no NaN, charts inside the card and the window, no text cut off or on
// other text, canvases painted, legends shown, the data drawn) and a screenshot is saved under
// test-results/bn-views/ (git-ignored) for a human to look at as well. Behaviour is asserted in
// the views' own tests.

import type { ReactNode } from 'react';
import { afterAll, afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { clearMetrics, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import { Card, emulateColorScheme } from '../../testing/card.tsx';
import '../../styles.css';
import { lookProblems, markCount } from '../../testing/looks.ts';
import { AxesDiagram } from './AxesDiagram.tsx';
import { DriftView } from './DriftView.tsx';
import { type FixtureLayer, fixtureRun, fixtureSnapshots } from './fixtures.ts';
import { InspectorView } from './InspectorView.tsx';

const OUT = '../../../test-results/bn-views';

const MLP_BN: FixtureLayer = { kind: 'batchnorm', shape: [16] };
const CNN_GN: FixtureLayer = { kind: 'groupnorm', shape: [8, 7, 7] };

function seed(layer: FixtureLayer, last = 600) {
  store.getState().setRuns([{ ...fixtureRun('main', layer.kind, layer.shape), step: last }]);
  store.getState().selectLayer(1);
  store.getState().selectUnit(3);
  if (last > 0)
    for (const snap of fixtureSnapshots('main', 1, layer, last, { unit: 3 })) recordSnapshot(snap);
}

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().selectLayer(null);
  store.getState().selectUnit(0);
  clearMetrics();
});

afterAll(async () => {
  await emulateColorScheme(null);
});

/**
 * Name, observed layer, view, what to click first, last training step (0: not trained yet), and
 * where the view draws its data with how many marks at least (null: it shows a note instead).
 */
const VIEWS: [string, FixtureLayer, () => ReactNode, string | null, number, [string, number] | null][] = [
  ['drift', MLP_BN, () => <DriftView />, null, 600, ['path.batch', 2]],
  ['drift-all', MLP_BN, () => <DriftView />, 'all', 600, ['path.batch', 16]],
  ['drift-not-bn', { kind: 'layernorm', shape: [16] }, () => <DriftView />, null, 100, null],
  ['inspector-bn', MLP_BN, () => <InspectorView />, 'x̂₃', 600, ['.bn-table td', 8]],
  ['inspector-gn', CNN_GN, () => <InspectorView />, 'x̂₂', 600, ['.bn-table td', 8]],
  [
    'axes-gn',
    CNN_GN,
    () => <AxesDiagram />,
    'GroupNorm set: sample 2, channels 2–3',
    600,
    ['rect.bn-set-fill', 2],
  ],
  [
    'axes-bn-dense',
    MLP_BN,
    () => <AxesDiagram />,
    'BatchNorm set: channel 3, all 16 samples',
    600,
    ['rect.bn-set-fill', 2],
  ],
  ['axes-empty', CNN_GN, () => <AxesDiagram />, null, 0, null],
];

it('BN views at 480 and 360 px, light and dark', async () => {
  for (const theme of ['light', 'dark'] as const) {
    await emulateColorScheme(theme);
    for (const width of [480, 360]) {
      for (const [name, layer, view, action, last, data] of VIEWS) {
        await page.viewport(width, 1800);
        // The tester scales the iframe down to fit its window; undo that for true-size pixels.
        const wrapper = window.frameElement?.parentElement;
        if (wrapper) wrapper.style.transform = 'none';
        seed(layer, last);
        const screen = await render(<Card>{view()}</Card>);
        await expect.element(page.getByTestId('card')).toBeVisible();
        if (action === 'all') await page.getByLabelText('Channel', { exact: true }).selectOptions('all');
        else if (action?.startsWith('x̂'))
          await page.getByRole('button', { name: new RegExp(`^${action} =`) }).click();
        else if (action) await page.getByRole('button', { name: action }).click();
        await new Promise((r) => setTimeout(r, 150));
        const card = page.getByTestId('card').element();
        expect(card.textContent).not.toMatch(/NaN|Infinity/);
        await expect.poll(() => lookProblems(card, width).map((p) => `${name}: ${p}`)).toEqual([]);
        if (data) expect(markCount(card, data[0]), `${name}: ${data[0]}`).toBeGreaterThanOrEqual(data[1]);
        await page.getByTestId('card').screenshot({ path: `${OUT}/${name}-${theme}-${width}.png` });
        await screen.unmount();
        store.getState().setRuns([]);
        clearMetrics();
      }
    }
  }
}, 90_000);
