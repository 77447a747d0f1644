// The fan-out of what the coordinator reports: rounds to the UI throttle, the engine's
// events to the store and the metric history. Replies to requests never come here: they
// resolve their own promises (engine-client.ts).

import type { LayerInfo } from '#engine';
import type { AppStore } from '../store/index.ts';
import type { CoordinatorEvent } from './coordinator.ts';
import { explainStop } from './engine-client.ts';
import { setBoundary } from './metrics.ts';
import type { UiThrottle } from './ui-throttle.ts';

export interface EventSink {
  store: AppStore;
  throttle: UiThrottle;
  /** Stops the race (an engine error). */
  pause(): void;
  /** The first run's network is built (a comparison's runs may sit on several workers). */
  networkBuilt(layers: readonly LayerInfo[]): void;
}

export function routeEvent(event: CoordinatorEvent, target: EventSink): void {
  const s = target.store.getState();
  switch (event.type) {
    case 'playing':
      if (event.playing) s.setRunStatus('training');
      else {
        if (s.status === 'training') s.setRunStatus(s.runs.every((r) => r.diverged) ? 'diverged' : 'paused');
        // A race that yields to the page may stop with numbers the throttle held back.
        if (target.throttle.holding) target.throttle.flush();
      }
      return;
    case 'round':
      target.throttle.round(event.snapshots);
      return;
    case 'crashed':
      s.setRunStatus('error', explainStop(event), event.kind === 'unloadable');
      return;
    case 'engine':
      break;
  }
  const e = event.event;
  switch (e.type) {
    case 'configured': {
      e.runIds.forEach((id, i) => {
        s.updateRun(id, { layers: e.layers[i] });
      });
      // Decided from the first run's network, whichever worker answers first.
      const layers = target.store.getState().runs[0]?.layers ?? [];
      if (layers.length > 0) target.networkBuilt(layers);
      return;
    }
    case 'diverged':
      s.updateRun(e.runId, { diverged: { step: e.step, loss: e.loss, cause: e.cause } });
      return;
    case 'error': {
      target.pause();
      if (e.runId === null) {
        s.setRunStatus('error', e.message);
        return;
      }
      // A run's step threw, but its worker is fine: the runs keep their steps, and Play tries
      // again (the session retries), so moving the knob back recovers without a Reset.
      const run = s.runs.find((r) => r.id === e.runId);
      const who = s.runs.length > 1 ? `${run?.label ?? e.runId} ` : '';
      s.setRunStatus(
        'paused',
        `${who}could not take a step: ${e.message}. Change the setting back and press Play; the run keeps its steps`,
      );
      return;
    }
    case 'boundaries':
      // Grids of the models as they are at a pause (the last rounds may have skipped them).
      for (const b of e.boundaries) setBoundary(b.runId, b.boundary);
      if (e.boundaries.length > 0) s.bumpTick();
      return;
    case 'hello':
    case 'stepped':
    case 'evaluated':
    case 'served':
    case 'sequenced':
    case 'folded':
    case 'shifted':
    case 'spread':
    case 'fitted':
    case 'featureMapped':
    case 'unitMapped':
      return; // replies to requests (and rounds) arrive elsewhere
  }
}
