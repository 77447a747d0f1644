// The glue between the store and the engine workers: turns store intentions (play, a new
// config, a live learning-rate change) into coordinator calls, and coordinator events into
// store updates and metric history. The only module that owns the Coordinator.

import { MNIST_ASSET_PATH, type MnistDataset, parseMnist } from '../../engine/data/mnist.ts';
import {
  type Comparison,
  configProblems,
  type ExperimentConfig,
  NORM_LABEL,
  planArms,
  withKnob,
} from '../../engine/experiment.ts';
import { defaultLayerIndex, resolveLayerIndex } from '../../engine/observe.ts';
import type { Command, EngineEvent, HyperParam, ObserveRequest } from '../../engine/protocol.ts';
import { NORM_COLOR, SERIES_COLORS } from '../colors.ts';
import { createEngineWorker } from '../engine-client.ts';
import { type AppStore, store as appStore } from '../store/index.ts';
import type { RunView } from '../store/run-slice.ts';
import { drawsPending } from '../ui/live.ts';
import { Coordinator, type CoordinatorEvent, type Speed, type WorkerLike } from './coordinator.ts';
import { clearMetrics, recordSnapshot, setBoundary } from './metrics.ts';
import { afterDraws } from './page-frame.ts';
import { type SweepPoint, SweepRunner } from './sweep.ts';

/** Hyperparameters that change live, without rebuilding the runs. */
export const LIVE_PARAMS: readonly HyperParam[] = ['lr', 'batchSize', 'momentum', 'bnMomentum', 'dropout'];

/** Test-set evaluation interval in steps. */
export const EVAL_EVERY = 25;
/** The page redraws its live views at most this often while training (10 per second). */
export const UI_INTERVAL_MS = 100;
/** Decision-boundary grid resolution for 2-D data sets. */
export const BOUNDARY_RES = 48;

export interface RunPlan {
  id: string;
  label: string;
  color: string;
  config: ExperimentConfig;
}

/**
 * The runs a config and an optional comparison define (planArms, engine/experiment.ts), labelled
 * and coloured by normalizer, or by position for a comparison over another knob.
 */
export function planRuns(config: ExperimentConfig, comparison: Comparison | null): RunPlan[] {
  const byNorm = comparison === null || comparison.knob === 'norm';
  return planArms(config, comparison).map((arm, i) => ({
    id: arm.id,
    label: byNorm ? NORM_LABEL[arm.config.norm] : `${comparison?.knob} = ${arm.value}`,
    color: byNorm ? NORM_COLOR[arm.config.norm] : SERIES_COLORS[i % SERIES_COLORS.length],
    config: arm.config,
  }));
}

export interface ControllerDeps {
  store: AppStore;
  createWorker: () => WorkerLike;
  poolSize: number;
  fetchMnist: () => Promise<ArrayBuffer>;
  /** Cores the page shares with the workers, and when the page has drawn: see coordinator.ts. */
  cores?: number;
  waitForPage?: () => Promise<void>;
}

export class Controller {
  private readonly coordinator: Coordinator;
  private mnist: 'missing' | 'loading' | 'ready' = 'missing';
  private mnistBytes: ArrayBuffer | null = null;
  private mnistParsed: MnistDataset | null = null;
  private sweepRunner: SweepRunner | null = null;
  private pendingSweep = false;
  private observe: ObserveRequest = {
    layer: 0,
    unit: 0,
    activations: true,
    channels: true,
    diagnostics: true,
    inspector: true,
    boundary: 0,
  };
  private applied: { config: ExperimentConfig; comparison: Comparison | null } | null = null;
  /** Where a lesson wants the views to look (used until the reader picks a layer). */
  private preferred: { layer: ObserveRequest['layer']; unit: number } | null = null;

  constructor(private readonly deps: ControllerDeps) {
    this.coordinator = new Coordinator({
      createWorker: deps.createWorker,
      poolSize: deps.poolSize,
      cores: deps.cores,
      waitForPage: deps.waitForPage,
      onEvent: (e) => this.onEvent(e),
    });
  }

  private get store() {
    return this.deps.store;
  }

