// Lesson 12's panels ask their run's worker for a measurement whenever training pauses at a new
// step (and when their own inputs change); a newer request supersedes an older one, and leaving
// the page cancels what is in flight.

import { useEffect, useState } from 'react';
import { useStore } from '../../store/index.ts';

export interface Settled<T> {
  value: T | null;
  /** The step of the model that produced `value`. */
  step: number | null;
  pending: boolean;
  failure: string | null;
}

/**
 * Runs `ask` (with an AbortSignal) once the run `runId` is paused at a step > 0, again at each new
 * paused step and whenever `key` changes. With `auto` false (a costly model, e.g. the CNN in the
 * Lab) it waits for `manual` > 0 (a Measure button) and then follows the same triggers. Results of
 * superseded requests are dropped.
 */
export function useSettled<T>(
  runId: string,
  key: string,
  ask: (signal: AbortSignal) => Promise<T>,
  auto = true,
  manual = 0,
): Settled<T> {
  const [state, setState] = useState<Settled<T>>({ value: null, step: null, pending: false, failure: null });
  const settledStep = useStore((s) =>
    s.status === 'training' ? null : (s.runs.find((r) => r.id === runId)?.step ?? null),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `ask` is rebuilt every render; key and the settled step are the triggers
  useEffect(() => {
    if (settledStep === null || settledStep === 0 || !(auto || manual > 0)) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, pending: true, failure: null }));
    ask(abort.signal).then(
      (value) => {
        if (!abort.signal.aborted) setState({ value, step: settledStep, pending: false, failure: null });
      },
      (err) => {
        if (!abort.signal.aborted)
          setState((s) => ({
            ...s,
            pending: false,
            failure: err instanceof Error ? err.message : String(err),
          }));
      },
    );
    return () => abort.abort();
  }, [runId, key, settledStep, auto, manual]);
  return state;
}
