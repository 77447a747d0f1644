import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { NORM_COLOR } from '../../colors.ts';
import { store } from '../../store/index.ts';
import '../../styles.css';
import { FIXTURE_CONFIG, mlpLayers } from './fixtures.ts';
import { NetworkBlocks, NetworkDiagram } from './NetworkDiagram.tsx';

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().selectLayer(null);
});

function run(id: string, label: string, norm: 'batchnorm' | 'none' = 'batchnorm') {
  return {
    id,
    label,
    color: NORM_COLOR[norm],
    config: { ...FIXTURE_CONFIG, norm },
    step: 0,
    lastLoss: null,
    test: null,
    msPerStep: 0,
    diverged: null,
    layers: mlpLayers(norm),
  };
}

describe('NetworkBlocks', () => {
  it('every layer is a toggle button with a name; pressing one reports its index', async () => {
    const picked: number[] = [];
    await render(
      <NetworkBlocks layers={mlpLayers()} selected={1} onSelect={(i) => picked.push(i)} input={[2]} />,
    );
    const list = page.getByRole('list', { name: 'Network layers' });
    await expect.element(list).toBeVisible();
    expect(list.getByRole('button').all().length).toBe(10);
    const bn = page.getByRole('button', { name: 'Layer 1 · BatchNorm, output 16' });
    await expect.element(bn).toHaveAttribute('aria-pressed', 'true');
    // Numbered as a reader counts layers: the BN and tanh after dense 1 are layer 1's, the classifier "out".
    await expect.element(bn).toHaveTextContent('1BatchNorm16');
    await expect
      .element(page.getByRole('button', { name: 'Layer 1 · tanh, output 16' }))
      .toHaveAttribute('aria-pressed', 'false');
    const output = page.getByRole('button', { name: 'Output · dense, output 2' });
    await expect.element(output).toHaveTextContent(/^outdense2/);
    await output.click();
    expect(picked).toEqual([9]);
  });
});

describe('NetworkDiagram (live)', () => {
  it('clicking (or Enter on) a layer selects it in the store and marks it pressed', async () => {
    store.getState().setRuns([run('main', 'BatchNorm')]);
    store.getState().selectLayer(1);
    await render(<NetworkDiagram />);
    await expect
      .element(page.getByText('BatchNorm before each activation: dense → BatchNorm → tanh.'))
      .toBeVisible();
    const tanh = page.getByRole('button', { name: 'Layer 1 · tanh, output 16' });
    await tanh.click();
    expect(store.getState().selectedLayer).toBe(2);
    await expect.element(tanh).toHaveAttribute('aria-pressed', 'true');
    await expect
      .element(page.getByRole('button', { name: 'Layer 1 · BatchNorm, output 16' }))
      .toHaveAttribute('aria-pressed', 'false');
    // Keyboard: focus a block and press Enter.
    const dense = page.getByRole('button', { name: 'Layer 2 · dense, output 16' });
    (dense.element() as HTMLButtonElement).focus();
    await userEvent.keyboard('{Enter}');
    expect(store.getState().selectedLayer).toBe(3);
    await expect.element(dense).toHaveAttribute('aria-pressed', 'true');
  });

  it('a comparison of different networks shows one row per network', async () => {
    store.getState().setRuns([run('a', 'BatchNorm'), run('b', 'No norm', 'none')]);
    await render(<NetworkDiagram />);
    await expect.element(page.getByRole('list', { name: 'Network layers of BatchNorm' })).toBeVisible();
    await expect.element(page.getByRole('list', { name: 'Network layers of No norm' })).toBeVisible();
    await expect.element(page.getByText(/^No normalizer/)).toBeVisible();
  });

  it('says so in words while there is no network yet', async () => {
    await render(<NetworkDiagram />);
    await expect.element(page.getByText('Press Play to train.')).toBeVisible();
  });
});
