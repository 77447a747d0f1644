// A view's card offers PNG and SVG downloads only when there is a figure to export: not beside a
// lazy view's "loading…" line, and not on the Sweep card before its first point (which says
// what it will draw instead).

import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { store } from '../store/index.ts';
import { ViewCard } from './views.tsx';

afterEach(() => store.getState().setSweepProgress(null));

describe('ViewCard downloads', () => {
  it('a lazy view shows no PNG/SVG while its chunk loads, and offers them once it is in', async () => {
    // Every state the card passed through, sampled on each DOM change from the first commit on.
    const seen: { loading: boolean; exports: boolean }[] = [];
    const observer = new MutationObserver(() => {
      const card = document.querySelector('[data-view="smoothness"]');
      if (card)
        seen.push({
          loading: card.querySelector('.view-loading') !== null,
          exports: card.querySelector('.chart-export') !== null,
        });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    await render(<ViewCard id="smoothness" place="lesson" />);
    await expect.element(page.getByRole('button', { name: /as PNG$/ })).toBeVisible();
    observer.disconnect();
    expect(seen.some((s) => s.loading)).toBe(true); // the chunk was not in yet: the case under test
    expect(seen.filter((s) => s.loading && s.exports)).toEqual([]);
  });

  it('the Sweep card says what it will plot, and offers downloads only once it has a point', async () => {
    await render(<ViewCard id="sweep" place="lesson" />);
    await expect
      .element(page.getByText(/^Run sweep to plot the final training loss against the learning rate/))
      .toBeVisible();
    expect(page.getByRole('button', { name: /as (PNG|SVG)$/ }).elements()).toHaveLength(0);

    store.getState().setSweepProgress({
      done: 1,
      total: 7,
      stepsDone: 300,
      stepsTotal: 2100,
      etaSeconds: 10,
      results: [
        { runId: 'main', value: 0.1, finalLoss: 0.3, testAccuracy: 0.9, testLoss: 0.3, divergedAt: null },
      ],
      skipped: [],
      state: 'running',
      error: null,
    });
    await expect.element(page.getByRole('button', { name: 'Download Sweep as PNG' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Download Sweep as SVG' })).toBeVisible();
    expect(page.getByText(/^Run sweep to plot/).elements()).toHaveLength(0);
  });
});
