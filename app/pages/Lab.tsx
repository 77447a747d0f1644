// The Lab: every control and every view of a live experiment (the views: lab/views.tsx).

import { useEffect } from 'react';
import { ControlPanel } from '../lab/ControlPanel.tsx';
import { CopyLink } from '../lab/CopyLink.tsx';
import { ExportMenu } from '../lab/ExportMenu.tsx';
import { DOCK_KNOBS, LiveDock } from '../lab/LiveDock.tsx';
import { PresetPicker } from '../lab/PresetPicker.tsx';
import { useTransportKeys } from '../lab/Transport.tsx';
import { LAB_VIEWS, ViewCard } from '../lab/views.tsx';
import { controller } from '../runtime/app-controller.ts';
import { startLabSync } from '../runtime/url-sync.ts';
import { CodeTwin } from '../twin/CodeTwin.tsx';
import { Notices } from '../ui/Notices.tsx';

export function Lab() {
  useTransportKeys();
  useEffect(() => {
    const stop = startLabSync();
    return () => {
      stop();
      // Leaving the Lab stops its work: the race pauses and a running sweep is cancelled (its
      // workers terminated), so nothing trains unseen.
      const c = controller();
      c.pause();
      c.cancelSweep();
    };
  }, []);
  return (
    <div className="lab">
      <header className="lab-header">
        <h1>The Lab</h1>
        <CopyLink />
        <ExportMenu />
        <PresetPicker />
      </header>
      <LiveDock knobs={DOCK_KNOBS} />
      <Notices />
      <div className="lab-grid">
        <aside className="lab-controls">
          <ControlPanel />
        </aside>
        <section className="lab-views" aria-label="Live views">
          {LAB_VIEWS.map((id) => (
            <ViewCard key={id} id={id} place="lab" />
          ))}
        </section>
      </div>
      <CodeTwin />
    </div>
  );
}