  /** Applies the store's config/comparison: live changes go to the workers, anything else rebuilds. */
  apply(): void {
    const { config, comparison } = this.store.getState();
    const prev = this.applied;
    if (prev && prev.comparison === comparison) {
      const changed = (Object.keys(config) as (keyof ExperimentConfig)[]).filter(
        (k) => config[k] !== prev.config[k],
      );
      if (changed.length === 0) return;
      // Dropout layers exist only when the rate is above 0, so crossing 0 rebuilds.
      const dropoutToggled = (config.dropout === 0) !== (prev.config.dropout === 0);
      if (!dropoutToggled && changed.every((k) => (LIVE_PARAMS as readonly string[]).includes(k))) {
        for (const k of changed) this.coordinator.set(k as HyperParam, config[k] as number);
        this.applied = { config, comparison };
        const runs = this.store
          .getState()
          .runs.map((r) => ({ ...r, config: { ...r.config, ...pick(config, changed) } }));
        this.store.getState().setRuns(runs);
        return;
      }
    }
    this.applied = { config, comparison };
    this.rebuild();
  }

  private rebuild(): void {
    const { config, comparison } = this.store.getState();
    const plans = planRuns(config, comparison);
    clearMetrics();
    this.pendingSnapshots.clear();
    const runs: RunView[] = plans.map((p) => ({
      ...p,
      step: 0,
      lastLoss: null,
      test: null,
      msPerStep: 0,
      diverged: null,
      layers: [],
      observedLayer: null,
    }));
    this.store.getState().setRuns(runs, true);
    const needsMnist = plans.some((p) => p.config.dataset === 'mnist');
    if (needsMnist && this.mnist !== 'ready') {
      this.loadMnist();
      return;
    }
    this.store.getState().setRunStatus('idle');
    // The decision-boundary grid only exists for 2-D data.
    this.observe = {
      ...this.observe,
      boundary: plans.every((p) => p.config.dataset !== 'mnist') ? BOUNDARY_RES : 0,
    };
    this.coordinator.configure(
      plans.map((p) => ({ id: p.id, config: p.config })),
      this.observe,
      EVAL_EVERY,
    );
  }

  private loadMnist(): void {
    this.store.getState().setRunStatus('loading', 'Loading the MNIST digits…');
    if (this.mnist === 'loading') return;
    this.mnist = 'loading';
    this.deps.fetchMnist().then(
      (bytes) => {
        this.mnist = 'ready';
        this.mnistBytes = bytes;
        this.coordinator.setMnist(bytes);
        this.rebuild();
        if (this.pendingSweep) this.startSweep();
      },
      (err: unknown) => {
        this.mnist = 'missing';
        this.store
          .getState()
          .setRunStatus(
            'error',
            `Could not load the MNIST digits (${errorText(err)}). Check the connection and press Reset to try again.`,
          );
      },
    );
  }

  play(): void {
    const { status } = this.store.getState();
    if (status === 'error' || status === 'loading' || status === 'diverged') return;
    this.coordinator.play();
  }

  pause(): void {
    this.coordinator.pause();
  }

  togglePlay(): void {
    if (this.coordinator.isPlaying) this.pause();
    else this.play();
  }

  step(count: number): void {
    const { status } = this.store.getState();
    if (status === 'error' || status === 'loading' || status === 'diverged') return;
    this.coordinator.step(count);
  }

  /** Rebuilds every run at step 0 (same seed, same weights); recovers from errors and crashes. */
  reset(): void {
    this.coordinator.pause();
    this.applied = null;
    this.apply();
  }

  /** The layer and unit the views watch by default (a lesson's choice); null for the Lab's default. */
  setPreferredObserve(preferred: { layer: ObserveRequest['layer']; unit: number } | null): void {
    this.preferred = preferred;
  }

  /** Play pauses by itself at this step (a lesson's checkpoint); null for none (the Lab). */
  setStopAt(step: number | null): void {
    this.coordinator.setStopAt(step);
  }

  setSpeed(speed: Speed): void {
    this.store.getState().setSpeedValue(speed);
    this.coordinator.setSpeed(speed);
  }

  setObserve(patch: Partial<ObserveRequest>): void {
    this.observe = { ...this.observe, ...patch };
    this.coordinator.setObserve(this.observe);
    if (patch.layer !== undefined) this.markObserved(patch.layer);
  }

