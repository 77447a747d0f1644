// KaTeX and its stylesheet, in their own chunk: loaded by Tex.tsx the first time a formula is
// shown, so pages without formulas (home, most of the Lab) never download them.

import katex from 'katex';
import 'katex/dist/katex.min.css';

export function renderTex(tex: string, into: HTMLElement, display: boolean): void {
  katex.render(tex, into, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
}
