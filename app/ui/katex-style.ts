// KaTeX's stylesheet (and, through it, its woff2 fonts), apart from its code (katex-render.ts):
// importing this module applies the sheet. Tex.tsx imports it with the first formula it shows,
// never in the idle prefetch, because a new sheet makes the browser re-style and lay out the whole
// page (a 96-117 ms task on the Lab at its largest settings, issue 21).

import 'katex/dist/katex.min.css';