  /**
   * Records which layer each run observes (the engine resolves the request per model, so in a
   * comparison the same request can mean another index in each run), and the first run's as
   * the store's `observedLayer`.
   */
  private markObserved(target: ObserveRequest['layer']): void {
    const s = this.store.getState();
    const runs = s.runs.map((r) =>
      r.layers.length === 0 ? r : { ...r, observedLayer: resolveLayerIndex(r.layers, target) },
    );
    if (runs.some((r, i) => r.observedLayer !== s.runs[i].observedLayer)) s.setRuns(runs);
    s.setObservedLayer(runs[0]?.observedLayer ?? null);
  }

  send(runId: string, command: Command): void {
    this.coordinator.send(runId, command);
  }

  dispose(): void {
    this.cancelSweep();
    this.coordinator.dispose();
  }

  /**
   * Runs the store's sweep (for each run of the comparison, or the single run) on workers of
   * its own; the live runs pause meanwhile so the two do not compete for the CPU.
   */
  startSweep(): void {
    const { config, comparison, sweep } = this.store.getState();
    if (!sweep || this.sweepRunner) return;
    const plans = planRuns(config, comparison);
    if (plans.some((p) => p.config.dataset === 'mnist') && this.mnist !== 'ready') {
      this.pendingSweep = true;
      this.loadMnist();
      return;
    }
    this.pendingSweep = false;
    this.pause();
    const points: SweepPoint[] = plans.flatMap((plan) =>
      sweep.values.map((value) => ({
        runId: plan.id,
        value,
        config: withKnob(plan.config, sweep.knob, value),
      })),
    );
    const impossible = points.flatMap((p) =>
      configProblems(p.config).map((problem) => `${sweep.knob} = ${p.value}: ${problem}`),
    );
    if (impossible.length > 0) {
      this.store.getState().setSweepProgress({
        done: 0,
        total: points.length,
        stepsDone: 0,
        stepsTotal: 0,
        etaSeconds: null,
        results: [],
        state: 'failed',
        error: `This sweep cannot run: ${[...new Set(impossible)].join('; ')}`,
      });
      return;
    }
    this.sweepRunner = new SweepRunner({
      points,
      steps: sweep.steps,
      poolSize: this.deps.poolSize,
      createWorker: this.deps.createWorker,
      mnist: this.mnistBytes,
      onProgress: (progress) => {
        this.store.getState().setSweepProgress(progress);
        if (progress.state !== 'running') this.sweepRunner = null;
      },
    });
  }

  /** The MNIST digits on the main thread (for drawing test images), once they are loaded. */
  mnistDataset(): MnistDataset | null {
    if (!this.mnistBytes) return null;
    this.mnistParsed ??= parseMnist(this.mnistBytes);
    return this.mnistParsed;
  }

  cancelSweep(): void {
    this.pendingSweep = false;
    this.sweepRunner?.cancel();
    this.sweepRunner = null;
  }

  private onEvent(event: CoordinatorEvent): void {
    const s = this.store.getState();
    switch (event.type) {
      case 'playing':
        if (event.playing) s.setRunStatus('training');
        else {
          if (s.status === 'training')
            s.setRunStatus(s.runs.every((r) => r.diverged) ? 'diverged' : 'paused');
          // A race that yields to the page may stop with numbers the throttle held back.
          if (this.pendingSnapshots.size > 0) this.flushUi();
        }
        return;
      case 'round': {
        // History is recorded at once (cheap); the page is told at most every UI_INTERVAL_MS.
        for (const snap of event.snapshots) {
          recordSnapshot(snap);
          this.pendingSnapshots.set(snap.runId, {
            step: snap.step,
            lastLoss: snap.losses.length ? snap.losses[snap.losses.length - 1] : Number.NaN,
            test: snap.test ?? this.pendingSnapshots.get(snap.runId)?.test ?? null,
            msPerStep: snap.msPerStep,
          });
        }
        if (!this.coordinator.isPlaying || this.uiTimer === null) this.flushUi();
        return;
      }
      case 'engine':
        this.onEngineEvent(event.event);
        return;
      case 'crashed':
        s.setRunStatus('error', `${event.message}. Press Reset to start a fresh engine.`);
        return;
    }
  }

