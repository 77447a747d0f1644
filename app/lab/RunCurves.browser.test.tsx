// The run charts speak the units and the keys the rest of the page does: accuracy in % on its axis
// as in the run table and the lessons' text, and no Space key where the screen is only touched.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { DEFAULT_CONFIG } from '#engine';
import { loadExperiment } from '../runtime/actions.ts';
import { controller } from '../runtime/app-controller.ts';
import { store } from '../store/index.ts';
import { TOUCH_ONLY_QUERY } from '../ui/keyboard-hints.ts';
import { AccuracyChart, LossChart } from './RunCurves.tsx';
import { StatusLine } from './Transport.tsx';

/** Makes the page answer the touch-only media query as a phone does. */
function asTouchScreen() {
  const real = window.matchMedia.bind(window);
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) =>
    query === TOUCH_ONLY_QUERY ? ({ ...real(query), matches: true } as MediaQueryList) : real(query),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
  controller().reset();
  store.getState().setRunStatus('idle');
});

describe('AccuracyChart', () => {
  it('ticks its axis in % (0 % to 100 %) and reads out in %, like the run table', async () => {
    loadExperiment(DEFAULT_CONFIG, null);
    await render(<AccuracyChart />);
    controller().step(25);
    await expect.poll(() => store.getState().runs[0]?.test !== null, { timeout: 15_000 }).toBe(true);
    const chart = page.getByRole('img', { name: /^Test accuracy\./ });
    await expect
      .element(chart)
      .toHaveAttribute('aria-label', expect.stringMatching(/: \d+\.\d % at step 25/));
    const ticks = () =>
      [...chart.element().querySelectorAll('g.y-axis .tick text')].map((t) => t.textContent ?? '');
    await expect.poll(ticks).toContain('100 %');
    expect(ticks()).toContain('0 %');
    for (const t of ticks()) expect(t).toMatch(/^\d+ %$/);
  });
});

describe('keyboard hints', () => {
  it('name Space where there is a keyboard', async () => {
    loadExperiment(DEFAULT_CONFIG, null);
    await render(
      <>
        <StatusLine />
        <LossChart />
      </>,
    );
    await expect.element(page.getByText('Ready: press Play (or Space) to train')).toBeVisible();
    await expect.element(page.getByText('Press Play (or Space) to start training.')).toBeInTheDocument();
  });

  it('leave Space out on a touch-only screen, which has no Space bar', async () => {
    asTouchScreen();
    loadExperiment(DEFAULT_CONFIG, null);
    await render(
      <>
        <StatusLine />
        <LossChart />
      </>,
    );
    await expect.element(page.getByText('Ready: press Play to train')).toBeVisible();
    await expect.element(page.getByText('Press Play to start training.')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('Space');
  });
});
