// Runs experiments on a small pool of engine workers. Play is a loop of ROUNDS: each worker
// steps all of its runs `count` steps and answers with one snapshot per run; the next round
// starts only when every worker has answered. So the runs of a comparison stay in lockstep
// by step count whatever the CPU does, there is at most one snapshot per run per round, and
// nothing queues without bound. At full speed the round size adapts to ~TARGET_ROUND_MS.

import type { ExperimentConfig } from '../../engine/experiment.ts';
import type { Command, EngineEvent, HyperParam, ObserveRequest, RunSnapshot } from '../../engine/protocol.ts';

/** Wall time one round aims for at full speed: ~30 snapshots per second. */
export const TARGET_ROUND_MS = 33;
export const MAX_ROUND_STEPS = 2000;

/** The subset of Worker the coordinator uses (a fake in node tests). */
export interface WorkerLike {
  postMessage(message: Command, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<EngineEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface RunDef {
  id: string;
  config: ExperimentConfig;
}

/** 'full' trains as fast as the workers allow; a number is steps per second (slow motion). */
export type Speed = 'full' | number;

export type CoordinatorEvent =
  | { type: 'round'; snapshots: RunSnapshot[] }
  | { type: 'playing'; playing: boolean }
  | { type: 'engine'; event: EngineEvent }
  | { type: 'crashed'; message: string };

export interface CoordinatorOptions {
  createWorker: () => WorkerLike;
  poolSize: number;
  onEvent: (event: CoordinatorEvent) => void;
  now?: () => number;
}

interface Slot {
  worker: WorkerLike;
  runIds: string[];
}

export class Coordinator {
  private slots: Slot[] = [];
  private runs: RunDef[] = [];
  private observe: ObserveRequest | null = null;
  private evalEvery = 50;
  private mnist: ArrayBuffer | null = null;
  private playing = false;
  private roundBusy = false;
  private round = 0;
  private awaiting = new Set<number>();
  private collected: RunSnapshot[] = [];
  private roundStarted = 0;
  private roundSteps = 1;
  private speed: Speed = 'full';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private diverged = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: CoordinatorOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** Supplies the MNIST asset bytes; every current and future worker receives a copy. */
  setMnist(bytes: ArrayBuffer): void {
    this.mnist = bytes;
    for (const slot of this.slots)
      slot.worker.postMessage({ type: 'data', name: 'mnist', bytes: bytes.slice(0) });
  }

  /** (Re)builds every run from its config and seed: step 0, same initial weights. */
  configure(runs: RunDef[], observe: ObserveRequest, evalEvery: number): void {
    this.pause();
    this.cancelRound();
    this.runs = runs;
    this.observe = observe;
    this.evalEvery = evalEvery;
    this.diverged.clear();
    this.roundSteps = 1;
    const size = Math.max(1, Math.min(this.options.poolSize, runs.length));
    while (this.slots.length > size) this.slots.pop()?.worker.terminate();
    while (this.slots.length < size) this.slots.push(this.spawn(this.slots.length));
    this.slots.forEach((slot, i) => {
      slot.runIds = runs.filter((_, k) => k % size === i).map((r) => r.id);
      const mine = runs.filter((r) => slot.runIds.includes(r.id));
      slot.worker.postMessage({ type: 'configure', runs: mine, observe, evalEvery });
    });
  }

  /** Rebuilds the current runs (same configs, same seeds). Replaces crashed workers. */
  reset(): void {
    if (!this.observe) return;
    this.configure(this.runs, this.observe, this.evalEvery);
  }

  play(): void {
    if (this.playing || this.slots.length === 0 || this.allDiverged()) return;
    this.playing = true;
    this.options.onEvent({ type: 'playing', playing: true });
    if (!this.roundBusy) this.startRound();
  }

  pause(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.playing) return;
    this.playing = false;
    this.options.onEvent({ type: 'playing', playing: false });
  }

  /** Trains `count` steps once (paused mode); ignored while a round is running. */
  step(count: number): void {
    if (this.playing || this.roundBusy || this.slots.length === 0) return;
    this.startRound(count);
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
  }

  /** Changes a hyperparameter live: the next step of the run (or of every run) uses it. */
  set(param: HyperParam, value: number, runId: string | null = null): void {
    for (const slot of this.slots) {
      if (runId === null || slot.runIds.includes(runId))
        slot.worker.postMessage({ type: 'set', runId, param, value });
    }
  }

  setObserve(observe: ObserveRequest): void {
    this.observe = observe;
    for (const slot of this.slots) slot.worker.postMessage({ type: 'observe', observe });
  }

  /** Sends a run-specific command (evaluate, serve, re-estimate, fold) to the run's worker. */
  send(runId: string, command: Command): void {
    this.slots.find((s) => s.runIds.includes(runId))?.worker.postMessage(command);
  }

  dispose(): void {
    this.pause();
    for (const slot of this.slots) slot.worker.terminate();
    this.slots = [];
  }

  private allDiverged(): boolean {
    return this.runs.length > 0 && this.runs.every((r) => this.diverged.has(r.id));
  }

  private spawn(index: number): Slot {
    const worker = this.options.createWorker();
    const slot: Slot = { worker, runIds: [] };
    worker.onmessage = (message) => this.receive(index, message.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.crash(`an engine worker stopped: ${event.message || 'unknown error'}`);
    };
    if (this.mnist) worker.postMessage({ type: 'data', name: 'mnist', bytes: this.mnist.slice(0) });
    return slot;
  }

  private crash(message: string): void {
    this.pause();
    this.cancelRound();
    for (const slot of this.slots) slot.worker.terminate();
    this.slots = [];
    this.options.onEvent({ type: 'crashed', message });
  }

  private cancelRound(): void {
    this.roundBusy = false;
    this.awaiting.clear();
    this.collected = [];
    this.round++;
  }

  private startRound(count?: number): void {
    const steps = count ?? this.nextRoundSize();
    this.round++;
    this.roundBusy = true;
    this.roundStarted = this.now();
    this.collected = [];
    this.awaiting = new Set(this.slots.map((_, i) => i).filter((i) => this.slots[i].runIds.length > 0));
    for (const i of this.awaiting)
      this.slots[i].worker.postMessage({ type: 'step', count: steps, round: this.round });
    this.roundSteps = steps;
  }

  private nextRoundSize(): number {
    if (this.speed !== 'full') return Math.max(1, Math.round(this.speed / 30));
    return this.roundSteps;
  }

  private receive(index: number, event: EngineEvent): void {
    if (event.type !== 'stepped') {
      if (event.type === 'diverged') this.diverged.add(event.runId);
      this.options.onEvent({ type: 'engine', event });
      return;
    }
    if (event.round !== this.round || !this.awaiting.has(index)) return; // a cancelled round
    this.awaiting.delete(index);
    this.collected.push(...event.snapshots);
    if (this.awaiting.size > 0) return;
    this.finishRound();
  }

  private finishRound(): void {
    const elapsed = Math.max(1, this.now() - this.roundStarted);
    this.roundBusy = false;
    for (const s of this.collected) if (s.diverged) this.diverged.add(s.runId);
    const order = new Map(this.runs.map((r, i) => [r.id, i]));
    const snapshots = this.collected.sort((a, b) => (order.get(a.runId) ?? 0) - (order.get(b.runId) ?? 0));
    this.collected = [];
    this.options.onEvent({ type: 'round', snapshots });
    if (this.speed === 'full') {
      const scaled = Math.round((this.roundSteps * TARGET_ROUND_MS) / elapsed);
      this.roundSteps = Math.min(MAX_ROUND_STEPS, Math.max(1, Math.min(this.roundSteps * 2, scaled)));
    }
    if (this.allDiverged()) this.pause();
    if (!this.playing) return;
    const delay = this.speed === 'full' ? 0 : Math.max(0, (this.roundSteps * 1000) / this.speed - elapsed);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.playing && !this.roundBusy) this.startRound();
    }, delay);
  }
}
