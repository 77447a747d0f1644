/// <reference types="@vitest/browser-playwright" />
// The smoothness charts on real probes: lesson 5's race (plain vs BN, lr 0.1, seed 1) trained in
// this page by the engine's Session for 300 steps with a probe every SMOOTHNESS_EVERY steps, the
// snapshots recorded as the runtime records them. A screenshot for a human is saved under
// test-results/ (git-ignored).

import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { OBSERVE_NOTHING, SMOOTHNESS_EVERY } from '#engine';
import { Session } from '#engine/testing';
import { NORM_COLOR } from '../../colors.ts';
import { LESSON_5, LESSON_5_STEPS } from '../../lessons/lesson-5/preset.ts';
import { clearMetrics, metricsFor, recordSnapshot } from '../../runtime/metrics.ts';
import { store } from '../../store/index.ts';
import '../../styles.css';
import { SmoothnessCharts } from './SmoothnessView.tsx';

const RUNS = [
  { id: 'plain', label: 'No norm', norm: 'none' as const },
  { id: 'bn', label: 'BatchNorm', norm: 'batchnorm' as const },
];

function train(): void {
  const session = new Session(() => performance.now());
  session.configure(
    RUNS.map((r) => ({ id: r.id, config: { ...LESSON_5.config, lr: 0.1, norm: r.norm } })),
    { ...OBSERVE_NOTHING, smoothEvery: SMOOTHNESS_EVERY },
    0,
  );
  for (let s = 0; s < LESSON_5_STEPS; s += 50)
    for (const snap of session.step(50).snapshots) recordSnapshot(snap);
  store.getState().setRuns(
    RUNS.map((r, i) => ({
      id: r.id,
      label: r.label,
      color: NORM_COLOR[r.norm],
      config: session.runs[i].config,
      step: session.runs[i].step,
      lastLoss: null,
      test: null,
      msPerStep: 0,
      diverged: null,
      layers: [],
    })),
  );
}

afterEach(() => {
  store.getState().setRuns([]);
  clearMetrics();
});

describe('SmoothnessCharts', () => {
  it('draws both runs’ probes over 300 steps of lesson 5’s race, with finite numbers', async () => {
    train();
    const probes = LESSON_5_STEPS / SMOOTHNESS_EVERY;
    for (const r of RUNS) expect(metricsFor(r.id).smoothness.relGradChange.total).toBe(probes);
    await page.viewport(720, 700);
    await render(
      <div style={{ background: 'var(--bg)', padding: 8, width: 680 }}>
        <div className="view-card" data-testid="card">
          <SmoothnessCharts />
        </div>
      </div>,
    );
    const last = LESSON_5_STEPS - SMOOTHNESS_EVERY;
    const number = String.raw`\d+(\.\d+)?(e[-+]\d+)?`;
    for (const title of ['Gradient change along the step', 'Loss variation along the step']) {
      const chart = page.getByRole('img', { name: new RegExp(`^${title}\\.`) });
      await expect.element(chart).toBeVisible();
      await expect
        .element(chart)
        .toHaveAccessibleName(
          new RegExp(
            `^${title}\\. No norm: ${number} at step ${last}; BatchNorm: ${number} at step ${last}$`,
          ),
        );
      expect(chart.element().innerHTML).not.toMatch(/NaN|Infinity/);
    }
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    await page.screenshot({
      path: '../../../test-results/smoothness/lesson-5-lr-0.1.png',
      element: page.getByTestId('card'),
    });
  });
});
