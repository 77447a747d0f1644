// Lesson 7, "the eval() bug, live": an MNIST run (the picked one, ui/use-picked-run.ts) serves the first 48
// test digits through its worker in train or eval mode. ServingPanel reads the store and sends
// `serve` requests through the controller (each a Promise; unmounting cancels them); ServingView
// draws. Train-mode serving really moves the
// model's running statistics (the engine reports how far), so the view says so.

import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ServeResult, ServingMode } from '#engine';
import { controller } from '../../runtime/app-controller.ts';
import { store, useStore } from '../../store/index.ts';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { useMnistRuns } from '../mnist-runs.ts';
import { ServingNotice, ServingView } from './ServingView.tsx';
import {
  digitPixels,
  MATE_SETS,
  type MateRow,
  mateSeed,
  pickBatchMates,
  SERVE_COUNT,
} from './serving-math.ts';
import './serving.css';

export const NOT_MNIST =
  'Serving uses MNIST digits: switch the data set to MNIST digits and train a little first.';
export const NOT_TRAINED = 'Train the model first (press Play), then serve.';
/** Control changes re-serve after this pause, so dragging the slider sends one request. */
export const RESERVE_DELAY_MS = 300;

export function ServingPanel() {
  const eligible = useMnistRuns();
  // In none vs BatchNorm, serving starts on the BN run, where the two modes differ.
  const { run, pick } = usePickedRun(eligible, (r) => r.runningStats);
  if (!run) return <ServingNotice>{NOT_MNIST}</ServingNotice>;
  if (!run.trained) return <ServingNotice>{NOT_TRAINED}</ServingNotice>;
  const toolbar = <RunPicker runs={eligible} value={run.id} onChange={pick} />;
  // A new run (or a rebuilt one, which passes through step 0) starts with fresh state.
  return <LiveServing key={run.id} runId={run.id} toolbar={toolbar} />;
}

type ServeOptions = {
  mode: ServingMode;
  batchSize: number;
  offset: number;
  count: number;
  indices?: number[];
};

