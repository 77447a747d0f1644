// The fold view's body, presentational (lesson 13): a before/after table of the folded model and
// the two comparisons, eval mode (the fold's promise) and train mode (what it does not keep).
// Props only, so browser tests render it from a fixed FoldResult.

import { type ReactNode, useId } from 'react';
import type { FoldResult } from '#engine';
import { evalLine, foldRows, leftNote, trainLine } from './fold-format.ts';
import './fold.css';

export const FOLD_TITLE = 'Folding BatchNorm for deployment';

export interface FoldViewProps {
  result: FoldResult | null;
  pending: boolean;
  /** The model has trained since `result` (folded again when training pauses). */
  stale?: boolean;
  onFold: () => void;
  toolbar?: ReactNode;
}

export function FoldView({ result, pending, stale = false, onFold, toolbar }: FoldViewProps) {
  const titleId = useId();
  const note = result ? leftNote(result) : null;
  return (
    <section className="fold-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {FOLD_TITLE}
      </h2>
      <div className="fold-controls">
        {toolbar}
        <button type="button" className="button primary" onClick={onFold} aria-busy={pending}>
          Fold now
        </button>
        {result && (
          <span className="fold-step" role="status">
            Folded at step {result.step.toLocaleString('en-US')}
            {stale ? ' · the model has trained since: folded again when training pauses' : ''}
          </span>
        )}
      </div>
      {result ? (
        <>
          <table className="fold-table" aria-label="Before and after folding">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">Before</th>
                <th scope="col">Folded</th>
              </tr>
            </thead>
            <tbody>
              {foldRows(result).map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td>{row.before}</td>
                  <td>
                    {row.after}
                    {row.note && <span className="fold-saving">{row.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="fold-eval">{evalLine(result)}</p>
          {trainLine(result) && <p className="fold-train">{trainLine(result)}</p>}
          {note && <p className="fold-note">{note}</p>}
        </>
      ) : (
        <p className="fold-hint">{pending ? 'Folding…' : 'Press Fold now to fold the trained model.'}</p>
      )}
    </section>
  );
}

/** The view's title and a sentence in place of its body (the empty states). */
export function FoldNotice({ children }: { children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="fold-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {FOLD_TITLE}
      </h2>
      <p className="fold-hint">{children}</p>
    </section>
  );
}
