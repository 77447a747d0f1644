// A phrase in a lesson's text that names a live view ("the diagnostics view"): pressing it
// scrolls that view's card into sight and highlights it (ui/reveal.ts). A button, not a link:
// it moves the reader within the page and changes no address (the hash is the app's route).

import type { ReactNode } from 'react';
import type { ViewId } from '../lab/views.tsx';
import { revealView } from '../ui/reveal.ts';

export function ViewLink({ view, children }: { view: ViewId; children: ReactNode }) {
  return (
    <button type="button" className="view-link" onClick={() => revealView(view)}>
      {children}
    </button>
  );
}
