// Formulas in lesson text: a displayed equation (scrolls sideways on a narrow screen rather
// than overflowing) and inline math, both typeset by the bundled KaTeX (which also writes
// MathML, so screen readers read them).

import { Tex } from '../ui/Tex.tsx';

export function Formula({ tex }: { tex: string }) {
  return (
    <div className="formula">
      <Tex tex={tex} display />
    </div>
  );
}

export function M({ tex }: { tex: string }) {
  return <Tex tex={tex} />;
}
