// Which config changes the running workers can take live (the next step uses them, no
// rebuild), and which need the runs rebuilt at step 0.

import { type ExperimentConfig, type HyperParam, LIVE_NORM_KNOBS } from '#engine';

/** Hyperparameters that change live, without rebuilding the runs (normalizer knobs: their catalog rows). */
export const LIVE_PARAMS: readonly HyperParam[] = [
  'lr',
  'batchSize',
  'momentum',
  'dropout',
  ...LIVE_NORM_KNOBS,
];

/**
 * The knobs that changed from `prev` to `next` if every one of them can change live (an empty
 * list when nothing changed), or null when the runs must be rebuilt.
 */
export function liveChanges(prev: ExperimentConfig, next: ExperimentConfig): HyperParam[] | null {
  const changed = (Object.keys(next) as (keyof ExperimentConfig)[]).filter((k) => next[k] !== prev[k]);
  // Dropout layers exist only when the rate is above 0, so crossing 0 rebuilds.
  if ((next.dropout === 0) !== (prev.dropout === 0)) return null;
  return changed.every(isLive) ? changed : null;
}

function isLive(key: keyof ExperimentConfig): key is HyperParam {
  return (LIVE_PARAMS as readonly string[]).includes(key);
}

/** The values of `keys` in `config`. */
export function pickParams(config: ExperimentConfig, keys: readonly HyperParam[]): Partial<ExperimentConfig> {
  return Object.fromEntries(keys.map((k) => [k, config[k]]));
}
