// In a comparison of none vs BatchNorm (the engine, real workers), the views that explain a
// normalization layer show the BN run's BN layer from the start: each run observes its own first
// normalizer, so no view is left with "Observed: No norm's layer 2 (a tanh)…" until a click.

import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG, LAB_START_CONFIG } from '#engine';
import { loadExperiment } from '../../runtime/actions.ts';
import { controller } from '../../runtime/app-controller.ts';
import { store } from '../../store/index.ts';
import { AxesDiagram } from './AxesDiagram.tsx';
import { DriftView } from './DriftView.tsx';
import { InspectorView } from './InspectorView.tsx';

const stepOf = () => Math.min(...store.getState().runs.map((r) => r.step));

afterEach(() => {
  controller().pause();
  loadExperiment(DEFAULT_CONFIG, null);
});

describe('none vs BatchNorm: the BN views show the BN run', () => {
  it('drift, inspector and axes show the BatchNorm run’s BN layer without a click', async () => {
    loadExperiment(LAB_START_CONFIG, { knob: 'norm', values: ['none', 'batchnorm'] });
    await render(
      <>
        <DriftView />
        <InspectorView />
        <AxesDiagram />
      </>,
    );
    // Once the networks are built, every run observes its own first normalizer.
    await expect.poll(() => store.getState().observeLayer, { timeout: 15_000 }).toEqual({ norm: 0 });
    controller().step(20);
    await expect.poll(stepOf, { timeout: 15_000 }).toBe(20);

    await expect
      .element(page.getByRole('img', { name: /^Batch vs running statistics, channel 0\./ }))
      .toBeVisible();
    await expect
      .element(page.getByText(/^BatchNorm, unit 0: the first \d+ of 32 samples, step 20$/))
      .toBeVisible();
    // The diagram's run picker (drift and inspector offer only the BN run: no picker) and its sets.
    const axesRun = page.getByRole('group', { name: 'Run' });
    await expect.element(axesRun.getByRole('radio', { name: 'BatchNorm' })).toBeChecked();
    await expect.element(axesRun.getByRole('radio', { name: 'No norm' })).not.toBeChecked();
    await expect
      .element(page.getByRole('group', { name: 'Normalizer' }).getByRole('radio', { name: 'BatchNorm' }))
      .toBeChecked();
    await expect.element(page.getByText(/^BatchNorm: 16 sets on this/)).toBeVisible();
    expect(document.body.textContent).not.toMatch(/Observed: No norm|exist only for/);
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);
  });
});
