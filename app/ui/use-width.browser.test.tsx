// Charts size themselves to their card with useWidth. The first frame the reader sees must already
// have the card's width: a first frame at the 480 px guess scrolls a phone's card sideways.

import { useRef } from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { useWidth } from './use-width.ts';

function Sized() {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  return (
    <div ref={ref} style={{ padding: '0 10px' }}>
      <svg width={width} height={10} />
    </div>
  );
}

describe('useWidth', () => {
  it('reads the content width before the first paint, then follows resizes', async () => {
    const screen = await render(
      <div style={{ width: 320 }} data-testid="box">
        <Sized />
      </div>,
    );
    // Read as soon as render returns: the width comes from the layout effect, not a later observer
    // callback (the next test is the one that tells the two apart reliably).
    const svg = screen.container.querySelector('svg');
    expect(svg?.getAttribute('width')).toBe('300');
    (screen.getByTestId('box').element() as HTMLElement).style.width = '420px';
    await expect.poll(() => svg?.getAttribute('width')).toBe('400');
  });

  it('never goes below its minimum', async () => {
    const screen = await render(
      <div style={{ width: 100 }}>
        <Sized />
      </div>,
    );
    expect(screen.container.querySelector('svg')?.getAttribute('width')).toBe('240');
  });
});
