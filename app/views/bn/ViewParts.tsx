// Small parts shared by the BN views: a view's title with a sentence in place of its chart (the
// empty states). Their run picker is ui/RunPicker.tsx.

import { type ReactNode, useId } from 'react';
import './bn.css';

/** A view's title and a sentence in place of its chart. */
export function ViewNotice({ title, children }: { title: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="bn-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {title}
      </h2>
      <p className="bn-empty">{children}</p>
    </section>
  );
}
