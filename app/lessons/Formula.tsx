// Formulas in lesson text, typeset by the bundled KaTeX (which also writes MathML, so screen
// readers read them). A displayed formula made of several equations side by side (separated by
// `\qquad`) wraps them onto separate lines on a narrow screen instead of overflowing; a single
// equation too wide for the screen scrolls sideways inside its own box.

import { Tex } from '../ui/Tex.tsx';

export function Formula({ tex }: { tex: string }) {
  const parts = tex.split(String.raw`\qquad`).map((p) => p.trim());
  return (
    <div className="formula">
      {parts.map((part) => (
        <Tex key={part} tex={part} display />
      ))}
    </div>
  );
}

export function M({ tex }: { tex: string }) {
  return <Tex tex={tex} />;
}
