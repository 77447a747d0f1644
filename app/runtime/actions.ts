// User intentions that touch config and runtime together. Components call these; they keep
// the config valid (so the engine never sees an impossible run) and then let the controller
// apply it (live update or rebuild).

import { configProblems, type ExperimentConfig, normalizedChannels } from '#engine';
import { store } from '../store/index.ts';
import type { Comparison } from '../url/experiment-codec.ts';
import { controller } from './app-controller.ts';
import { clearLayerHistories } from './metrics.ts';

/** Divisors of every normalized channel count: the group counts GroupNorm accepts. */
export function validGroupCounts(config: ExperimentConfig): number[] {
  const channels = normalizedChannels(config);
  const smallest = Math.min(...channels);
  const out: number[] = [];
  for (let g = 1; g <= smallest; g++) if (channels.every((c) => c % g === 0)) out.push(g);
  return out;
}

/**
 * Makes a config valid after one knob changed: the CNN implies MNIST and vice versa for the
 * 2-D sets, InstanceNorm implies the CNN, and GroupNorm's group count snaps to a divisor.
 */
export function reconcile(next: ExperimentConfig, changed: keyof ExperimentConfig): ExperimentConfig {
  const c = { ...next };
  if (changed === 'model' && c.model === 'cnn') c.dataset = 'mnist';
  if (changed === 'dataset' && c.dataset !== 'mnist' && c.model === 'cnn') c.model = 'mlp';
  if (changed === 'norm' && c.norm === 'instancenorm') {
    c.model = 'cnn';
    c.dataset = 'mnist';
  }
  if ((changed === 'model' || changed === 'dataset') && c.model !== 'cnn' && c.norm === 'instancenorm')
    c.norm = 'groupnorm';
  const groups = validGroupCounts(c);
  if (!groups.includes(c.groups)) c.groups = groups.filter((g) => g <= c.groups).at(-1) ?? 1;
  return configProblems(c).length === 0 ? c : next;
}

export function updateConfig<K extends keyof ExperimentConfig>(key: K, value: ExperimentConfig[K]): void {
  const { config, setConfig, comparison, setComparison } = store.getState();
  if (config[key] === value) return;
  const next = reconcile({ ...config, [key]: value }, key);
  if (configProblems(next).length > 0) return;
  setConfig(next);
  // A comparison over the knob the reader just set by hand no longer makes sense.
  const keep = comparison && comparison.knob === key ? null : comparison;
  if (keep !== comparison) setComparison(null);
  controller().apply({ config: next, comparison: keep });
}

export function setComparison(comparison: Comparison | null): void {
  const s = store.getState();
  s.setComparison(comparison);
  controller().apply({ config: s.config, comparison });
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
