// Lesson 13: a run (the picked one, by default the first with a normalizer) is folded by its
// worker (`fold` request, a copy: the run keeps training unchanged) when training pauses at a new
// step, or on "Fold now".
// FoldPanel reads the store and sends the request through the controller; FoldView draws.

import { type ReactNode, useCallback, useMemo } from 'react';
import type { FoldResult } from '#engine';
import { controller } from '../../runtime/app-controller.ts';
import { useStore } from '../../store/index.ts';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { useRunMeasurement } from '../run-measurement.ts';
import { FoldNotice, FoldView } from './FoldView.tsx';
import { FOLD_IMAGES, FOLD_TRAIN_BATCH } from './fold-format.ts';

export const FOLD_NOT_TRAINED = 'Train the model first (press Play): folding uses its running statistics.';
/** A pause re-folds after this delay, so a burst of pauses sends one request. */
const REFOLD_DELAY_MS = 300;

interface FoldRun {
  id: string;
  label: string;
  color: string;
  trained: boolean;
  /** The run has a normalizer to fold (none vs BatchNorm starts on the BN run). */
  normalizes: boolean;
}

export function FoldPanel() {
  // Which runs exist and whether each has trained, not their per-round numbers (no re-render per round).
  const runsKey = useStore((s) =>
    JSON.stringify(
      s.runs.map(
        (r): FoldRun => ({
          id: r.id,
          label: r.label,
          color: r.color,
          trained: r.step > 0,
          normalizes: r.config.norm !== 'none',
        }),
      ),
    ),
  );
  const runs = useMemo(() => JSON.parse(runsKey) as FoldRun[], [runsKey]);
  const { run, pick } = usePickedRun(runs, (r) => r.normalizes);
  if (!run?.trained) return <FoldNotice>{FOLD_NOT_TRAINED}</FoldNotice>;
  const toolbar = <RunPicker runs={runs} value={run.id} onChange={pick} />;
  return <LiveFold key={run.id} runId={run.id} toolbar={toolbar} />;
}

function LiveFold({ runId, toolbar }: { runId: string; toolbar: ReactNode }) {
  const ask = useCallback(
    async (signal: AbortSignal) =>
      (
        await controller().request(
          { type: 'fold', runId, count: FOLD_IMAGES, batchSize: FOLD_TRAIN_BATCH },
          signal,
        )
      ).result,
    [runId],
  );
  // Fold on mount and whenever training pauses at a new step: the table shows the model as it is.
  const {
    result,
    pending,
    failure,
    measure: fold,
  } = useRunMeasurement<FoldResult>(runId, ask, REFOLD_DELAY_MS);
  const stale = useStore(
    (s) => result !== null && (s.runs.find((r) => r.id === runId)?.step ?? result.step) !== result.step,
  );

  return (
    <>
      <FoldView result={result} pending={pending} stale={stale} onFold={fold} toolbar={toolbar} />
      {failure && (
        <p className="notice notice-error" role="alert">
          The engine could not fold the model: {failure}. Train it a little and press Fold now.
        </p>
      )}
    </>
  );
}
