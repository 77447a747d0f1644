import { useRef } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { store } from '../store/index.ts';
import { useLiveTick } from './live.ts';

/** Shows the store's tick as of its last render, placed `top` px down a tall page. */
function TickProbe({ top, minIntervalMs = 0 }: { top: number; minIntervalMs?: number }) {
  const ref = useRef<HTMLOutputElement>(null);
  useLiveTick(ref, minIntervalMs);
  return (
    <div style={{ paddingTop: top, height: top + 4000 }}>
      <output ref={ref} aria-label="probe">
        tick {store.getState().tick}
      </output>
    </div>
  );
}

const tick = () => store.getState().bumpTick();
const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const next = (k: number) => (k === 0 ? resolve() : requestAnimationFrame(() => next(k - 1)));
    next(n);
  });

describe('useLiveTick', () => {
  beforeEach(() => window.scrollTo(0, 0));

  it('renders the new tick while on screen', async () => {
    await render(<TickProbe top={0} />);
    const probe = page.getByRole('status', { name: 'probe' });
    tick();
    await expect.element(probe).toHaveTextContent(`tick ${store.getState().tick}`);
  });

  it('skips ticks while off screen and catches up once scrolled into view', async () => {
    await render(<TickProbe top={3000} />);
    const probe = page.getByRole('status', { name: 'probe' });
    await frames(3); // the visibility observer has reported
    const before = probe.element().textContent;
    tick();
    tick();
    await frames(3);
    expect(probe.element().textContent).toBe(before); // an off-screen part costs nothing
    probe.element().scrollIntoView();
    await expect.element(probe).toHaveTextContent(`tick ${store.getState().tick}`);
  });

  it('renders at most once per interval, and always the latest tick', async () => {
    await render(<TickProbe top={0} minIntervalMs={300} />);
    const probe = page.getByRole('status', { name: 'probe' });
    tick();
    await expect.element(probe).toHaveTextContent(`tick ${store.getState().tick}`);
    const shown = store.getState().tick;
    tick();
    tick();
    await new Promise((r) => setTimeout(r, 100));
    expect(probe.element().textContent).toBe(`tick ${shown}`); // too soon
    await expect.element(probe).toHaveTextContent(`tick ${shown + 2}`);
  });
});
