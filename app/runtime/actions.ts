// User intentions that touch config and runtime together. Components call these; they keep
// the config valid (reconcile, engine/experiment/experiment.ts: the engine never sees an impossible run)
// and then let the controller apply it (live update or rebuild).

import {
  type Comparison,
  configProblems,
  type ExperimentConfig,
  planArms,
  reconcile,
  withArmsBatchSize,
} from '#engine';
import { store } from '../store/index.ts';
import { controller } from './app-controller.ts';
import { clearLayerHistories } from './metrics.ts';

export function updateConfig<K extends keyof ExperimentConfig>(key: K, value: ExperimentConfig[K]): void {
  const { config, setConfig, comparison, setComparison } = store.getState();
  if (config[key] === value) return;
  // A comparison over the knob the reader just set by hand no longer makes sense.
  const keep = comparison && comparison.knob === key ? null : comparison;
  const next = withArmsBatchSize(reconcile({ ...config, [key]: value }, key), keep);
  if (planArms(next, keep).some((arm) => configProblems(arm.config).length > 0)) return;
  setConfig(next);
  if (keep !== comparison) setComparison(null);
  controller().apply({ config: next, comparison: keep });
}

export function setComparison(comparison: Comparison | null): void {
  const s = store.getState();
  // A BatchNorm arm at batch size 1 on dense features cannot train: every arm gets the batch it needs.
  const config = withArmsBatchSize(s.config, comparison);
  if (config !== s.config) s.setConfig(config);
  s.setComparison(comparison);
  controller().apply({ config, comparison });
}

/** Replaces the whole experiment (a preset or a link) and rebuilds. */
export function loadExperiment(config: ExperimentConfig, comparison: Comparison | null): void {
  const s = store.getState();
  s.setConfig(config);
  s.setComparison(comparison);
  controller().apply({ config, comparison });
}

/** Points the activation, channel and inspector views at another layer (and unit). */
export function selectObservedLayer(layer: number, unit = 0): void {
  const s = store.getState();
  s.selectLayer(layer);
  s.selectUnit(unit);
  clearLayerHistories();
  controller().setObserve({ layer, unit });
  s.bumpTick();
}
