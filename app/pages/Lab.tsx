// The Lab: every control and every view of a live experiment.

import { useEffect, useMemo } from 'react';
import { CurveChart, type CurveSource } from '../charts/CurveChart.tsx';
import { ControlPanel } from '../lab/ControlPanel.tsx';
import { CopyLink } from '../lab/CopyLink.tsx';
import { PresetPicker } from '../lab/PresetPicker.tsx';
import { RunTable } from '../lab/RunTable.tsx';
import { SweepPanel } from '../lab/SweepPanel.tsx';
import { StatusLine, Transport, useTransportKeys } from '../lab/Transport.tsx';
import { controller } from '../runtime/controller.ts';
import { metricsFor } from '../runtime/metrics.ts';
import { startLabSync } from '../runtime/url-sync.ts';
import { store, useStore } from '../store/index.ts';
import { Notices } from '../ui/Notices.tsx';
import { ActivationView } from '../views/activations/ActivationView.tsx';
import { AxesDiagram } from '../views/bn/AxesDiagram.tsx';
import { DriftView } from '../views/bn/DriftView.tsx';
import { InspectorView } from '../views/bn/InspectorView.tsx';
import { BoundaryView } from '../views/model/BoundaryView.tsx';
import { DiagnosticsView } from '../views/model/DiagnosticsView.tsx';
import { NetworkDiagram } from '../views/model/NetworkDiagram.tsx';
import { ServingPanel } from '../views/serving/ServingPanel.tsx';

const formatLoss = (v: number) => v.toFixed(3);
const formatPercent = (v: number) => `${(v * 100).toFixed(1)} %`;
const ACCURACY_DOMAIN: [number, number] = [0, 1];

export function Lab() {
  useTransportKeys();
  useEffect(() => {
    const stop = startLabSync();
    return () => {
      stop();
      controller().pause();
    };
  }, []);
  // Only the identity of the runs matters here; per-round numbers re-render the small views only.
  const runKey = useStore((s) => s.runs.map((r) => `${r.id}|${r.label}|${r.color}`).join(','));
  const log = useStore((s) => s.logScale);
  const setLog = useStore((s) => s.setLogScale);
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the set of runs changes, not per step
  const { lossSources, accuracySources } = useMemo(() => {
    const view = store.getState().runs;
    const divergedAt = (id: string) => () =>
      store.getState().runs.find((r) => r.id === id)?.diverged?.step ?? null;
    const lossSources: CurveSource[] = view.map((r) => ({
      id: r.id,
      label: r.label,
      color: r.color,
      series: () => metricsFor(r.id).loss,
      divergedAt: divergedAt(r.id),
    }));
    const accuracySources: CurveSource[] = view.map((r) => ({
      id: r.id,
      label: r.label,
      color: r.color,
      series: () => metricsFor(r.id).testAccuracy,
      divergedAt: divergedAt(r.id),
    }));
    return { lossSources, accuracySources };
  }, [runKey]);

  return (
    <div className="lab">
      <header className="lab-header">
        <h1>The Lab</h1>
        <Transport />
        <CopyLink />
        <PresetPicker />
      </header>
      <StatusLine />
      <Notices />
      <div className="lab-grid">
        <aside className="lab-controls">
          <ControlPanel />
        </aside>
        <section className="lab-views" aria-label="Live views">
          <div className="view-card view-wide">
            <NetworkDiagram />
          </div>
          <div className="view-card">
            <div className="view-toolbar">
              <label>
                <input type="checkbox" checked={log} onChange={(e) => setLog(e.currentTarget.checked)} /> Log
                scale
              </label>
            </div>
            <CurveChart
              title="Training loss"
              yLabel="Loss (cross-entropy)"
              sources={lossSources}
              log={log}
              format={formatLoss}
              emptyText="Press Play (or Space) to start training."
            />
          </div>
          <div className="view-card">
            <CurveChart
              title="Test accuracy"
              yLabel="Accuracy"
              sources={accuracySources}
              smoothing={0}
              yDomain={ACCURACY_DOMAIN}
              format={formatPercent}
              emptyText="Measured on the test split every 25 steps."
            />
          </div>
          <div className="view-card">
            <RunTable />
          </div>
          <div className="view-card">
            <BoundaryView />
          </div>
          <div className="view-card view-wide">
            <ActivationView />
          </div>
          <div className="view-card">
            <DriftView />
          </div>
          <div className="view-card">
            <InspectorView />
          </div>
          <div className="view-card">
            <AxesDiagram />
          </div>
          <div className="view-card">
            <DiagnosticsView />
          </div>
          <div className="view-card view-wide">
            <ServingPanel />
          </div>
          <div className="view-card">
            <h2 className="chart-title">Sweep</h2>
            <SweepPanel />
          </div>
        </section>
      </div>
    </div>
  );
}
