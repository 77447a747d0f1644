// Sweeps: train one config (or each run of a comparison) across the values of one knob for a
// fixed number of steps each, and collect the final metrics. Points are spread over a pool
// of workers of their own; progress, an estimated time left and cancel (which terminates the
// workers at once) are reported through onProgress.

import { type EngineEvent, type ExperimentConfig, OBSERVE_NOTHING } from '#engine';
import type { WorkerLike } from './coordinator.ts';

export interface SweepPoint {
  /** Which run of a comparison (or 'main') and which knob value. */
  runId: string;
  value: number | string;
  config: ExperimentConfig;
}

export interface SweepResult {
  runId: string;
  value: number | string;
  /** Mean train loss over the last 10% of steps (null if diverged). */
  finalLoss: number | null;
  testAccuracy: number | null;
  testLoss: number | null;
  divergedAt: number | null;
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
  state: 'running' | 'finished' | 'cancelled' | 'failed';
  error: string | null;
}

/** Steps per message while sweeping: big enough to amortise messaging, small enough to cancel fast. */
const CHUNK = 50;

export interface SweepOptions {
  points: SweepPoint[];
  steps: number;
  poolSize: number;
  createWorker: () => WorkerLike;
  mnist: ArrayBuffer | null;
  onProgress: (progress: SweepProgress) => void;
  now?: () => number;
}

export class SweepRunner {
  private workers: WorkerLike[] = [];
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
      stepsTotal: options.points.length * options.steps,
      etaSeconds: null,
      results: [],
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
    for (const w of this.workers) w.terminate();
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
    const worker = this.options.createWorker();
    this.workers.push(worker);
    worker.onerror = (e) => {
      e.preventDefault?.();
      if (this.progress.state === 'running')
        this.stop('failed', `an engine worker stopped: ${e.message || 'unknown error'}`);
    };
    if (this.options.mnist)
      worker.postMessage({ type: 'data', name: 'mnist', bytes: this.options.mnist.slice(0) });
    this.runNext(worker);
  }

  private runNext(worker: WorkerLike): void {
    if (this.progress.state !== 'running') return;
    const index = this.next++;
    const point = this.options.points[index];
    if (!point) {
      worker.terminate();
      this.workers = this.workers.filter((w) => w !== worker);
      if (this.workers.length === 0) this.stop('finished');
      return;
    }
    const id = `sweep-${index}`;
    const losses: number[] = [];
    let step = 0;
    let divergedAt: number | null = null;
    let round = 0;
    const total = this.options.steps;
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
      worker.postMessage({ type: 'step', count: Math.min(CHUNK, total - step), round });
    };
    worker.onmessage = (message: MessageEvent<EngineEvent>) => {
      const event = message.data;
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
            worker.postMessage({ type: 'evaluate', runId: id });
          } else {
            this.report();
            stepMore();
          }
          return;
        }
        case 'diverged':
          divergedAt = event.step;
          return;
        case 'evaluated':
          finish({ loss: event.loss, accuracy: event.accuracy });
          return;
        case 'error':
          this.stop('failed', event.message);
          return;
        default:
          return;
      }
    };
    worker.postMessage({
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
