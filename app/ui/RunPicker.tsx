// The one run picker of the per-run views (diagnostics, unit pictures, the BN views, serving,
// feature maps, folding, spread, the code twin): in a comparison, a radio group with each run's
// colour and label chooses which run the view shows. Which run that is, is `usePickedRun`'s rule
// (ui/use-picked-run.ts). Styles: `.run-picker` in styles.css.

import { useId } from 'react';

/** What the picker shows of a run. */
export interface PickableRun {
  id: string;
  label: string;
  color: string;
}

/**
 * A radio group choosing which run a per-run view shows; nothing when there is one run or none
 * to choose from. Native radios sharing a name: Tab enters the group, the arrow keys move the choice.
 */
export function RunPicker({
  runs,
  value,
  onChange,
  label = 'Run',
}: {
  runs: readonly PickableRun[];
  value: string;
  onChange: (id: string) => void;
  /** The group's legend, e.g. "Diagnostics of run". */
  label?: string;
}) {
  const name = useId();
  if (runs.length < 2) return null;
  return (
    <fieldset className="run-picker">
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
