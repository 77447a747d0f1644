// The Lab: every control and every view of a live experiment.

import { useEffect } from 'react';
import { ControlPanel } from '../lab/ControlPanel.tsx';
import { CopyLink } from '../lab/CopyLink.tsx';
import { PresetPicker } from '../lab/PresetPicker.tsx';
import { AccuracyChart, LossChart } from '../lab/RunCurves.tsx';
import { RunTable } from '../lab/RunTable.tsx';
import { SweepPanel } from '../lab/SweepPanel.tsx';
import { StatusLine, Transport, useTransportKeys } from '../lab/Transport.tsx';
import { controller } from '../runtime/controller.ts';
import { startLabSync } from '../runtime/url-sync.ts';
import { CodeTwin } from '../twin/CodeTwin.tsx';
import { Notices } from '../ui/Notices.tsx';
import { ActivationView } from '../views/activations/ActivationView.tsx';
import { AxesDiagram } from '../views/bn/AxesDiagram.tsx';
import { DriftView } from '../views/bn/DriftView.tsx';
import { InspectorView } from '../views/bn/InspectorView.tsx';
import { BoundaryView } from '../views/model/BoundaryView.tsx';
import { DiagnosticsView } from '../views/model/DiagnosticsView.tsx';
import { NetworkDiagram } from '../views/model/NetworkDiagram.tsx';
import { ServingPanel } from '../views/serving/ServingPanel.tsx';

export function Lab() {
  useTransportKeys();
  useEffect(() => {
    const stop = startLabSync();
    return () => {
      stop();
      controller().pause();
    };
  }, []);
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
            <LossChart />
          </div>
          <div className="view-card">
            <AccuracyChart />
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
      <CodeTwin />
    </div>
  );
}
