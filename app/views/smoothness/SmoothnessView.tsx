// The loss landscape along the gradient, over training (Santurkar et al. 2018, Figure 4): every
// SMOOTHNESS_EVERY steps the engine probes each run at w − f·η·∇L(w), f = 0.5, 1, 2, 4, on the
// step's batch (engine/train/smoothness.ts). Two streaming curve charts, one line per run: how much the
// gradient changes relative to its own size, and how much the loss varies. The view asks the
// runtime for the probes while it is mounted (they cost ~5 extra passes each), and not otherwise.

import { useEffect, useMemo } from 'react';
import { SMOOTHNESS_EVERY, SMOOTHNESS_STEP_FACTORS } from '#engine';
import { CurveChart, type CurveSource } from '../../charts/CurveChart.tsx';
import { controller } from '../../runtime/app-controller.ts';
import { metricsFor, type RunMetrics } from '../../runtime/metrics.ts';
import type { Series } from '../../runtime/series.ts';
import { store, useStore } from '../../store/index.ts';

const formatRatio = (v: number) => v.toFixed(2);
const formatLoss = (v: number) => v.toPrecision(2);
/** No smoothing: each point is one probe, as measured (the claims compare medians of these). */
const SMOOTHING = 0;

function useProbeSources(pick: (probes: RunMetrics['smoothness']) => Series): CurveSource[] {
  const runKey = useStore((s) => s.runs.map((r) => `${r.id}|${r.label}|${r.color}`).join(','));
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the set of runs changes, not per step
  return useMemo(
    () =>
      store.getState().runs.map((r) => ({
        id: r.id,
        label: r.label,
        color: r.color,
        series: () => pick(metricsFor(r.id).smoothness),
        divergedAt: () => store.getState().runs.find((x) => x.id === r.id)?.diverged?.step ?? null,
      })),
    [runKey],
  );
}

/** Asks the engine for smoothness probes while mounted. */
export function useSmoothnessProbes(): void {
  useEffect(() => {
    const c = controller();
    c.setObserve({ smoothEvery: SMOOTHNESS_EVERY });
    return () => c.setObserve({ smoothEvery: 0 });
  }, []);
}

/** The two charts, from whatever probes the runs' metrics hold (tests fill them directly). */
export function SmoothnessCharts() {
  const gradient = useProbeSources((p) => p.relGradChange);
  const loss = useProbeSources((p) => p.lossRange);
  const empty = `Measured every ${SMOOTHNESS_EVERY} steps while training.`;
  return (
    <>
      <CurveChart
        title="Gradient change along the step"
        yLabel="max ‖g − g′‖ / ‖g‖"
        sources={gradient}
        log
        smoothing={SMOOTHING}
        format={formatRatio}
        emptyText={empty}
      />
      <CurveChart
        title="Loss variation along the step"
        yLabel="max L − min L"
        sources={loss}
        log
        smoothing={SMOOTHING}
        format={formatLoss}
        emptyText={empty}
      />
      <p className="hint">
        Every {SMOOTHNESS_EVERY} steps, on that step’s batch, each network is probed at{' '}
        {SMOOTHNESS_STEP_FACTORS.join(', ')} learning rates along −g and its weights put back. Log scales.
      </p>
    </>
  );
}

/** The live view: probes requested while it is on screen. */
export function SmoothnessView() {
  useSmoothnessProbes();
  return <SmoothnessCharts />;
}
