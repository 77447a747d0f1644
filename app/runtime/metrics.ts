// Per-run metric history, kept OUTSIDE React state: the coordinator appends to these bounded
// series every round, and charts read them when the store's `tick` changes (a transient
// subscription), so React does not re-render per training step.

import { type Observation, PERCENTILES, type RunSnapshot } from '../../engine/protocol.ts';
import { Series } from './series.ts';

export interface RunMetrics {
  loss: Series;
  testLoss: Series;
  testAccuracy: Series;
  /** One series per entry of PERCENTILES: the tracked unit's input over time. */
  unitPercentiles: Series[];
  latest: Observation | null;
}

const registry = new Map<string, RunMetrics>();

export function metricsFor(runId: string): RunMetrics {
  let m = registry.get(runId);
  if (!m) {
    m = {
      loss: new Series(),
      testLoss: new Series(1024),
      testAccuracy: new Series(1024),
      unitPercentiles: PERCENTILES.map(() => new Series(1024)),
      latest: null,
    };
    registry.set(runId, m);
  }
  return m;
}

/** Forgets every run (on reconfigure/reset). */
export function clearMetrics(): void {
  registry.clear();
}

/** Appends one snapshot's data to its run's history. */
export function recordSnapshot(s: RunSnapshot): void {
  const m = metricsFor(s.runId);
  const first = s.step - s.losses.length + 1;
  for (let i = 0; i < s.losses.length; i++) m.loss.push(first + i, s.losses[i]);
  if (s.test) {
    m.testLoss.push(s.test.step, s.test.loss);
    m.testAccuracy.push(s.test.step, s.test.accuracy);
  }
  if (s.observation) {
    m.latest = s.observation;
    const p = s.observation.unitPercentiles;
    if (p) for (let i = 0; i < m.unitPercentiles.length; i++) m.unitPercentiles[i].push(s.step, p[i]);
  }
}
