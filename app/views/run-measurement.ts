// One measurement a view asks of a run's worker (a request: fold it, shift its digits, …), kept
// current: asked on mount and again, after `delayMs`, whenever training pauses at a new step or the
// question changes; while training only when asked to (`whileTrainingMs`: again at most that often,
// one question at a time, since each answer holds the worker for a moment), though `measure` may be
// called any time (a button). The latest question's answer wins; leaving the page aborts what is
// pending.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from '../store/index.ts';

export interface RunMeasurement<T> {
  result: T | null;
  pending: boolean;
  /** The worker's error message for the latest question, or null. */
  failure: string | null;
  measure: () => void;
}

/**
 * `ask` must be stable (useCallback): a new `ask` is a new question, asked after `delayMs`. With
 * `whileTrainingMs`, training asks again every that many ms, once the previous answer is in.
 */
export function useRunMeasurement<T>(
  runId: string,
  ask: (signal: AbortSignal) => Promise<T>,
  delayMs: number,
  whileTrainingMs?: number,
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

  const asking = useRef(false);
  asking.current = pending;
  const training = useStore((s) => s.status === 'training');
  useEffect(() => {
    if (!training || whileTrainingMs === undefined) return;
    const timer = setInterval(() => {
      if (!asking.current) void measure();
    }, whileTrainingMs);
    return () => clearInterval(timer);
  }, [measure, training, whileTrainingMs]);

  return { result, pending, failure, measure: () => void measure() };
}
