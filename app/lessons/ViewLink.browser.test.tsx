import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { ViewCard } from '../lab/views.tsx';
import { REVEAL_HIGHLIGHT_MS } from '../ui/reveal.ts';
import { ViewLink } from './ViewLink.tsx';

const inViewport = (el: Element) => {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
};

describe('ViewLink (a view named in lesson text)', () => {
  it('brings the named view into sight from the keyboard and highlights it for a moment', async () => {
    await render(
      <>
        <p>
          Watch <ViewLink view="runs">the run table</ViewLink> as it trains.
        </p>
        <div style={{ height: 3000 }} />
        <ViewCard id="runs" place="lesson" />
        <div style={{ height: 3000 }} />
      </>,
    );
    const card = document.querySelector('[data-view="runs"]') as HTMLElement;
    expect(card).not.toBe(null);
    expect(inViewport(card)).toBe(false);

    const link = page.getByRole('button', { name: 'the run table' });
    (link.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => inViewport(card)).toBe(true);
    expect(card.classList.contains('revealed')).toBe(true);
    await expect
      .poll(() => card.classList.contains('revealed'), { timeout: REVEAL_HIGHLIGHT_MS + 2000 })
      .toBe(false);
  });
});
