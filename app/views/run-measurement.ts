// One measurement a view asks of a run's worker (a request: fold it, shift its digits, …), kept
// current: asked on mount and again, after `delayMs`, whenever training pauses at a new step or the
// question changes; never while training (each answer holds the worker for a moment), though
// `measure` may be called any time (a button). The latest question's answer wins; leaving the page
// aborts what is pending.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from '../store/index.ts';

export interface RunMeasurement<T> {
  result: T | null;
  pending: boolean;
  /** The worker's error message for the latest question, or null. */
  failure: string | null;
  measure: () => void;
}

/** `ask` must be stable (useCallback): a new `ask` is a new question, asked after `delayMs`. */
export function useRunMeasurement<T>(
  runId: string,
  ask: (signal: AbortSignal) => Promise<T>,
  delayMs: number,
): RunMeasurement<T> {
  const [result, setResult] = useState<T | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = useRef(0);
  const abort = useRef(new AbortController());
  useEffect(() => {
    const c = new AbortController();
    abort.current = c;
    return () => c.abort();
  }, []);

  const measure = useCallback(async () => {
    const token = ++latest.current;
    const { signal } = abort.current;
    setPending(true);
    setFailure(null);
    try {
      const answer = await ask(signal);
      if (token !== latest.current) return;
      setResult(answer);
      setPending(false);
    } catch (err) {
      if (signal.aborted || token !== latest.current) return;
      setPending(false);
      setFailure(err instanceof Error ? err.message : String(err));
    }
  }, [ask]);

  const settledStep = useStore((s) =>
    s.status === 'training' ? null : (s.runs.find((r) => r.id === runId)?.step ?? null),
  );
  useEffect(() => {
    if (settledStep === null) return;
    const timer = setTimeout(measure, delayMs);
    return () => clearTimeout(timer);
  }, [measure, settledStep, delayMs]);

  return { result, pending, failure, measure: () => void measure() };
}
