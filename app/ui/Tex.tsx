// A KaTeX formula, rendered into its own span (bundled KaTeX and fonts; nothing fetched from
// a CDN). KaTeX writes MathML beside the HTML, so screen readers read the formula.

import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useLayoutEffect, useRef } from 'react';

export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (ref.current)
      katex.render(tex, ref.current, { throwOnError: false, displayMode: display, output: 'htmlAndMathml' });
  }, [tex, display]);
  return <span ref={ref} className="tex" />;
}
