// The run picker of the per-run model views (diagnostics, the network diagram's unit pictures):
// in a comparison, a radio group with each run's colour chooses which run the view shows.

import { useId } from 'react';

/** A radio group choosing which run a per-run view shows. */
export function RunPicker({
  runs,
  value,
  onChange,
  label = 'Run',
}: {
  runs: readonly { id: string; label: string; color: string }[];
  value: string;
  onChange: (id: string) => void;
  label?: string;
}) {
  const name = useId();
  return (
    <fieldset className="model-run-picker">
      <legend>{label}</legend>
      {runs.map((r) => (
        <label key={r.id}>
          <input type="radio" name={name} checked={r.id === value} onChange={() => onChange(r.id)} />
          <span className="swatch" style={{ background: r.color }} />
          {r.label}
        </label>
      ))}
    </fieldset>
  );
}
