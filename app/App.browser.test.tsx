import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG, LAB_START_CONFIG, Rng } from '#engine';
import { App } from './App.tsx';
import { HANDSHAKE_SEED } from './engine-status.ts';
import { prefetchOrder } from './pages/page-chunks.ts';
import { store } from './store/index.ts';

// Every page's and lesson's chunk loaded first, as the built app does at idle after its first paint (the dev
// server transforms a chunk's modules on first import, which would otherwise count against a test).
beforeAll(() => Promise.all(prefetchOrder({ page: 'home' }).map((load) => load())), 120_000);

afterEach(() => {
  window.location.hash = '';
});

describe('App shell', () => {
  it('shows the name, the main navigation and the version', async () => {
    await render(<App />);
    await expect.element(page.getByRole('link', { name: 'NormLab' })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.element(nav.getByRole('link', { name: 'Course' })).toBeVisible();
    await expect.element(nav.getByRole('link', { name: 'Lab' })).toBeVisible();
    await expect.element(page.getByText(`NormLab v${__APP_VERSION__}`)).toBeVisible();
  });

  it('navigates from the home page to the lessons index and the Lab', async () => {
    await render(<App />);
    await page.getByRole('link', { name: /Start the course/ }).click();
    await expect.element(page.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
    await expect.element(page.getByRole('link', { name: /Why normalize at all/ })).toBeVisible();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lab' }).click();
    await expect.element(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
    expect(window.location.hash).toMatch(/^#\/lab\?v=1&dataset=spiral/);
  });

  it('a fresh Lab opens with the starting experiment (ReLU, noise 0.03, none vs BatchNorm); a link that leaves them out keeps the defaults it meant', async () => {
    localStorage.clear();
    window.location.hash = '#/lab';
    await render(<App />);
    await expect.element(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
    expect(store.getState().config).toEqual(LAB_START_CONFIG);
    expect(store.getState().comparison).toEqual({ knob: 'norm', values: ['none', 'batchnorm'] });
    expect(window.location.hash).toContain('&compare=norm&values=none,batchnorm');
    expect(window.location.hash).toContain('&noise=0.03&');
    expect(window.location.hash).toContain('&activation=relu&');

    window.location.hash = '#/lab?v=1&norm=none';
    await expect.poll(() => store.getState().config.norm).toBe('none');
    expect(store.getState().config).toEqual({ ...DEFAULT_CONFIG, norm: 'none' });
    expect(store.getState().comparison).toBe(null);
    expect(DEFAULT_CONFIG).toMatchObject({ activation: 'tanh', noise: 0.1 });
  });

  it('shows a way back for an unknown address', async () => {
    window.location.hash = '#/no/such/page';
    await render(<App />);
    await expect.element(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
    await expect.element(page.getByRole('link', { name: 'See all lessons' })).toBeVisible();
  });

  it('round-trips a command through the engine Web Worker with the same numbers as node', async () => {
    await render(<App />);
    const badge = page.getByText(/Engine: ready in a Web Worker/);
    await expect.element(badge).toBeVisible();
    const rng = new Rng(HANDSHAKE_SEED);
    const expected = Array.from({ length: 4 }, () => rng.nextUint32()).join(',');
    expect(badge.element().getAttribute('data-sample')).toBe(expected);
  });

  it('leaving the Lab cancels a running sweep and terminates its workers', async () => {
    window.location.hash = '#/lab?v=1&dataset=moons&sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=2000';
    await render(<App />);
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await expect.element(page.getByText(/of 3 done/)).toBeVisible();
    const before = terminate.mock.calls.length;
    expect(store.getState().sweepProgress?.state).toBe('running');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Course' }).click();
    await expect.element(page.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
    expect(store.getState().sweepProgress?.state).toBe('cancelled');
    expect(terminate.mock.calls.length).toBeGreaterThan(before);
    terminate.mockRestore();
  });
});
