// Sweeps: train one config (or each run of a comparison) across the values of one knob for a
// fixed number of steps each, and collect the final metrics. Points are spread over a pool
// of workers of their own; progress, an estimated time left and cancel (which terminates the
// workers at once) are reported through onProgress.

import {
  configProblems,
  type EngineEvent,
  type ExperimentConfig,
  OBSERVE_NOTHING,
  type Sweep,
  sweepPointSteps,
} from '#engine';
import type { SweepProgress, SweepSkip } from '../store/run-slice.ts';
import { EngineClient, explainStop, type WorkerLike } from './engine-client.ts';

export interface SweepPoint {
  /** Which run of a comparison (or 'main') and which knob value. */
  runId: string;
  value: number | string;
  config: ExperimentConfig;
  /** Steps this point trains (sweepPointSteps: the sweep's steps, or its sample budget at this batch size). */
  steps: number;
}

/**
 * The points of a sweep over each planned run (`vary` sets the knob in a run's config): those
 * that can run, and those the experiment rules refuse (configProblems), each with its reason.
 * A refused point does not stop the rest: batch size 1 with BatchNorm is skipped, 8 and 32 run.
 */
export function planSweep(
  runs: readonly { id: string; config: ExperimentConfig }[],
  sweep: Sweep,
  vary: (config: ExperimentConfig, knob: keyof ExperimentConfig, value: unknown) => ExperimentConfig,
): { points: SweepPoint[]; skipped: SweepSkip[] } {
  const points: SweepPoint[] = [];
  const skipped: SweepSkip[] = [];
  for (const run of runs) {
    for (const value of sweep.values) {
      const config = vary(run.config, sweep.knob, value);
      const problems = configProblems(config);
      if (problems.length > 0) skipped.push({ runId: run.id, value, reason: problems.join('; ') });
      else points.push({ runId: run.id, value, config, steps: sweepPointSteps(sweep, config.batchSize) });
    }
  }
  return { points, skipped };
}

/** The progress report of a sweep that cannot start: none of its points can run. */
export function failedSweep(skipped: SweepSkip[]): SweepProgress {
  const reasons = [...new Set(skipped.map((s) => s.reason))];
  return {
    done: 0,
    total: 0,
    stepsDone: 0,
    stepsTotal: 0,
    etaSeconds: null,
    results: [],
    skipped,
    state: 'failed',
    error: `no value of this sweep can run here: ${reasons.join('; ')}`,
  };
}

/** Steps per message while sweeping: big enough to amortise messaging, small enough to cancel fast. */
const CHUNK = 50;

export interface SweepOptions {
  points: SweepPoint[];
  /** Points the rules refused (planSweep), reported with the results. */
  skipped?: SweepSkip[];
  poolSize: number;
  createWorker: () => WorkerLike;
  mnist: ArrayBuffer | null;
  onProgress: (progress: SweepProgress) => void;
  now?: () => number;
}

export class SweepRunner {
  private workers: EngineClient[] = [];
  private next = 0;
  private progress: SweepProgress;
  private readonly started: number;
  private readonly now: () => number;

  constructor(private readonly options: SweepOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.progress = {
      done: 0,
      total: options.points.length,
      stepsDone: 0,
      stepsTotal: options.points.reduce((sum, p) => sum + p.steps, 0),
      etaSeconds: null,
      results: [],
      skipped: options.skipped ?? [],
      state: 'running',
      error: null,
    };
    const size = Math.max(1, Math.min(options.poolSize, options.points.length));
    for (let i = 0; i < size; i++) this.startWorker();
    options.onProgress({ ...this.progress });
  }

  cancel(): void {
    if (this.progress.state !== 'running') return;
    this.stop('cancelled');
  }

  private stop(state: SweepProgress['state'], error: string | null = null): void {
    for (const w of this.workers) w.close();
    this.workers = [];
    this.progress = {
      ...this.progress,
      state,
      error,
      etaSeconds: state === 'running' ? this.progress.etaSeconds : 0,
    };
    this.options.onProgress({ ...this.progress });
  }

  private startWorker(): void {
    const worker = new EngineClient(this.options.createWorker(), {
      onFailure: (stopped) => {
        // A script that cannot load needs a reload: say so (Reset would not help).
        const message = stopped.kind === 'unloadable' ? explainStop(stopped) : stopped.message;
        if (this.progress.state === 'running') this.stop('failed', message);
      },
    });
    this.workers.push(worker);
    if (this.options.mnist) worker.post({ type: 'data', name: 'mnist', bytes: this.options.mnist.slice(0) });
    this.runNext(worker);
  }

  private runNext(worker: EngineClient): void {
    if (this.progress.state !== 'running') return;
    const index = this.next++;
    const point = this.options.points[index];
    if (!point) {
      worker.close();
      this.workers = this.workers.filter((w) => w !== worker);
      if (this.workers.length === 0) this.stop('finished');
      return;
    }
    const id = `sweep-${index}`;
    const losses: number[] = [];
    let step = 0;
    let divergedAt: number | null = null;
    let round = 0;
    const total = point.steps;
    const tail = Math.max(1, Math.ceil(total / 10));
    const finish = (test: { loss: number; accuracy: number } | null) => {
      const last = losses.slice(-tail);
      this.progress.results = [
        ...this.progress.results,
        {
          runId: point.runId,
          value: point.value,
          finalLoss:
            divergedAt === null && last.length ? last.reduce((a, b) => a + b, 0) / last.length : null,
          testAccuracy: divergedAt === null ? (test?.accuracy ?? null) : null,
          testLoss: divergedAt === null ? (test?.loss ?? null) : null,
          divergedAt,
        },
      ];
      this.progress.done++;
      this.progress.stepsDone += total - step;
      this.report();
      this.runNext(worker);
    };
    const stepMore = () => {
      round++;
      worker.post({ type: 'step', count: Math.min(CHUNK, total - step), round });
    };
    worker.onEvent = (event: EngineEvent) => {
      if (this.progress.state !== 'running') return;
      switch (event.type) {
        case 'configured':
          stepMore();
          return;
        case 'stepped': {
          const snap = event.snapshots[0];
          if (!snap) return;
          for (const l of snap.losses) losses.push(l);
          this.progress.stepsDone += snap.step - step;
          step = snap.step;
          if (snap.diverged) {
            divergedAt = snap.step;
            finish(null);
          } else if (step >= total) {
            // A failed evaluation arrives as an error event below (the sweep then fails).
            worker.request({ type: 'evaluate', runId: id }).then(
              (test) => {
                if (this.progress.state === 'running') finish(test);
              },
              () => {},
            );
          } else {
            this.report();
            stepMore();
          }
          return;
        }
        case 'diverged':
          divergedAt = event.step;
          return;
        case 'error':
          this.stop('failed', event.message);
          return;
        default:
          return;
      }
    };
    worker.post({
      type: 'configure',
      runs: [{ id, config: point.config }],
      observe: OBSERVE_NOTHING,
      evalEvery: 0,
    });
  }

  private report(): void {
    const elapsed = (this.now() - this.started) / 1000;
    const { stepsDone, stepsTotal } = this.progress;
    this.progress.etaSeconds =
      stepsDone > 0 && elapsed > 0.5 ? ((stepsTotal - stepsDone) * elapsed) / stepsDone : null;
    this.options.onProgress({ ...this.progress, results: [...this.progress.results] });
  }
}
