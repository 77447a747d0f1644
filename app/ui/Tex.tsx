// A KaTeX formula, rendered into its own span (bundled KaTeX and fonts; nothing fetched from
// a CDN). KaTeX writes MathML beside the HTML, so screen readers read the formula. KaTeX is
// loaded with the first formula (ui/katex-render.ts, its own chunk); until it arrives the span
// shows the formula's source, and once loaded every later formula renders before the first paint.

import { useLayoutEffect, useRef } from 'react';

type Render = typeof import('./katex-render.ts').renderTex;
let render: Render | null = null;
let loading: Promise<Render> | null = null;

/** Starts loading KaTeX (a page with formulas may call this early); resolves to its renderer. */
export function loadTex(): Promise<Render> {
  loading ??= import('./katex-render.ts').then(
    (m) => {
      render = m.renderTex;
      return m.renderTex;
    },
    (err: unknown) => {
      loading = null; // the next formula tries again
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
