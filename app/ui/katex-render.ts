// KaTeX's code, in its own chunk: loaded by Tex.tsx the first time a formula is shown (and fetched
// at idle after the first paint), so pages without formulas (home, most of the Lab) never wait for
// it. Its stylesheet is a chunk of its own (katex-style.ts): applying it re-styles the whole page,
// a ~100 ms layout on a busy Lab, so only a page that shows a formula applies it.

import katex from 'katex';

export function renderTex(tex: string, into: HTMLElement, display: boolean): void {
  katex.render(tex, into, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
}
