import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { loadExperiment } from '../runtime/actions.ts';
import { controller } from '../runtime/app-controller.ts';
import { store } from '../store/index.ts';
import { type RunView, SLOW_START_RATE, SLOW_START_STEPS } from '../store/run-slice.ts';
import '../styles.css';
import { LiveDock } from './LiveDock.tsx';
import { StatusLine, Transport, useTransportKeys } from './Transport.tsx';

function run(step: number, diverged: RunView['diverged'] = null): RunView {
  return {
    id: 'a',
    label: 'BatchNorm',
    color: 'var(--c-s0)',
    config: DEFAULT_CONFIG,
    step,
    lastLoss: 0.5,
    test: null,
    msPerStep: 0.2,
    diverged,
    layers: [],
  };
}

afterEach(() => {
  store.getState().setRuns([]);
  store.getState().setRunStatus('idle');
});

describe('StatusLine', () => {
  it('shows the step, but announces only changes of state, not every step', async () => {
    store.getState().setRuns([run(1234)]);
    store.getState().setRunStatus('training');
    const screen = await render(<StatusLine />);
    await expect.element(screen.getByText('Training')).toBeVisible();
    await expect.element(screen.getByText(/step 1,234/)).toBeVisible();
    const live = () => [...screen.container.querySelectorAll('[role="status"], [aria-live]')];
    expect(live().some((el) => el.textContent?.includes('Training'))).toBe(true);
    expect(live().some((el) => /step/.test(el.textContent ?? ''))).toBe(false);

    store.getState().setRuns([run(1300, { step: 1290, loss: Number.NaN, cause: 'learning rate too high' })]);
    store.getState().setRunStatus('diverged');
    await expect.element(page.getByRole('status').filter({ hasText: 'diverged at step 1290' })).toBeVisible();
    expect(live().some((el) => el.textContent?.includes('Diverged'))).toBe(true);
  });

  it('offers a Reload button only when the engine could not load, not for an error Reset mends', async () => {
    store.getState().setRunStatus('error', 'The engine could not load. Reload the page to continue.', true);
    const screen = await render(<StatusLine />);
    await expect.element(screen.getByRole('button', { name: 'Reload the page' })).toBeVisible();
    store.getState().setRunStatus('error', 'The engine stopped responding. Press Reset to start it again.');
    await expect.element(screen.getByText(/The engine stopped responding/)).toBeVisible();
    expect(screen.container.querySelector('button')).toBe(null);
  });
});

describe('StatusLine in the live dock on a phone', () => {
  afterEach(async () => {
    await page.viewport(1280, 800);
  });

  it('keeps a long divergence note to two lines in the sticky dock, with More showing all of it', async () => {
    await page.viewport(390, 844);
    // Lesson 5's setup at step 300: the plain run diverged at step 5 (the engine's divergenceCause).
    const cause =
      'learning rate 3 is too high for this setup; try a smaller one (normalization lets a network tolerate higher rates)';
    store.getState().setRuns([
      { ...run(5, { step: 5, loss: Number.NaN, cause }), id: 'a', label: 'No norm' },
      { ...run(300), id: 'b', label: 'BatchNorm' },
    ]);
    store.getState().setRunStatus('paused');
    const screen = await render(<LiveDock knobs={['lr']} />);
    const box = screen.container.querySelector('.live-dock .status') as HTMLElement;
    const lineHeight = Number.parseFloat(
      getComputedStyle(box.querySelector('.status-text') as Element).lineHeight,
    );
    const more = screen.getByRole('button', { name: 'More of the status' });
    await expect.element(more).toBeVisible();
    // Two lines of text (and the box's padding and border), not the five the note needs at 390 px.
    expect(box.getBoundingClientRect().height).toBeLessThanOrEqual(2 * lineHeight + 12);
    // Screen readers still hear the whole note: the clamp is visual.
    expect(box.textContent).toContain('normalization lets a network tolerate higher rates');

    await more.click();
    const less = screen.getByRole('button', { name: 'Less of the status' });
    await expect.element(less).toHaveAttribute('aria-expanded', 'true');
    expect(box.getBoundingClientRect().height).toBeGreaterThan(3 * lineHeight);
    const text = box.querySelector('.status-text') as HTMLElement;
    expect(text.scrollHeight).toBeLessThanOrEqual(text.clientHeight + 1);
    await less.click();
    await expect.element(screen.getByRole('button', { name: 'More of the status' })).toBeVisible();
  });

  it('offers no More button when the status fits, or on a wide screen', async () => {
    await page.viewport(390, 844);
    store.getState().setRuns([run(300)]);
    store.getState().setRunStatus('paused');
    const screen = await render(<LiveDock knobs={['lr']} />);
    await expect.element(screen.getByText(/step 300/)).toBeVisible();
    expect(screen.container.querySelector('.status-more')).toBe(null);

    await page.viewport(1280, 800);
    store
      .getState()
      .setRuns([run(5, { step: 5, loss: Number.NaN, cause: 'learning rate 3 is too high for this setup' })]);
    await expect.element(page.getByRole('status').filter({ hasText: 'diverged at step 5' })).toBeVisible();
    const more = screen.container.querySelector('.status-more');
    expect(more === null || getComputedStyle(more).display === 'none').toBe(true);
  });
});

describe('Transport', () => {
  it('opens at a slow start: Play shows the first steps at SLOW_START_RATE per second, not thousands', async () => {
    loadExperiment(DEFAULT_CONFIG, null);
    const screen = await render(<Transport />);
    await expect.element(screen.getByLabelText('Speed')).toHaveDisplayValue(/^Slow start/);
    const step = () => Math.max(0, ...store.getState().runs.map((r) => r.step));
    await screen.getByRole('button', { name: 'Play' }).click();
    await expect.poll(step, { timeout: 15_000 }).toBeGreaterThan(10);
    const started = performance.now();
    const from = step();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rate = ((step() - from) * 1000) / (performance.now() - started);
    controller().pause();
    // At full speed this network trains thousands of steps a second; under load it may be slower than the rate.
    expect(rate).toBeLessThanOrEqual(SLOW_START_RATE * 1.5);
    expect(step()).toBeLessThan(SLOW_START_STEPS);
  });
});

function Shortcuts() {
  useTransportKeys();
  return (
    <form aria-label="Controls">
      <label>
        <input type="checkbox" /> A box
      </label>
      <label>
        <input type="radio" name="r" /> A guess
      </label>
    </form>
  );
}

describe('useTransportKeys: Space', () => {
  afterEach(() => {
    controller().pause();
    loadExperiment(DEFAULT_CONFIG, null);
  });

  it('on a checkbox or a radio operates that control and leaves Play alone; elsewhere it plays', async () => {
    loadExperiment(DEFAULT_CONFIG, null);
    await render(<Shortcuts />);
    const box = page.getByRole('checkbox', { name: 'A box' });
    const radio = page.getByRole('radio', { name: 'A guess' });
    (box.element() as HTMLElement).focus();
    await userEvent.keyboard(' ');
    await expect.element(box).toBeChecked();
    (radio.element() as HTMLElement).focus();
    await userEvent.keyboard(' ');
    await expect.element(radio).toBeChecked();
    await new Promise((r) => setTimeout(r, 300));
    expect(store.getState().status).not.toBe('training');

    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard(' ');
    await expect.poll(() => store.getState().status, { timeout: 15_000 }).toBe('training');
  });
});
