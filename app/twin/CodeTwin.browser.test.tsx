/// <reference types="@vitest/browser-playwright" />
// The Code panel in real Chromium: it opens, the tabs switch the script (by click and by arrow
// key), a knob change in the store changes the code, Copy shows its state (and selects the code
// when the clipboard is refused), Download saves a .py file; the Lab with the panel open at 1280
// and 390 px (screenshots under test-results/code-twin/), with nothing scrolling sideways.

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { App } from '../App.tsx';
import { prefetchOrder } from '../pages/page-chunks.ts';
import { store } from '../store/index.ts';
import '../styles.css';
import { CodeTwin, CodeTwinAbsent } from './CodeTwin.tsx';

const OUT = '../../test-results/code-twin';

// Every page's and lesson's chunk loaded first, as the built app does at idle after its first paint (the dev
// server transforms a chunk's modules on first import, which would otherwise count against a test).
beforeAll(() => Promise.all(prefetchOrder({ page: 'home' }).map((load) => load())), 120_000);

afterEach(() => {
  vi.restoreAllMocks();
  store.getState().setConfig(DEFAULT_CONFIG);
  store.getState().setComparison(null);
  store.getState().setSweep(null);
  window.location.hash = '';
});

async function openPanel() {
  await page.getByText('Code: this experiment in PyTorch and Keras').click();
  await expect.element(page.getByRole('tablist', { name: 'Framework' })).toBeVisible();
}

const codeText = () => page.getByRole('tabpanel').element().textContent ?? '';

describe('CodeTwin', () => {
  it('renders collapsed, opens to the PyTorch tab, and the Keras tab changes the code', async () => {
    await render(<CodeTwin />);
    expect(page.getByRole('tablist').query()).toBeNull();
    await openPanel();
    const torchTab = page.getByRole('tab', { name: 'PyTorch' });
    const kerasTab = page.getByRole('tab', { name: 'Keras' });
    await expect.element(torchTab).toHaveAttribute('aria-selected', 'true');
    expect(codeText()).toContain('import torch');
    expect(codeText()).toContain('nn.BatchNorm1d(16, eps=1e-05, momentum=0.1)');
    await kerasTab.click();
    await expect.element(kerasTab).toHaveAttribute('aria-selected', 'true');
    expect(codeText()).toContain('import keras');
    expect(codeText()).toContain('layers.BatchNormalization(momentum=0.9, epsilon=1e-05)');
    // Keyboard: ArrowLeft goes back to PyTorch and moves focus with it.
    await userEvent.keyboard('{ArrowLeft}');
    await expect.element(torchTab).toHaveAttribute('aria-selected', 'true');
    await expect.element(torchTab).toHaveFocus();
    expect(codeText()).toContain('import torch');
  });

  it('a knob change in the store changes the code; a comparison offers each run', async () => {
    await render(<CodeTwin />);
    await openPanel();
    expect(codeText()).toContain('LR = 0.05');
    store.getState().setConfig({ ...DEFAULT_CONFIG, lr: 0.3, batchSize: 8, norm: 'layernorm' });
    await expect.poll(codeText).toContain('LR = 0.3');
    expect(codeText()).toContain('BATCH_SIZE = 8');
    expect(codeText()).toContain('nn.LayerNorm(16, eps=1e-05)');
    store.getState().setComparison({ knob: 'norm', values: ['none', 'batchnorm'] });
    const run = page.getByRole('group', { name: 'Run' });
    await expect.element(run).toBeVisible();
    await expect.element(run.getByRole('radio', { name: 'No norm' })).toBeChecked();
    expect(codeText()).not.toContain('nn.BatchNorm1d');
    await run.getByRole('radio', { name: 'BatchNorm' }).click();
    await expect.poll(codeText).toContain('nn.BatchNorm1d');
  });

  it('Copy writes the script to the clipboard and shows "Copied"', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await render(<CodeTwin />);
    await openPanel();
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.element(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(writeText).toHaveBeenCalledWith(codeText());
  });

  it('Copy without a clipboard selects the code instead', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    await render(<CodeTwin />);
    await openPanel();
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.element(page.getByRole('button', { name: 'Selected: press Ctrl+C' })).toBeVisible();
    expect(window.getSelection()?.toString().trimEnd()).toBe(codeText().trimEnd());
  });

  it('Download saves the script as a .py file from a Blob URL', async () => {
    const clicked: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ name: this.download, href: this.href });
    });
    await render(<CodeTwin />);
    await openPanel();
    await page.getByRole('button', { name: 'Download normlab-experiment.py' }).click();
    await page.getByRole('tab', { name: 'Keras' }).click();
    await page.getByRole('button', { name: 'Download normlab-experiment-keras.py' }).click();
    expect(clicked.map((c) => c.name)).toEqual(['normlab-experiment.py', 'normlab-experiment-keras.py']);
    for (const c of clicked) expect(c.href).toMatch(/^blob:/);
  });

  it('a widget lesson says it has no twin', async () => {
    await render(<CodeTwinAbsent />);
    await page.getByText('Code: this experiment in PyTorch and Keras').click();
    await expect.element(page.getByText(/has no PyTorch or\s+Keras script/)).toBeVisible();
  });
});

describe('the Code panel on lesson pages', () => {
  it("lesson 7's live panel shows its 200 steps and the serving panel's exact model.eval() line", async () => {
    window.location.hash = '#/lessons/7';
    const screen = await render(<App />);
    await openPanel();
    await expect.poll(codeText).toContain('STEPS = 200');
    expect(codeText()).toContain('model.eval()  # the line the eval() bug is about:');
    expect(codeText()).toContain('nn.BatchNorm2d(8, eps=1e-05, momentum=0.1)');
    await screen.unmount();
  });

  it('lesson 1 (a widget, no network) says it has no twin', async () => {
    window.location.hash = '#/lessons/1';
    const screen = await render(<App />);
    await page.getByText('Code: this experiment in PyTorch and Keras').click();
    await expect.element(page.getByText(/has no PyTorch or\s+Keras script/)).toBeVisible();
    await screen.unmount();
  });
});

describe('the Lab with the Code panel open', () => {
  it.each([1280, 390])(
    'at %i px: nothing scrolls sideways, the code scrolls inside itself',
    async (width) => {
      await page.viewport(width, 700);
      window.location.hash = '#/lab';
      const screen = await render(<App />);
      await expect.element(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
      await openPanel();
      const pre = page.getByRole('tabpanel').element() as HTMLElement;
      pre.scrollIntoView({ block: 'center' });
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const root = document.documentElement;
      expect(root.scrollWidth, 'page width').toBeLessThanOrEqual(root.clientWidth);
      expect(pre.getBoundingClientRect().right).toBeLessThanOrEqual(width);
      if (width === 390) expect(pre.scrollWidth).toBeGreaterThan(pre.clientWidth);
      const panel = document.querySelector('.code-twin') as HTMLElement;
      await page.screenshot({ path: `${OUT}/lab-code-${width}.png`, element: page.elementLocator(panel) });
      await screen.unmount();
    },
  );
});
