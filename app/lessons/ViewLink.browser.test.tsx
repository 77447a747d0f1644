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

  it('in a sticky live column beside the text, scrolls that column so the whole card top shows', async () => {
    // The wide-screen lesson layout: text on the left, the live figure in its own sticky,
    // scrolling column on the right.
    await render(
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', alignItems: 'start' }}>
        <div>
          <div style={{ height: 1500 }} />
          <p>
            Watch <ViewLink view="runs">the run table</ViewLink> as it trains.
          </p>
          <div style={{ height: 3000 }} />
        </div>
        <div
          data-testid="column"
          style={{ position: 'sticky', top: 8, maxHeight: 'calc(100vh - 16px)', overflowY: 'auto' }}
        >
          <div style={{ height: 2000 }} />
          <ViewCard id="runs" place="lesson" />
          <div style={{ height: 2000 }} />
        </div>
      </div>,
    );
    const card = document.querySelector('[data-view="runs"]') as HTMLElement;
    const column = page.getByTestId('column').element() as HTMLElement;
    const link = page.getByRole('button', { name: 'the run table' });
    (link.element() as HTMLElement).scrollIntoView({ block: 'center' });
    const pageScroll = window.scrollY;
    (link.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    const offset = () => card.getBoundingClientRect().top - column.getBoundingClientRect().top;
    await expect.poll(offset).toBeLessThan(40);
    // Settled: the card's top stays inside the column (not scrolled past it), and the text the
    // reader was reading did not move.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(offset()).toBeGreaterThanOrEqual(0);
    expect(offset()).toBeLessThan(40);
    expect(window.scrollY).toBe(pageScroll);
  });

  it('on the page, stops just below a sticky bar (measured: here taller than any constant) and re-aims when the view moves while scrolling', async () => {
    // A phone's lesson: the live dock sticks to the top of the screen, a view far below it, and
    // a view above the target that grows as its chart arrives, while the page is scrolling.
    await render(
      <>
        <div data-testid="bar" data-sticky-bar style={{ position: 'sticky', top: 0, height: 170, zIndex: 1 }}>
          Play
        </div>
        <div data-testid="grows" style={{ height: 1500 }} />
        <ViewCard id="runs" place="lesson" />
        <div style={{ height: 3000 }} />
        <p>
          Watch <ViewLink view="runs">the run table</ViewLink> as it trains.
        </p>
      </>,
    );
    const card = document.querySelector('[data-view="runs"]') as HTMLElement;
    const bar = page.getByTestId('bar').element() as HTMLElement;
    const link = page.getByRole('button', { name: 'the run table' });
    (link.element() as HTMLElement).scrollIntoView({ block: 'center' });
    (link.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await new Promise((resolve) => setTimeout(resolve, 100));
    (page.getByTestId('grows').element() as HTMLElement).style.height = '1800px';
    const gap = () => card.getBoundingClientRect().top - bar.getBoundingClientRect().bottom;
    await expect.poll(gap, { timeout: 3000 }).toBeGreaterThanOrEqual(0);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(gap()).toBeGreaterThanOrEqual(0);
    expect(gap()).toBeLessThan(24);
  });
});
