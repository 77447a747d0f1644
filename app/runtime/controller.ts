// The runtime's face: turns the reader's intentions (play, a new experiment, a live
// learning-rate change, a sweep, a request about a run) into coordinator calls. The work is
// done by single-job modules: live-params.ts (what may change live), mnist-loader.ts,
// engine-events.ts (events to the store), ui-throttle.ts (page update rate), observed-layer.ts
// (which layer the views watch), sweep.ts; run planning (planRuns, withKnob) is here. The
// app's instance, wired to the browser, is app-controller.ts.

import {
  type Comparison,
  type ExperimentConfig,
  type MnistDataset,
  type ObserveRequest,
  planArms,
  type ReplyTo,
  type Request,
  withKnob,
} from '#engine';
import { NORM_COLOR, SERIES_COLORS } from '../colors.ts';
import { runLabel } from '../knob-labels.ts';
import type { AppStore } from '../store/index.ts';
import type { RunView } from '../store/run-slice.ts';
import { Coordinator, type Speed } from './coordinator.ts';
import type { WorkerLike } from './engine-client.ts';
import { routeEvent } from './engine-events.ts';
import { liveChanges, pickParams } from './live-params.ts';
import { clearMetrics, recordKnobMark } from './metrics.ts';
import { MnistLoader } from './mnist-loader.ts';
import { Observing } from './observed-layer.ts';
import { failedSweep, planSweep, SweepRunner } from './sweep.ts';
import { UiThrottle } from './ui-throttle.ts';

/** Test-set evaluation interval in steps. */
export const EVAL_EVERY = 25;
/** Decision-boundary grid resolution for 2-D data sets. */
export const BOUNDARY_RES = 48;

export interface RunPlan {
  id: string;
  label: string;
  color: string;
  config: ExperimentConfig;
}

/**
 * The runs a config and an optional comparison define (planArms, engine/experiment/experiment.ts), named
 * as the controls name them (runLabel: "BatchNorm", "BN momentum 0.01") and coloured by normalizer, or
 * by position for a comparison over another knob.
 */
