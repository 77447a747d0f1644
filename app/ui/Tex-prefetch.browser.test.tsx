// Its own file: KaTeX's loading state is per module, and here it must start unloaded.
import { expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { prefetchTexCode, Tex } from './Tex.tsx';

it('the idle prefetch fetches KaTeX without styling the page; the first formula applies the sheet', async () => {
  // An element KaTeX's sheet would style: its font family tells whether the sheet is applied.
  const probe = document.createElement('span');
  probe.className = 'katex';
  document.body.append(probe);
  const font = () => getComputedStyle(probe).fontFamily;

  await prefetchTexCode();
  // A sheet applied now would re-style and lay out the whole page (a ~100 ms task on a busy Lab).
  expect(font()).not.toContain('KaTeX');

  const { container } = await render(<Tex tex="\hat{x}" />);
  await expect
    .poll(() => container.querySelector('.katex annotation')?.textContent, { timeout: 15_000 })
    .toBe('\\hat{x}');
  expect(font()).toContain('KaTeX_Main');
  probe.remove();
});