function LiveServing({ runId, toolbar }: { runId: string; toolbar: ReactNode }) {
  // Mode, batch size and the picked digit live in the store: the feature-map view follows them too.
  const mode = useStore((s) => s.servingMode);
  const batchSize = useStore((s) => s.servingBatchSize);
  const selected = useStore((s) => s.servedDigit);
  const [result, setResult] = useState<ServeResult | null>(null);
  const [servedAtStep, setServedAtStep] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [rows, setRows] = useState<MateRow[]>([]);
  const [matesPending, setMatesPending] = useState(false);
  const [drift, setDrift] = useState(0);
  const latestServe = useRef(0);
  const mateToken = useRef(0);
  const round = useRef(0);
  /** Cancels this panel's requests in flight when it unmounts (another run, or the page left). */
  const abort = useRef(new AbortController());
  useEffect(() => {
    const controller = new AbortController();
    abort.current = controller;
    return () => controller.abort();
  }, []);

  /** Serves `options` on this run; null when the engine failed (the failure is shown) or on unmount. */
  const request = useCallback(
    async (options: ServeOptions): Promise<ServeResult | null> => {
      setFailure(null);
      const { signal } = abort.current;
      try {
        const reply = await controller().request({ type: 'serve', runId, ...options }, signal);
        const moved = reply.result.runningStatsDrift;
        if (moved > 0) setDrift((d) => Math.max(d, moved));
        return reply.result;
      } catch (err) {
        if (signal.aborted) return null;
        setPending(false);
        setMatesPending(false);
        setFailure(err instanceof Error ? err.message : String(err));
        return null;
      }
    },
    [runId],
  );

  const serve = useCallback(async () => {
    setPending(true);
    const step = store.getState().runs.find((r) => r.id === runId)?.step ?? null;
    const id = ++latestServe.current;
    const r = await request({ mode, batchSize, offset: 0, count: SERVE_COUNT });
    if (r === null || id !== latestServe.current) return;
    setResult(r);
    setServedAtStep(step);
    setPending(false);
  }, [request, mode, batchSize, runId]);

  // Serve on mount and again, debounced, whenever the mode or batch size changes — and whenever
  // training pauses at a new step, so the panel always shows the model as it now is.
  const settledStep = useStore((s) =>
    s.status === 'training' ? null : (s.runs.find((r) => r.id === runId)?.step ?? null),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: settledStep is the trigger (a pause at a new step)
  useEffect(() => {
    const timer = setTimeout(serve, RESERVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [serve, settledStep]);

  const serveMates = useCallback(() => {
    if (selected === null || batchSize < 2) return;
    const total = controller().mnistDataset()?.test.count ?? SERVE_COUNT;
    const seed = mateSeed(selected, batchSize, round.current++);
    const sets = pickBatchMates(selected, batchSize, total, MATE_SETS, seed);
    const token = ++mateToken.current;
    setRows(sets.map((indices) => ({ mates: indices.slice(1), train: null, eval: null })));
    setMatesPending(true);
    let left = 2 * sets.length;
    const fill = (k: number, key: 'train' | 'eval') => (r: ServeResult | null) => {
      if (r === null || token !== mateToken.current) return;
      const prediction = r.error ? -1 : r.predicted[0];
      setRows((prev) => prev.map((row, i) => (i === k ? { ...row, [key]: prediction } : row)));
      left -= 1;
      if (left === 0) setMatesPending(false);
    };
    const command = (indices: number[], m: ServingMode): ServeOptions => ({
      mode: m,
      batchSize,
      offset: 0,
      count: indices.length,
      indices,
    });
    // Eval first: train-mode serving moves the running statistics that eval uses.
    for (const [k, indices] of sets.entries()) request(command(indices, 'eval')).then(fill(k, 'eval'));
    for (const [k, indices] of sets.entries()) request(command(indices, 'train')).then(fill(k, 'train'));
  }, [request, selected, batchSize]);

  // A new digit (picked here or in the feature-map view) drops the previous digit's batch-mates.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `selected` is the trigger
  useEffect(() => {
    mateToken.current++;
    setRows([]);
    setMatesPending(false);
  }, [selected]);

  const pixels = usePixels(runId);
  // One boolean, so training does not re-render the panel every round.
  const modelMoved = useStore(
    (s) =>
      servedAtStep !== null && (s.runs.find((r) => r.id === runId)?.step ?? servedAtStep) !== servedAtStep,
  );

  return (
    <>
      <ServingView
        mode={mode}
        batchSize={batchSize}
        onModeChange={store.getState().setServingMode}
        onBatchSizeChange={store.getState().setServingBatchSize}
        onServe={serve}
        result={result}
        servedAtStep={servedAtStep}
        modelMoved={modelMoved}
        pending={pending}
        pixels={pixels}
        selected={selected}
        onSelect={store.getState().selectDigit}
        mateRows={rows}
        matesPending={matesPending}
        onServeMates={serveMates}
        drift={drift}
        onReset={() => controller().reset()}
        toolbar={toolbar}
      />
      {failure && (
        <p className="notice notice-error" role="alert">
          The engine could not serve: {failure}
        </p>
      )}
    </>
  );
}

/** Pixels of the main thread's MNIST test digits, cached per image so canvases draw once. */
function usePixels(runId: string): (index: number) => Float32Array | null {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new run may come with newly loaded data.
  return useMemo(() => {
    const cache = new Map<number, Float32Array | null>();
    return (index: number) => {
      if (!cache.has(index)) {
        const data = controller().mnistDataset();
        if (!data) return null;
        cache.set(index, digitPixels(data.test.x, index, data.standardized ? data.pixelStats : null));
      }
      return cache.get(index) ?? null;
    };
  }, [runId]);
}
