import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { store } from '../store/index.ts';
import '../styles.css';
import { ControlPanel } from './ControlPanel.tsx';

afterEach(() => {
  store.getState().setConfig(DEFAULT_CONFIG);
  store.getState().setComparison(null);
});

describe('ControlPanel', () => {
  it('a comparison not in the menu is a short option plus a line that wraps, so the 280 px column keeps its width', async () => {
    store.getState().setComparison({ knob: 'norm', values: ['batchnorm', 'groupnorm', 'layernorm'] });
    await render(
      <div style={{ width: '280px' }}>
        <ControlPanel />
      </div>,
    );
    const select = page.getByLabelText('Side by side');
    await expect.element(select).toHaveDisplayValue('Another comparison (below)');
    await expect.element(page.getByText('Comparing BatchNorm vs GroupNorm vs LayerNorm')).toBeVisible();
    const form = page.getByRole('form', { name: 'Experiment controls' }).element();
    for (const fieldset of form.querySelectorAll('fieldset')) {
      expect(
        fieldset.getBoundingClientRect().width,
        fieldset.querySelector('legend')?.textContent ?? '',
      ).toBeLessThanOrEqual(280);
    }
  });

  it('every control has a visible label that names it', async () => {
    await render(<ControlPanel />);
    const form = page.getByRole('form', { name: 'Experiment controls' });
    await expect.element(form).toBeVisible();
    const controls = form.element().querySelectorAll('input, select');
    expect(controls.length).toBeGreaterThan(10);
    for (const control of controls) {
      const label = form.element().querySelector(`label[for="${control.id}"]`);
      expect(label?.textContent?.trim(), `label for ${control.outerHTML.slice(0, 60)}`).toBeTruthy();
    }
    await expect.element(page.getByLabelText('Learning rate')).toHaveAttribute('aria-valuetext', '0.05');
  });

  it('choosing GroupNorm offers only group counts that divide the width', async () => {
    await render(<ControlPanel />);
    await page.getByLabelText('Normalizer').selectOptions('groupnorm');
    const groups = page.getByLabelText('Groups');
    await expect.element(groups).toBeVisible();
    const options = Array.from((groups.element() as HTMLSelectElement).options).map((o) => o.value);
    expect(options).toEqual(['1', '2', '4', '8', '16']);
    expect(store.getState().config.norm).toBe('groupnorm');
  });

  it('the Normalizer control offers Batch Renorm; choosing it shows its r max, d max and warm-up knobs', async () => {
    await render(<ControlPanel />);
    const select = page.getByLabelText('Normalizer');
    const labels = Array.from((select.element() as HTMLSelectElement).options).map((o) => o.textContent);
    expect(labels).toContain('Batch Renorm');
    await expect.element(page.getByLabelText('r max')).not.toBeInTheDocument();
    await select.selectOptions('batchrenorm');
    expect(store.getState().config.norm).toBe('batchrenorm');
    await expect.element(page.getByLabelText('r max')).toHaveAttribute('aria-valuetext', '3');
    await expect.element(page.getByLabelText('d max')).toHaveAttribute('aria-valuetext', '5');
    await expect.element(page.getByLabelText('Renorm warm-up')).toBeVisible();
    await expect.element(page.getByLabelText('BN momentum')).toBeVisible();
  });

  it('BatchNorm has a Ghost batch knob (Batch Renorm does not); accumulation is a training knob for every normalizer', async () => {
    await render(<ControlPanel />);
    const ghost = page.getByLabelText('Ghost batch');
    await expect.element(ghost).toHaveAttribute('aria-valuetext', '0');
    await page.getByLabelText('Accumulated micro-batches').selectOptions('16');
    expect(store.getState().config.accumSteps).toBe(16);
    await page.getByLabelText('Normalizer').selectOptions('batchrenorm');
    await expect.element(page.getByLabelText('Ghost batch')).not.toBeInTheDocument();
    await page.getByLabelText('Normalizer').selectOptions('layernorm');
    await expect.element(page.getByLabelText('Accumulated micro-batches')).toHaveDisplayValue('16');
  });

  it('Weight decay: a menu in Training; a linked value outside the menu is shown as itself', async () => {
    store.getState().setConfig({ ...DEFAULT_CONFIG, weightDecay: 0.003 });
    await render(<ControlPanel />);
    const decay = page.getByLabelText('Weight decay');
    await expect.element(decay).toHaveDisplayValue('0.003');
    await decay.selectOptions('0.01');
    expect(store.getState().config.weightDecay).toBe(0.01);
    await decay.selectOptions('0');
    expect(store.getState().config.weightDecay).toBe(0);
    await expect.element(decay).toHaveDisplayValue('0 (none)');
  });

  it('Skip connections on the CNN bring back the MLP; Norm on the logits without a normalizer brings BatchNorm', async () => {
    store.getState().setConfig({ ...DEFAULT_CONFIG, model: 'cnn', dataset: 'mnist', norm: 'none' });
    await render(<ControlPanel />);
    await page.getByLabelText('Skip connections').selectOptions('pre');
    expect(store.getState().config).toMatchObject({ model: 'mlp', residual: 'pre' });
    await expect.element(page.getByLabelText('Hidden layers')).toBeVisible();
    await page.getByLabelText('Norm on the logits').selectOptions('on');
    expect(store.getState().config).toMatchObject({ norm: 'batchnorm', normLogits: 'on' });
    await expect.element(page.getByLabelText('Normalizer')).toHaveDisplayValue('BatchNorm');
  });

  it('picking the CNN switches the data set to MNIST, and a 2-D data set switches back to the MLP', async () => {
    await render(<ControlPanel />);
    await page.getByLabelText('Model').selectOptions('cnn');
    expect(store.getState().config.dataset).toBe('mnist');
    await page.getByLabelText('Data set').selectOptions('moons');
    expect(store.getState().config.model).toBe('mlp');
  });

  it('with the CNN the greyed Activation box shows the ReLU the CNN uses, whatever the MLP’s activation was', async () => {
    await render(<ControlPanel />);
    await page.getByLabelText('Activation').selectOptions('tanh');
    await page.getByLabelText('Model').selectOptions('cnn');
    const activation = page.getByLabelText('Activation');
    await expect.element(activation).toBeDisabled();
    await expect.element(activation).toHaveValue('relu');
  });

  it('a Data noise slider beside the data set jitters the 2-D points: the runs rebuild with the new noise; MNIST has none', async () => {
    await render(<ControlPanel />);
    const noise = page.getByLabelText('Data noise');
    await expect.element(noise).toHaveAttribute('aria-valuetext', String(DEFAULT_CONFIG.noise));
    await userEvent.click(noise);
    await userEvent.keyboard('{Home}{ArrowRight}{ArrowRight}{ArrowRight}');
    expect(store.getState().config.noise).toBeCloseTo(0.03, 10);
    await expect.element(noise).toHaveAttribute('aria-valuetext', '0.03');
    // The runs the workers train are rebuilt from the new data.
    await expect.poll(() => store.getState().runs[0]?.config.noise).toBeCloseTo(0.03, 10);
    await page.getByLabelText('Data set').selectOptions('mnist');
    await expect.element(page.getByLabelText('Data noise')).not.toBeInTheDocument();
  });
});
