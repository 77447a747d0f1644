import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { Tex } from './Tex.tsx';

const annotation = (el: Element) => el.querySelector('.katex annotation')?.textContent;

describe('Tex', () => {
  it('typesets with KaTeX once its chunk has loaded, with MathML for screen readers', async () => {
    const tex = String.raw`\hat{x} = \frac{x - \mu}{\sigma}`;
    const { container } = await render(<Tex tex={tex} display />);
    await expect.poll(() => annotation(container), { timeout: 15_000 }).toBe(tex);
    expect(container.querySelector('.katex-display math')).not.toBeNull();
  });

  it('a formula shown after KaTeX loaded renders at once (no source text first)', async () => {
    const first = await render(<Tex tex="z^2" />);
    await expect.poll(() => annotation(first.container), { timeout: 15_000 }).toBe('z^2');
    const again = await render(<Tex tex="y_1" />);
    expect(annotation(again.container)).toBe('y_1');
  });
});
