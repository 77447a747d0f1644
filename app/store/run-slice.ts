// Run state: what is training, its status, and the latest per-run summary. The heavy
// per-step history lives in app/runtime/metrics.ts; `tick` changes once per round so charts
// can redraw from there without React re-rendering per step.

import type { StateCreator } from 'zustand';
import type { ExperimentConfig, LayerInfo } from '#engine';
import type { SweepProgress } from '../runtime/sweep.ts';
import type { Store } from './index.ts';

export type RunStatus = 'idle' | 'loading' | 'training' | 'paused' | 'diverged' | 'error';

export interface RunView {
  id: string;
  label: string;
  color: string;
  config: ExperimentConfig;
  step: number;
  lastLoss: number | null;
  test: { step: number; loss: number; accuracy: number } | null;
  msPerStep: number;
  diverged: { step: number; loss: number; cause: string } | null;
  layers: LayerInfo[];
  /**
   * The layer this run's observations describe (the runtime's request resolved for this model);
   * null (or absent) until its network is built (`runLayer` then falls back to the reader's pick
   * or the store's default).
   */
  observedLayer?: number | null;
}

export interface RunSlice {
  status: RunStatus;
  /** Human-readable reason for 'error' (and for 'loading', what is loading). */
  statusDetail: string | null;
  runs: RunView[];
  /** Increments once per training round; charts subscribe to it transiently. */
  tick: number;
  speed: 'full' | number;
  /** The current or last sweep's progress and results. */
  sweepProgress: SweepProgress | null;
  setSweepProgress: (progress: SweepProgress | null) => void;
  setRunStatus: (status: RunStatus, detail?: string | null) => void;
  /** Replaces the runs; with `tick`, also moves the tick (one store update, not two). */
  setRuns: (runs: RunView[], tick?: boolean) => void;
  updateRun: (id: string, patch: Partial<RunView>) => void;
  bumpTick: () => void;
  setSpeedValue: (speed: 'full' | number) => void;
}

export const createRunSlice: StateCreator<Store, [], [], RunSlice> = (set) => ({
  status: 'idle',
  statusDetail: null,
  runs: [],
  tick: 0,
  speed: 'full',
  sweepProgress: null,
  setSweepProgress: (sweepProgress) => set({ sweepProgress }),
  setRunStatus: (status, detail = null) => set({ status, statusDetail: detail }),
  setRuns: (runs, tick = false) => set((s) => (tick ? { runs, tick: s.tick + 1 } : { runs })),
  updateRun: (id, patch) => set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) })),
  bumpTick: () => set((s) => ({ tick: s.tick + 1 })),
  setSpeedValue: (speed) => set({ speed }),
});
