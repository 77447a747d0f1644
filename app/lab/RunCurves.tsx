// The training-loss and test-accuracy charts of the current runs (one line per run), as the
// Lab and the lessons show them. The chart sources are rebuilt when the set of runs changes,
// not per step: the charts read the metric history on each tick themselves.

import { useMemo } from 'react';
import { CurveChart, type CurveSource } from '../charts/CurveChart.tsx';
import { knobMarks, metricsFor, type RunMetrics } from '../runtime/metrics.ts';
import type { Series } from '../runtime/series.ts';
import { store, useStore } from '../store/index.ts';
import { orKey } from '../ui/keyboard-hints.ts';
import { useEvalSetText } from './eval-set.ts';

const formatLoss = (v: number) => v.toFixed(3);
const formatPercent = (v: number) => `${(v * 100).toFixed(1)} %`;
/** The accuracy axis in % like the run table, the verdicts and the text ("ahead by 45 points"). */
const formatPercentTick = (v: number) => `${Math.round(v * 100)} %`;
const ACCURACY_DOMAIN: [number, number] = [0, 1];

/** One chart source per current run, reading `pick` of its metric history. */
export function useRunSources(pick: (metrics: RunMetrics) => Series) {
  // Only the identity of the runs matters here; per-round numbers re-render the small views only.
  const runKey = useStore((s) => s.runs.map((r) => `${r.id}|${r.label}|${r.color}`).join(','));
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the set of runs changes, not per step
  return useMemo((): CurveSource[] => {
    return store.getState().runs.map((r) => ({
      id: r.id,
      label: r.label,
      color: r.color,
      series: () => pick(metricsFor(r.id)),
      divergedAt: () => store.getState().runs.find((x) => x.id === r.id)?.diverged?.step ?? null,
    }));
  }, [runKey]);
}

/** Training loss per step, with the log-scale toggle (kept in the store's view slice). */
export function LossChart() {
  const sources = useRunSources((m) => m.loss);
  const log = useStore((s) => s.logScale);
  const setLog = useStore((s) => s.setLogScale);
  return (
    <>
      <div className="view-toolbar">
        <label>
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.currentTarget.checked)} /> Log scale
        </label>
      </div>
      <CurveChart
        title="Training loss"
        yLabel="Loss (cross-entropy)"
        sources={sources}
        log={log}
        format={formatLoss}
        marks={knobMarks}
        emptyText={`Press Play${orKey('Space')} to start training.`}
      />
    </>
  );
}

/** Test accuracy, measured every EVAL_EVERY steps. */
export function AccuracyChart() {
  const sources = useRunSources((m) => m.testAccuracy);
  const evalSet = useEvalSetText();
  return (
    <CurveChart
      title="Test accuracy"
      yLabel={evalSet ? `Accuracy, ${evalSet}` : 'Accuracy'}
      sources={sources}
      smoothing={0}
      yDomain={ACCURACY_DOMAIN}
      format={formatPercent}
      tickFormat={formatPercentTick}
      marks={knobMarks}
      emptyText={`Measured on ${evalSet ?? 'the test split'} every 25 steps.`}
    />
  );
}
