// Lesson 12's fit table, presentational: metrics down, one column per run (train/test accuracy, the
// gap, the loss gap, weight norm, effective step). Props only, for the browser test.

import { useId } from 'react';
import type { FitResult } from '#engine';
import { fitRows } from './fit-layout.ts';
import './noise.css';

export const FIT_TITLE = 'Train/test gap';

export interface FitTableProps {
  runs: { id: string; label: string; color: string }[];
  fits: (FitResult | null)[];
  step: number | null;
  pending: boolean;
  /** Measure now (a model too costly to measure at every pause); absent when measured by itself. */
  onMeasure?: () => void;
}

export function FitTable({ runs, fits, step, pending, onMeasure }: FitTableProps) {
  const titleId = useId();
  const rows = fitRows(fits);
  const any = fits.some((f) => f !== null);
  return (
    <section className="noise-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {FIT_TITLE}
      </h2>
      <p className="hint" aria-busy={pending}>
        {any
          ? `At step ${step ?? '—'}, eval mode, over all training and test digits.`
          : onMeasure
            ? 'Pause training, then press Measure (all training and test digits).'
            : 'Measured on all training and test digits when training pauses.'}
      </p>
      {onMeasure && (
        <div className="noise-controls">
          <button type="button" className="button" onClick={onMeasure} aria-busy={pending}>
            Measure
          </button>
        </div>
      )}
      {any && (
        <table className="run-table">
          <caption className="sr-only">{FIT_TITLE}</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {runs.map((r) => (
                <th scope="col" key={r.id}>
                  <span className="swatch" style={{ background: r.color }} /> {r.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.values.map((v, i) => (
                  <td key={runs[i]?.id ?? i}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
