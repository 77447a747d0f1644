// Small parts shared by the BN views: the run picker (when a comparison has several runs that
// qualify) and a view's title with a sentence in place of its chart (the empty states).

import { type ReactNode, useId } from 'react';
import { Select } from '../../ui/controls.tsx';
import type { ObservedRun } from './use-observed.ts';
import './bn.css';

/** The run picker shown when a comparison has several runs that qualify. */
export function RunPicker({
  runs,
  value,
  onChange,
}: {
  runs: ObservedRun[];
  value: string;
  onChange: (id: string) => void;
}) {
  if (runs.length < 2) return null;
  return (
    <Select
      label="Run"
      value={value}
      options={runs.map((r) => ({ value: r.id, label: r.label }))}
      onChange={onChange}
    />
  );
}

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
