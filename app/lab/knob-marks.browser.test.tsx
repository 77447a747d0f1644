// A live knob change mid-run is marked on the loss and accuracy curves at the step it applies
// from, with what changed; the mark is in the chart's text summary for screen readers. A rebuild
// (Reset) starts without marks.

import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { loadExperiment, updateConfig } from '../runtime/actions.ts';
import { controller } from '../runtime/app-controller.ts';
import { knobMarks } from '../runtime/metrics.ts';
import { store } from '../store/index.ts';
import { AccuracyChart, LossChart } from './RunCurves.tsx';

const stepOf = () => Math.min(...store.getState().runs.map((r) => r.step));

afterEach(() => {
  controller().pause();
  loadExperiment(DEFAULT_CONFIG, null);
});

describe('knob-change marks', () => {
  it('lr changed at step 30 is marked "learning rate 0.05 → 0.1" (the control\'s words) on both curves; before training nothing is marked; Reset clears it', async () => {
    loadExperiment({ ...DEFAULT_CONFIG, lr: 0.05 }, null);
    await render(
      <>
        <LossChart />
        <AccuracyChart />
      </>,
    );
    // Before any step a change is no mid-run change.
    updateConfig('batchSize', 16);
    expect(knobMarks()).toEqual([]);
    controller().step(30);
    await expect.poll(stepOf, { timeout: 15_000 }).toBe(30);
    updateConfig('lr', 0.1);
    expect(knobMarks()).toEqual([{ step: 30, knob: 'lr', from: 0.05, to: 0.1 }]);
    controller().step(20);
    await expect.poll(stepOf, { timeout: 15_000 }).toBe(50);

    const loss = page.getByRole('img', { name: /^Training loss\./ });
    await expect
      .element(loss)
      .toHaveAttribute(
        'aria-label',
        expect.stringMatching(/Knob changes: learning rate 0\.05 → 0\.1 at step 30/),
      );
    const accuracy = page.getByRole('img', { name: /^Test accuracy\./ });
    await expect
      .element(accuracy)
      .toHaveAttribute(
        'aria-label',
        expect.stringMatching(/Knob changes: learning rate 0\.05 → 0\.1 at step 30/),
      );
    for (const chart of [loss, accuracy]) {
      const mark = chart.element().querySelector('g.knob-mark');
      expect(mark?.textContent).toBe('learning rate 0.05 → 0.1');
      // Drawn at step 30's x, inside the plot.
      const x = Number(/translate\(([\d.]+),/.exec(mark?.getAttribute('transform') ?? '')?.[1]);
      expect(x).toBeGreaterThan(0);
    }

    controller().reset();
    expect(knobMarks()).toEqual([]);
  });
});
