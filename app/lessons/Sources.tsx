// The references a lesson ends with: papers (authors, year, title, where) and framework docs by
// name. Each lesson keeps its own list in `lesson-N/sources.ts`; this renders any of them.

import type { Reference } from './lesson-types.ts';

export function Sources({ references }: { references: readonly Reference[] }) {
  return (
    <section className="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      <ul>
        {references.map((r) => (
          <li key={`${r.authors} ${r.year} ${r.title}`}>
            {r.authors} ({r.year}). <cite>{r.title}</cite>
            {r.where ? `. ${r.where}` : ''}.{r.note ? ` ${r.note}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
