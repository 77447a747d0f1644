// One row per run: its latest numbers, as text (also what a screen reader hears).

import { useRef } from 'react';
import { store, useStore } from '../store/index.ts';
import { useLiveTick } from '../ui/live.ts';
import { useEvalSetText } from './eval-set.ts';

function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** Re-renders when the set of runs changes, and with the training tick while on screen. */
export function RunTable() {
  const ref = useRef<HTMLTableElement>(null);
  useStore((s) => s.runs.map((r) => `${r.id}|${r.label}|${r.color}|${r.diverged ? 'd' : ''}`).join(','));
  useLiveTick(ref);
  const evalSet = useEvalSetText();
  const runs = store.getState().runs;
  return (
    <table className="run-table" ref={ref}>
      <caption className="sr-only">Runs</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Step</th>
          <th scope="col">Train loss</th>
          <th scope="col">
            Test accuracy
            {evalSet && <span className="th-note">on {evalSet}</span>}
          </th>
          <th scope="col">ms / step</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <th scope="row">
              <span className="swatch" style={{ background: r.color }} />
              {r.label}
            </th>
            <td>{r.step.toLocaleString('en-US')}</td>
            <td>{r.diverged ? 'diverged' : fmt(r.lastLoss)}</td>
            <td>{r.test ? `${(r.test.accuracy * 100).toFixed(1)} %` : '—'}</td>
            <td>{r.msPerStep ? r.msPerStep.toFixed(2) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
