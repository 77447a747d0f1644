// Run state: what is training, its status, and the latest per-run summary. The heavy
// per-step history lives in app/runtime/metrics.ts; `tick` changes once per round so charts
// can redraw from there without React re-rendering per step.

import type { StateCreator } from 'zustand';
import type { ExperimentConfig, LayerInfo } from '#engine';
import type { Store } from './index.ts';

export interface SweepResult {
  runId: string;
  value: number | string;
  /** Mean train loss over the last 10% of steps (null if diverged). */
  finalLoss: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  divergedAt: number | null;
}

/** A sweep point the experiment rules refuse (e.g. batch size 1 with BatchNorm): not run, and why. */
export interface SweepSkip {
  runId: string;
  value: number | string;
  reason: string;
}

export interface SweepProgress {
  done: number;
  total: number;
  /** Steps trained so far over all points, and the total to train. */
  stepsDone: number;
  stepsTotal: number;
  /** Seconds left at the throughput seen so far, null until measurable. */
  etaSeconds: number | null;
  results: SweepResult[];
  /** Points left out because they cannot run (configProblems), each with its reason. */
  skipped: SweepSkip[];
  state: 'running' | 'finished' | 'cancelled' | 'failed';
  error: string | null;
}

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
}

/**
 * How fast Play trains: 'full' as fast as the workers allow; a number is steps per second (slow
 * motion); 'slow-start' the first steps slowly, then full speed (app/runtime/coordinator.ts).
 */
export type Speed = 'full' | 'slow-start' | number;
/** The steps 'slow-start' trains slowly, and how fast (500 steps: 10 s). */
export const SLOW_START_STEPS = 500;
export const SLOW_START_RATE = 50;
/** The pace a page opens with: the first steps, where normalization matters most, play out on screen. */
export const DEFAULT_SPEED: Speed = 'slow-start';

export interface RunSlice {
  status: RunStatus;
  /** Human-readable reason for 'error' (and for 'loading', what is loading). */
  statusDetail: string | null;
  /** The way back from the 'error' is a page reload (the engine's files could not load), not Reset. */
  reloadNeeded: boolean;
  runs: RunView[];
  /** Increments once per training round; charts subscribe to it transiently. */
  tick: number;
  speed: Speed;
  /**
   * Play pauses by itself at this step: the checkpoint of the lesson experiment on the runtime
   * (a try-this or an exercise brings its own), null where there is none (the Lab).
   */
  stopAt: number | null;
  /** The current or last sweep's progress and results. */
  sweepProgress: SweepProgress | null;
  setSweepProgress: (progress: SweepProgress | null) => void;
  setRunStatus: (status: RunStatus, detail?: string | null, reloadNeeded?: boolean) => void;
  /** Replaces the runs; with `tick`, also moves the tick (one store update, not two). */
  setRuns: (runs: RunView[], tick?: boolean) => void;
  updateRun: (id: string, patch: Partial<RunView>) => void;
  /** Sets knobs in every run's config (a live change: the runs keep training). */
  patchRunConfigs: (patch: Partial<ExperimentConfig>) => void;
  bumpTick: () => void;
  setSpeedValue: (speed: Speed) => void;
  setStopAtValue: (stopAt: number | null) => void;
}

/** Whether the current or last sweep has a point to plot (its chart, and so its downloads, exist). */
export const hasSweepResults = (s: Pick<RunSlice, 'sweepProgress'>): boolean =>
  (s.sweepProgress?.results.length ?? 0) > 0;

export const createRunSlice: StateCreator<Store, [], [], RunSlice> = (set) => ({
  status: 'idle',
  statusDetail: null,
  reloadNeeded: false,
  runs: [],
  tick: 0,
  speed: DEFAULT_SPEED,
  stopAt: null,
  sweepProgress: null,
  setSweepProgress: (sweepProgress) => set({ sweepProgress }),
  setRunStatus: (status, detail = null, reloadNeeded = false) =>
    set({ status, statusDetail: detail, reloadNeeded }),
  setRuns: (runs, tick = false) => set((s) => (tick ? { runs, tick: s.tick + 1 } : { runs })),
  updateRun: (id, patch) => set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) })),
  patchRunConfigs: (patch) =>
    set((s) => ({ runs: s.runs.map((r) => ({ ...r, config: { ...r.config, ...patch } })) })),
  bumpTick: () => set((s) => ({ tick: s.tick + 1 })),
  setSpeedValue: (speed) => set({ speed }),
  setStopAtValue: (stopAt) => set({ stopAt }),
});
