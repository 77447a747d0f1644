// One row per run: its latest numbers, as text (also what a screen reader hears).

import { useRef } from 'react';
import { store, useStore } from '../store/index.ts';
import { useLiveTick } from '../ui/live.ts';
import { useEvalSetText } from './eval-set.ts';
import { formatAccuracy, formatLoss, formatMsPerStep, formatRunStep } from './run-table-format.ts';

/** Re-renders when the set of runs changes, and with the training tick while on screen. */
export function RunTable() {
  const ref = useRef<HTMLTableElement>(null);
  useStore((s) => s.runs.map((r) => `${r.id}|${r.label}|${r.color}|${r.diverged ? 'd' : ''}`).join(','));
  useLiveTick(ref);
  const evalSet = useEvalSetText();
  const runs = store.getState().runs;
  return (
    <table className="run-table lab-run-table" ref={ref}>
      <caption className="sr-only">Runs</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Step</th>
          <th scope="col">Train loss</th>
          {/* A 360 px phone has no room for "accuracy" over numbers half as wide: it reads
              "Test acc." there (styles.css), and a screen reader hears the whole name. MNIST runs
              are scored on the evaluation subset, and the header says so. */}
          <th scope="col" aria-label={evalSet ? `Test accuracy on ${evalSet}` : 'Test accuracy'}>
            <span className="run-table-long">Test accuracy</span>
            <span className="run-table-short">Test acc.</span>
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
            <td>{formatRunStep(r.step)}</td>
            <td>{r.diverged ? 'diverged' : formatLoss(r.lastLoss)}</td>
            <td>{formatAccuracy(r.test?.accuracy)}</td>
            <td>{formatMsPerStep(r.msPerStep)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
