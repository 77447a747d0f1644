// One row per run: its latest numbers, as text (also what a screen reader hears).

import { useStore } from '../store/index.ts';

function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

export function RunTable() {
  const runs = useStore((s) => s.runs);
  return (
    <table className="run-table">
      <caption className="sr-only">Runs</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Step</th>
          <th scope="col">Train loss</th>
          <th scope="col">Test accuracy</th>
          <th scope="col">ms / step</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <th scope="row">
              <span className="swatch" style={{ background: r.color }} /> {r.label}
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