export function planRuns(config: ExperimentConfig, comparison: Comparison | null): RunPlan[] {
  const byNorm = comparison === null || comparison.knob === 'norm';
  return planArms(config, comparison).map((arm, i) => ({
    id: arm.id,
    label: byNorm ? runLabel('norm', arm.config.norm) : runLabel(comparison.knob, arm.value ?? ''),
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

/** The experiment the runs are built from. */
export interface Experiment {
  config: ExperimentConfig;
  comparison: Comparison | null;
}

export class Controller {
  private readonly coordinator: Coordinator;
  private readonly throttle: UiThrottle;
  private readonly mnist: MnistLoader;
  private sweepRunner: SweepRunner | null = null;
  private pendingSweep = false;
  /** Play was pressed (or a lesson's try-this started) while the MNIST digits were loading: play once they are in. */
  private pendingPlay = false;
  private readonly observing: Observing;
  private applied: Experiment | null = null;

  constructor(private readonly deps: ControllerDeps) {
    const { waitForPage } = deps;
    this.coordinator = new Coordinator({
      createWorker: deps.createWorker,
      poolSize: deps.poolSize,
      cores: deps.cores,
      // The workers rest for the page's frame only after a round the page was shown (ui-throttle.ts).
      waitForPage:
        waitForPage && (() => (this.throttle.pushedSinceAsked() ? waitForPage() : Promise.resolve())),
      onEvent: (event) =>
        routeEvent(event, {
          store: deps.store,
          throttle: this.throttle,
          pause: () => this.coordinator.pause(),
          networkBuilt: (layers) => this.observing.networkBuilt(layers),
        }),
    });
    // The coordinator keeps the store's pace (a page opens with DEFAULT_SPEED).
    this.coordinator.setSpeed(deps.store.getState().speed);
    this.observing = new Observing(deps.store, (observe) => this.coordinator.setObserve(observe));
    this.throttle = new UiThrottle(deps.store, this.coordinator);
    this.mnist = new MnistLoader(deps.fetchMnist);
  }

  private get store() {
    return this.deps.store;
  }

  /** Builds the runs of `experiment`; a change of live knobs only goes to the workers. */
  apply(experiment: Experiment): void {
    const { config, comparison } = experiment;
    const prev = this.applied;
    this.applied = { config, comparison };
    const live = prev && prev.comparison === comparison ? liveChanges(prev.config, config) : null;
    if (live === null) this.rebuild();
    else if (live.length > 0) {
      // Marked on the curves at the step it applies from (not before training starts).
      const step = this.coordinator.stepsDispatched;
      for (const k of live) {
        this.coordinator.set(k, config[k]);
        if (step > 0 && prev) recordKnobMark({ step, knob: k, from: prev.config[k], to: config[k] });
      }
      this.store.getState().patchRunConfigs(pickParams(config, live));
    }
  }

  private rebuild(): void {
    if (!this.applied) return;
    const plans = planRuns(this.applied.config, this.applied.comparison);
    clearMetrics();
    this.throttle.clear();
    const runs: RunView[] = plans.map((p) => ({
      ...p,
      step: 0,
      lastLoss: null,
      test: null,
      msPerStep: 0,
      diverged: null,
      layers: [],
    }));
    const s = this.store.getState();
    s.setRuns(runs, true);
    if (plans.some((p) => p.config.dataset === 'mnist') && !this.mnist.ready) {
      this.loadMnist();
      return;
    }
    s.setRunStatus('idle');
    // The decision-boundary grid only exists for 2-D data.
    const boundary = plans.every((p) => p.config.dataset !== 'mnist') ? BOUNDARY_RES : 0;
    const runDefs = plans.map((p) => ({ id: p.id, config: p.config }));
    this.coordinator.configure(runDefs, this.observing.forBuild(boundary), EVAL_EVERY);
  }

  private loadMnist(): void {
    const s = this.store.getState();
    s.setRunStatus('loading', 'Loading the MNIST digits…');
    this.mnist.load(
      (bytes) => {
        this.coordinator.setMnist(bytes);
        this.rebuild();
        if (this.pendingSweep) this.startSweep();
        else if (this.pendingPlay) this.play();
        this.pendingPlay = false;
      },
      (message) =>
        s.setRunStatus(
          'error',
          `Could not load the MNIST digits (${message}). Check the connection and press Reset to try again.`,
        ),
    );
  }

  play(): void {
    if (this.store.getState().status === 'loading') this.pendingPlay = true;
    if (this.blocked()) return;
    this.coordinator.play();
  }

  pause(): void {
    this.pendingPlay = false;
    this.coordinator.pause();
  }

  togglePlay(): void {
    if (this.coordinator.isPlaying) this.pause();
    else this.play();
  }

  step(count: number): void {
    if (this.blocked()) return;
    this.coordinator.step(count);
  }

  private blocked(): boolean {
    const { status } = this.store.getState();
    return status === 'error' || status === 'loading' || status === 'diverged';
  }

  /** Rebuilds every run of the current experiment at step 0 (same seed, same weights); recovers from errors and crashes. */
  reset(): void {
    this.coordinator.pause();
    const { config, comparison } = this.store.getState();
    this.applied = null;
    this.apply({ config, comparison });
  }

  /** Play pauses by itself at this step (a lesson's checkpoint); null for none (the Lab). */
  setStopAt(step: number | null): void {
    this.store.getState().setStopAtValue(step);
    this.coordinator.setStopAt(step);
  }

  setSpeed(speed: Speed): void {
    this.store.getState().setSpeedValue(speed);
    this.coordinator.setSpeed(speed);
  }

  /** Changes what the runs observe; a layer becomes the store's `observeLayer`. */
  setObserve(patch: Partial<ObserveRequest>): void {
    this.observing.set(patch);
  }

  /** Sends a request about one run (serve, evaluate) to its worker; resolves with the reply. */
  request<R extends Request & { runId: string }>(command: R, signal?: AbortSignal): Promise<ReplyTo<R>> {
    return this.coordinator.request(command, signal);
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
    if (plans.some((p) => p.config.dataset === 'mnist') && !this.mnist.ready) {
      this.pendingSweep = true;
      this.loadMnist();
      return;
    }
    this.pendingSweep = false;
    this.pause();
    const { points, skipped } = planSweep(plans, sweep, withKnob);
    const setProgress = this.store.getState().setSweepProgress;
    if (points.length === 0) {
      setProgress(failedSweep(skipped));
      return;
    }
    this.sweepRunner = new SweepRunner({
      points,
      skipped,
      poolSize: this.deps.poolSize,
      createWorker: this.deps.createWorker,
      mnist: this.mnist.bytes,
      onProgress: (progress) => {
        setProgress(progress);
        if (progress.state !== 'running') this.sweepRunner = null;
      },
    });
  }

  cancelSweep(): void {
    this.pendingSweep = false;
    this.sweepRunner?.cancel();
    this.sweepRunner = null;
  }

  /** The MNIST digits on the main thread (for drawing test images), once they are loaded. */
  mnistDataset(): MnistDataset | null {
    return this.mnist.dataset();
  }
}
