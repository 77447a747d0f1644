// What a lesson trains: a complete Lab experiment (config plus an optional comparison or sweep)
// and where its views look. Lesson presets (app/lessons/lesson-N/preset.ts) are values of this type; the
// lesson page loads them into the store, the claim tests (app/lessons/lesson-N/claims.test.ts) train exactly
// them in node through the same Session the worker runs.

import type { Comparison, ExperimentConfig, ObserveRequest, Sweep } from '#engine';

export interface LessonExperiment {
  config: ExperimentConfig;
  comparison: Comparison | null;
  sweep: Sweep | null;
  /**
   * The layer the activation/inspector/drift views watch: the k-th activation layer (0-based)
   * of each run's model (the same place whatever normalizer precedes it), or a layer index
   * (for runs with identical layers, e.g. to watch a BatchNorm), or null for the Lab's default
   * (one run: its first normalizer, else its first activation; a comparison: the first
   * activation). `unit` is the feature/channel whose input percentiles are tracked; `probe`, when
   * set, tracks them over a fixed set of that many test samples instead of each training batch
   * (ObserveRequest.probe).
   */
  observe:
    | { activation: number; unit: number; probe?: number }
    | { layer: number; unit: number; probe?: number }
    | null;
  /**
   * Play pauses by itself at this step (null: trains until paused), so the lesson's effect is
   * shown at the step its claim is checked at. The reader can press Play again to go on.
   */
  stopAt: number | null;
}

/** The runtime's form of a lesson's observe choice (null: the runtime's default). */
export function preferredObserve(
  experiment: LessonExperiment,
): Pick<ObserveRequest, 'layer' | 'unit' | 'probe'> | null {
  const o = experiment.observe;
  if (!o) return null;
  const layer = 'layer' in o ? o.layer : { activation: o.activation };
  return { layer, unit: o.unit, ...(o.probe ? { probe: { count: o.probe } } : {}) };
}
