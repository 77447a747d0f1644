import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { BATCH_STATISTICS_RULE, DEFAULT_CONFIG } from '#engine';
import { loadExperiment } from '../runtime/actions.ts';
import { controller } from '../runtime/app-controller.ts';
import { store } from '../store/index.ts';
import { Knob } from './Knob.tsx';
import { StatusLine } from './Transport.tsx';

const stepOf = () => Math.max(0, ...store.getState().runs.map((r) => r.step));

afterEach(() => {
  controller().pause();
  loadExperiment(DEFAULT_CONFIG, null);
});

describe('batch size 1 with BatchNorm mid-run', () => {
  it('is refused beside the slider with the rule; the run keeps its steps and the last valid batch size, and trains on', async () => {
    loadExperiment(
      { ...DEFAULT_CONFIG, model: 'mlp', dataset: 'spiral', norm: 'batchnorm', batchSize: 8 },
      null,
    );
    await render(
      <>
        <StatusLine />
        <Knob name="batchSize" />
      </>,
    );
    controller().step(30);
    await expect.poll(stepOf, { timeout: 15_000 }).toBe(30);

    const slider = page.getByLabelText('Batch size');
    await userEvent.click(slider);
    await userEvent.keyboard('{Home}');

    const notice = page.getByTestId('batch-size-notice');
    await expect.element(notice).toBeVisible();
    await expect.element(notice).toHaveTextContent(BATCH_STATISTICS_RULE);
    expect(store.getState().config.batchSize).toBe(2);
    expect(store.getState().runs[0].config.batchSize).toBe(2);
    expect(store.getState().status).not.toBe('error');
    expect(stepOf()).toBe(30);
    await expect.element(slider).toHaveAttribute('aria-valuetext', '2');

    // The run trains on at batch size 2.
    controller().step(10);
    await expect.poll(stepOf, { timeout: 15_000 }).toBe(40);
    expect(store.getState().status).not.toBe('error');
    expect(store.getState().statusDetail ?? '').not.toMatch(/value per channel/);
  });

  it('LayerNorm takes batch size 1: no note', async () => {
    loadExperiment(
      { ...DEFAULT_CONFIG, model: 'mlp', dataset: 'spiral', norm: 'layernorm', batchSize: 8 },
      null,
    );
    await render(<Knob name="batchSize" />);
    await userEvent.click(page.getByLabelText('Batch size'));
    await userEvent.keyboard('{Home}');
    await expect.poll(() => store.getState().config.batchSize).toBe(1);
    await expect.element(page.getByTestId('batch-size-notice')).not.toBeInTheDocument();
  });
});
