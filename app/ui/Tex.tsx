// A KaTeX formula, rendered into its own span (bundled KaTeX and fonts; nothing fetched from
// a CDN). KaTeX writes MathML beside the HTML, so screen readers read the formula. KaTeX is
// loaded with the first formula (its code ui/katex-render.ts and its stylesheet ui/katex-style.ts,
// chunks of their own); until both arrive the span shows the formula's source, and once loaded
// every later formula renders before the first paint.

import { useLayoutEffect, useRef } from 'react';

type Render = typeof import('./katex-render.ts').renderTex;
let render: Render | null = null;
let loading: Promise<Render> | null = null;
let code: Promise<Render> | null = null;

/**
 * Fetches KaTeX's code without applying its stylesheet (the idle prefetch: a page without formulas
 * keeps its layout); a later formula then waits only for the sheet.
 */
export function prefetchTexCode(): Promise<Render> {
  code ??= import('./katex-render.ts').then(
    (m) => m.renderTex,
    (err: unknown) => {
      code = null; // the next formula tries again
      throw err;
    },
  );
  return code;
}

/**
 * Starts loading KaTeX, code and stylesheet (a page with formulas may call this early); resolves
 * to its renderer once both are in, so no formula is drawn unstyled.
 */
export function loadTex(): Promise<Render> {
  loading ??= Promise.all([prefetchTexCode(), import('./katex-style.ts')]).then(
    ([r]) => {
      render = r;
      return r;
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const span = ref.current;
    if (!span) return;
    if (render) {
      render(tex, span, display);
      return;
    }
    span.textContent = tex;
    let live = true;
    loadTex().then(
      (r) => {
        if (live) r(tex, span, display);
      },
      () => {
        // Offline with an outdated cache: the source stays readable.
      },
    );
    return () => {
      live = false;
    };
  }, [tex, display]);
  return <span ref={ref} className="tex" />;
}