  private onEngineEvent(event: EngineEvent): void {
    const s = this.store.getState();
    switch (event.type) {
      case 'configured': {
        event.runIds.forEach((id, i) => {
          s.updateRun(id, { layers: event.layers[i] });
        });
        // Decided from the first run's network, whichever worker answers first (a comparison's
        // runs may sit on several workers). Keep the reader's layer if this network has it; else
        // watch the default: the first normalizer of a single run, or the first activation of
        // every run in a comparison (its input is the pre-activation, whichever normalizer came
        // before it).
        const layers = this.store.getState().runs[0]?.layers ?? [];
        if (layers.length === 0) return;
        const selected = s.selectedLayer;
        let target: ObserveRequest['layer'];
        let unit = this.observe.unit;
        if (selected !== null && selected < layers.length) target = selected;
        else {
          if (selected !== null) s.selectLayer(null);
          target = s.runs.length > 1 ? { activation: 0 } : defaultLayerIndex(layers);
          if (this.preferred) {
            target = this.preferred.layer;
            unit = this.preferred.unit;
            if (s.selectedUnit !== unit) s.selectUnit(unit);
          }
        }
        if (JSON.stringify(target) !== JSON.stringify(this.observe.layer) || unit !== this.observe.unit)
          this.setObserve({ layer: target, unit });
        else this.markObserved(target);
        return;
      }
      case 'diverged':
        s.updateRun(event.runId, { diverged: { step: event.step, loss: event.loss, cause: event.cause } });
        return;
      case 'error':
        this.coordinator.pause();
        s.setRunStatus('error', event.runId ? `${event.runId}: ${event.message}` : event.message);
        return;
      case 'boundaries':
        // Grids of the models as they are at a pause (the last rounds may have skipped them).
        for (const b of event.boundaries) setBoundary(b.runId, b.boundary);
        if (event.boundaries.length > 0) s.bumpTick();
        return;
      case 'hello':
      case 'stepped':
      case 'evaluated':
      case 'served':
      case 'reestimated':
      case 'folded':
        for (const listener of this.listeners) listener(event);
        return;
    }
  }

  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly pendingSnapshots = new Map<
    string,
    { step: number; lastLoss: number; test: RunView['test']; msPerStep: number }
  >();
  private uiTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Pushes the latest run numbers to the store and bumps `tick` (every chart redraws from the
   * metric history). Throttled: while training, at most once per UI_INTERVAL_MS, so the page's
   * work does not grow with the number of rounds or views.
   */
  private flushUi(): void {
    if (this.uiTimer !== null) return;
    const s = this.store.getState();
    if (this.pendingSnapshots.size > 0) {
      const pending = new Map(this.pendingSnapshots);
      this.pendingSnapshots.clear();
      s.setRuns(
        s.runs.map((r) => {
          const p = pending.get(r.id);
          if (!p) return r;
          return {
            ...r,
            step: p.step,
            lastLoss: Number.isFinite(p.lastLoss) ? p.lastLoss : r.lastLoss,
            test: p.test ?? r.test,
            msPerStep: p.msPerStep,
          };
        }),
        true,
      );
    }
    const after = this.store.getState();
    if (!this.coordinator.isPlaying && after.status === 'idle') after.setRunStatus('paused');
    if (after.runs.length > 0 && after.runs.every((r) => r.diverged)) after.setRunStatus('diverged');
    this.uiTimer = setTimeout(() => {
      this.uiTimer = null;
      // While a race yields to the page, the next round brings these numbers to the page: the
      // workers then rest while it draws them (a flush from this timer would draw them while
      // they compute).
      if (this.coordinator.isPlaying && this.coordinator.yieldsToPage) return;
      if (this.pendingSnapshots.size > 0) this.flushUi();
    }, UI_INTERVAL_MS);
  }

  /** Subscribes to engine replies (evaluate, serve, re-estimate, fold); returns the unsubscribe. */
  onReply(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function pick(config: ExperimentConfig, keys: (keyof ExperimentConfig)[]): Partial<ExperimentConfig> {
  return Object.fromEntries(keys.map((k) => [k, config[k]]));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let singleton: Controller | null = null;

/** The app's controller, created on first use in the browser. */
export function controller(): Controller {
  singleton ??= new Controller({
    store: appStore,
    createWorker: createEngineWorker as () => WorkerLike,
    poolSize: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)),
    cores: navigator.hardwareConcurrency || 1,
    waitForPage: () => afterDraws(drawsPending),
    fetchMnist: async () => {
      const url = new URL(MNIST_ASSET_PATH, document.baseURI);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.pathname}`);
      return response.arrayBuffer();
    },
  });
  return singleton;
}
