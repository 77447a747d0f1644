// Runs experiments on a small pool of engine workers. Play is a sequence of ROUNDS: each
// worker steps all of its runs `count` steps and answers with one snapshot per run; a round
// is reported once every worker has answered it, rounds in order. Every run advances by the
// same count per round, so the runs of a comparison stay in lockstep by step count whatever
// the CPU does. At full speed PIPELINE_DEPTH rounds are in flight, so workers never sit idle
// while the page draws, and round sizes adapt to ~TARGET_ROUND_MS of work: ~10 rounds (one
// snapshot per run each) per second, and never more than PIPELINE_DEPTH rounds queued. Slow
// motion sends one round of speed/30 steps at a time, ~30 a second. Each worker is reached
// through its EngineClient (engine-client.ts).
//
// When the busy workers take every core, two workers at full speed starve the page: its main
// thread shares a core with a worker, and a frame of 10 ms of CPU took 20-50 ms and more of
// wall time (tasks of 50-94 ms). Then the race YIELDS TO THE PAGE: one round at a time, and
// the next round only once the page has drawn (`waitForPage`), so the workers rest while the
// main thread renders what the last round brought; rounds aim for YIELD_ROUND_MS, so those
// waits cost the race less. (The app's controller resolves the wait at once after a round the
// page was not shown: ui-throttle.ts holds back rounds within UI_INTERVAL_MS of the last update.)
//
// A WATCHDOG catches a worker that stops without an error (closed from inside, its step cut
// short): it sends no event at all, so without one the race would wait forever. While rounds are
// in flight, the next answer is due within max(STALL_MIN_MS, STALL_FACTOR x the oldest round's
// expected time: its steps x the last measured time per step), counted from the last answer (or
// the dispatch, when none was due); past that, the workers that owe it are declared unresponsive
// and the race stops as on a crash. Reset replaces every worker that still owes a round.

import type {
  Command,
  EngineEvent,
  ExperimentConfig,
  HyperParam,
  ObserveRequest,
  ReplyTo,
  Request,
  RunSnapshot,
} from '#engine';
import { SLOW_START_RATE, SLOW_START_STEPS, type Speed } from '../store/run-slice.ts';
import { EngineClient, type StopKind, type WorkerLike, type WorkerStopped } from './engine-client.ts';

/** Worker time one round aims for at full speed: ~10 snapshots per second, as many as the page shows (UI_INTERVAL_MS). */
export const TARGET_ROUND_MS = 100;
/**
 * The same when yielding to the page: each round then costs the workers a wait for the page's
 * frame (~10 ms), so rounds are longer (~7 page updates a second instead of ~10).
 */
export const YIELD_ROUND_MS = 150;
export const MAX_ROUND_STEPS = 2000;
/** A run to a checkpoint takes at least this many rounds (observations). */
export const CHECKPOINT_ROUNDS = 100;
/** Rounds in flight at full speed: one being computed, one queued behind it (1 when yielding to the page). */
export const PIPELINE_DEPTH = 2;
/**
 * The watchdog's patience (see the top of this file): never less than 10 s, so a first round
 * (time per step still unknown), a slow device or a busy page never trips it; 20x a round's
 * expected time beyond that (a full-speed round aims for 100-150 ms, so 10 s it is).
 */
export const STALL_MIN_MS = 10_000;
export const STALL_FACTOR = 20;

export interface RunDef {
  id: string;
  config: ExperimentConfig;
}

/**
 * The pace (the store's Speed): 'full' trains as fast as the workers allow; a number is steps
 * per second (slow motion); 'slow-start' trains the first SLOW_START_STEPS at SLOW_START_RATE
 * steps per second, then at full speed (the Lab's default: the first few hundred steps, where normalization makes most of
 * its difference, play out on screen instead of within the first frame of a 100k-step race).
 * A lesson's checkpoint already spreads the run to it over CHECKPOINT_ROUNDS rounds, so on the
 * way to a checkpoint 'slow-start' is full speed; so it is for a network whose full speed is
 * under twice the slow rate.
 */
export { SLOW_START_RATE, SLOW_START_STEPS, type Speed };

export type CoordinatorEvent =
  | { type: 'round'; snapshots: RunSnapshot[] }
  | { type: 'playing'; playing: boolean }
  | { type: 'engine'; event: EngineEvent }
  | { type: 'crashed'; kind: StopKind; detail: string; message: string };

export interface CoordinatorOptions {
  createWorker: () => WorkerLike;
  poolSize: number;
  onEvent: (event: CoordinatorEvent) => void;
  now?: () => number;
  /** Cores the page and the workers share (navigator.hardwareConcurrency); unknown = never yield. */
  cores?: number;
  /** Resolves once the page has drawn what the last round brought (the next frame, at the least). */
  waitForPage?: () => Promise<void>;
}

interface Slot {
  client: EngineClient;
  runIds: string[];
}

export class Coordinator {
  private slots: Slot[] = [];
  private runs: RunDef[] = [];
  private observe: ObserveRequest | null = null;
  private evalEvery = 50;
  private mnist: ArrayBuffer | null = null;
  private playing = false;
  private lastRound = 0;
  private readonly inflight = new Map<number, Round>();
  private lastCompleted = 0;
  private roundSteps = 1;
  private speed: Speed = 'full';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private diverged = new Set<string>();
  private readonly now: () => number;
  /** Steps sent to the workers since the last configure (every run is at this step once they land). */
  private dispatched = 0;
  /** Play pauses by itself here (a lesson's checkpoint); null = no checkpoint. */
  private stopAt: number | null = null;
  /** Whether the checkpoint still applies: pressing Play after reaching it trains on. */
  private stopArmed = true;
  /** The slowest worker's time per step in the last round (its runs add up); 0 = not measured yet. */
  private msPerStep = 0;
  private watchdog: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: CoordinatorOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Steps sent to the workers since the last configure: a live change applies from the next one. */
  get stepsDispatched(): number {
    return this.dispatched;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /**
   * Whether a full-speed race waits for the page between rounds: when its busy workers take
   * every core (see the top of this file).
   */
  get yieldsToPage(): boolean {
    const { cores, waitForPage } = this.options;
    if (this.pace() !== 'full' || !waitForPage || cores === undefined) return false;
    return this.slots.filter((s) => s.runIds.length > 0).length >= cores;
  }

  /** Supplies the MNIST asset bytes; every current and future worker receives a copy. */
  setMnist(bytes: ArrayBuffer): void {
    this.mnist = bytes;
    for (const slot of this.slots) slot.client.post({ type: 'data', name: 'mnist', bytes: bytes.slice(0) });
  }

  /** (Re)builds every run from its config and seed: step 0, same initial weights. */
  configure(runs: RunDef[], observe: ObserveRequest, evalEvery: number): void {
    this.pause();
    this.inflight.clear();
    this.disarm();
    this.msPerStep = 0;
    this.runs = runs;
    this.observe = observe;
    this.evalEvery = evalEvery;
    this.diverged.clear();
    this.roundSteps = 1;
    this.dispatched = 0;
    this.stopArmed = true;
    const size = Math.max(1, Math.min(this.options.poolSize, runs.length));
    while (this.slots.length > size) this.slots.pop()?.client.close();
    while (this.slots.length < size) this.slots.push(this.spawn(this.slots.length));
    this.slots.forEach((slot, i) => {
      slot.runIds = runs.filter((_, k) => k % size === i).map((r) => r.id);
      const mine = runs.filter((r) => slot.runIds.includes(r.id));
      slot.client.post({ type: 'configure', runs: mine, observe, evalEvery });
    });
  }

  /**
   * Rebuilds the current runs (same configs, same seeds). Replaces crashed workers, and every
   * worker that still owes a round: it may be one that stopped silently before the watchdog said so.
   */
  reset(): void {
    if (!this.observe) return;
    const owing = new Set([...this.inflight.values()].flatMap((round) => [...round.awaiting]));
    for (const i of owing) {
      this.slots[i].client.close();
      this.slots[i] = this.spawn(i);
    }
    this.configure(this.runs, this.observe, this.evalEvery);
  }

  play(): void {
    if (this.playing || this.slots.length === 0 || this.allDiverged()) return;
    if (this.stopAt !== null && this.dispatched >= this.stopAt) this.stopArmed = false;
    this.playing = true;
    this.options.onEvent({ type: 'playing', playing: true });
    this.lastCompleted = this.now();
    this.fill();
  }

  pause(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.playing) return;
    this.playing = false;
    // At full speed a round may skip the decision-boundary grid (it is refreshed a few times a
    // second): ask for the grids of the models as they stand once the rounds in flight are done.
    for (const slot of this.slots) {
      if (slot.runIds.length === 0) continue;
      slot.client.request({ type: 'boundaries' }).then(
        (event) => this.options.onEvent({ type: 'engine', event }),
        () => {}, // the worker was replaced or crashed meanwhile (reported on its own)
      );
    }
    this.options.onEvent({ type: 'playing', playing: false });
  }

  /**
   * Trains `count` steps once (paused mode). Rounds still in flight from play finish first:
   * workers take rounds in order, so the lockstep holds. Ignored while playing.
   */
  step(count: number): void {
    if (this.playing || this.slots.length === 0 || this.inflight.size >= PIPELINE_DEPTH) return;
    this.dispatch(count, true);
  }

  /**
   * Play pauses by itself once every run reaches `step` (rounds are cut so none overshoots);
   * pressing Play again from there trains on. Applies again after each configure/reset.
   */
  setStopAt(step: number | null): void {
    this.stopAt = step;
    this.stopArmed = true;
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
  }

  /** The pace of the next round: 'full' or steps per second ('slow-start' resolved at the current step). */
  private pace(): 'full' | number {
    if (this.speed !== 'slow-start') return this.speed;
    // A network whose full speed is within twice the slow rate (the CNN on a phone) shows its
    // first steps anyway: slow rounds of two steps would only add their overhead.
    const slowNetwork = this.msPerStep * SLOW_START_RATE >= 500;
    const slow = this.dispatched < SLOW_START_STEPS && !Number.isFinite(this.untilStop()) && !slowNetwork;
    return slow ? SLOW_START_RATE : 'full';
  }

  /** Changes a hyperparameter live: the next step of the run (or of every run) uses it. */
  set(param: HyperParam, value: number, runId: string | null = null): void {
    for (const slot of this.slots) {
      if (runId === null || slot.runIds.includes(runId))
        slot.client.post({ type: 'set', runId, param, value });
    }
  }

  setObserve(observe: ObserveRequest): void {
    this.observe = observe;
    for (const slot of this.slots) slot.client.post({ type: 'observe', observe });
  }

  /** Sends a request about one run (serve, evaluate) to that run's worker; resolves with the reply. */
  request<R extends Request & { runId: string }>(command: R, signal?: AbortSignal): Promise<ReplyTo<R>> {
    const slot = this.slots.find((s) => s.runIds.includes(command.runId));
    if (!slot) return Promise.reject(new Error(`no engine worker runs ${command.runId}`));
    return slot.client.request(command, signal);
  }

  dispose(): void {
    this.pause();
    this.disarm();
    for (const slot of this.slots) slot.client.close();
    this.slots = [];
  }

  private allDiverged(): boolean {
    return this.runs.length > 0 && this.runs.every((r) => this.diverged.has(r.id));
  }

  private spawn(index: number): Slot {
    const client = new EngineClient(this.options.createWorker(), {
      onEvent: (event) => this.receive(index, event),
      onFailure: (stopped) => this.crash(stopped),
    });
    if (this.mnist) client.post({ type: 'data', name: 'mnist', bytes: this.mnist.slice(0) });
    return { client, runIds: [] };
  }

  private crash(stopped: WorkerStopped): void {
    this.pause();
    this.inflight.clear();
    this.disarm();
    for (const slot of this.slots) slot.client.close(stopped.message);
    this.slots = [];
    const { kind, detail, message } = stopped;
    this.options.onEvent({ type: 'crashed', kind, detail, message });
  }

  /** (Re)starts the watchdog for the next answer due: the oldest round in flight's (none: stops it). */
  private arm(): void {
    this.disarm();
    const oldest = this.inflight.get(Math.min(...this.inflight.keys()));
    if (!oldest) return;
    const limit = Math.max(STALL_MIN_MS, STALL_FACTOR * oldest.steps * this.msPerStep);
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      const silent = [...oldest.awaiting].map((i) => this.slots[i]);
      // The first declared worker's report crashes the race (and closes the rest).
      silent[0]?.client.declareUnresponsive(`no answer for ${Math.round(limit / 1000)} s`);
    }, limit);
  }

  private disarm(): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** Keeps the pipeline full at full speed; slow motion runs one round at a time on a timer. */
  private fill(): void {
    if (!this.playing) return;
    const pace = this.pace();
    if (pace !== 'full') {
      if (this.inflight.size === 0 && this.timer === null) {
        // A slow start's last slow round ends on its last slow step.
        const left =
          this.speed === 'slow-start' ? SLOW_START_STEPS - this.dispatched : Number.POSITIVE_INFINITY;
        this.dispatchPlaying(Math.max(1, Math.min(left, Math.round(pace / 30))));
      }
    } else {
      const depth = this.yieldsToPage ? 1 : PIPELINE_DEPTH;
      while (this.inflight.size < depth && this.dispatchPlaying(this.roundSteps)) {}
    }
    if (this.inflight.size === 0 && this.timer === null) this.pause();
  }

  /** Steps left before the checkpoint (Infinity without one). */
  private untilStop(): number {
    return this.stopAt !== null && this.stopArmed ? this.stopAt - this.dispatched : Number.POSITIVE_INFINITY;
  }

  /**
   * A playing round, cut at the checkpoint; false when the checkpoint is reached. On the way to a
   * checkpoint a round is at most 1/CHECKPOINT_ROUNDS of it, so a short lesson run still sends
   * enough observations for smooth histories.
   */
  private dispatchPlaying(steps: number): boolean {
    const untilStop = this.untilStop();
    const cap = Number.isFinite(untilStop) ? Math.ceil((this.stopAt ?? 0) / CHECKPOINT_ROUNDS) : steps;
    const count = Math.min(steps, cap, untilStop);
    if (count <= 0) return false;
    // Slow motion shows every round: each brings its decision boundary. At full speed the worker
    // refreshes the grid a few times a second, however small the rounds (a checkpoint cuts them).
    this.dispatch(count, this.pace() !== 'full');
    return true;
  }

  private nextRoundSteps(round: Round, now: number): number {
    const slowest = this.msPerStep;
    const wall = Math.max(1, now - Math.max(round.started, this.lastCompleted));
    return roundSize(round.steps, slowest, wall, this.yieldsToPage ? YIELD_ROUND_MS : TARGET_ROUND_MS);
  }

  /** Sends a round; `freshBoundary`: each of its snapshots carries the decision-boundary grid. */
  private dispatch(steps: number, freshBoundary: boolean): void {
    const round = ++this.lastRound;
    const awaiting = new Set(this.slots.map((_, i) => i).filter((i) => this.slots[i].runIds.length > 0));
    this.inflight.set(round, { steps, awaiting, collected: [], started: this.now() });
    if (this.watchdog === null) this.arm();
    this.dispatched += steps;
    const command: Command = {
      type: 'step',
      count: steps,
      round,
      ...(freshBoundary ? { boundary: 'always' } : {}),
    };
    for (const i of awaiting) this.slots[i].client.post(command);
  }

  private receive(index: number, event: EngineEvent): void {
    if (event.type !== 'stepped') {
      if (event.type === 'diverged') this.diverged.add(event.runId);
      this.options.onEvent({ type: 'engine', event });
      return;
    }
    const round = this.inflight.get(event.round);
    if (!round?.awaiting.has(index)) return; // a cancelled round
    round.awaiting.delete(index);
    round.collected.push(...event.snapshots);
    // Report completed rounds in order (a later round can finish first on another worker).
    for (;;) {
      const oldest = Math.min(...this.inflight.keys());
      const done = this.inflight.get(oldest);
      if (!done || done.awaiting.size > 0) break;
      this.inflight.delete(oldest);
      this.finishRound(done);
    }
    // An answer came: the next one is due from now (rounds queue up in a worker).
    this.arm();
  }

  private finishRound(round: Round): void {
    const now = this.now();
    for (const s of round.collected) if (s.diverged) this.diverged.add(s.runId);
    const order = new Map(this.runs.map((r, i) => [r.id, i]));
    const snapshots = round.collected.sort((a, b) => (order.get(a.runId) ?? 0) - (order.get(b.runId) ?? 0));
    this.msPerStep = slowestPerStep(this.slots, round);
    const pace = this.pace();
    if (pace === 'full') this.roundSteps = this.nextRoundSteps(round, now);
    this.lastCompleted = now;
    if (this.allDiverged()) this.pause();
    let hold = false;
    if (this.playing) {
      if (pace === 'full') {
        hold = this.yieldsToPage;
        if (!hold) this.fill();
      } else {
        const delay = Math.max(0, (round.steps * 1000) / pace - (now - round.started));
        this.timer = setTimeout(() => {
          this.timer = null;
          this.fill();
        }, delay);
      }
    }
    this.options.onEvent({ type: 'round', snapshots });
    // The page got the round above; the workers rest until it has drawn it. A pause, reset or
    // Play meanwhile is harmless: fill() only tops the pipeline up while playing.
    if (hold) this.options.waitForPage?.().then(() => this.fill());
  }
}

/** The slowest worker's time per step in a round: the step times of its runs add up. */
function slowestPerStep(slots: readonly Slot[], round: Round): number {
  const runsOfWorker = new Map<string, number>();
  slots.forEach((slot, i) => {
    for (const id of slot.runIds) runsOfWorker.set(id, i);
  });
  const perWorker = new Map<number, number>();
  for (const s of round.collected) {
    const w = runsOfWorker.get(s.runId) ?? 0;
    perWorker.set(w, (perWorker.get(w) ?? 0) + s.msPerStep);
  }
  return Math.max(0, ...perWorker.values());
}

/**
 * Steps per round so that one round is ~TARGET_ROUND_MS of WORKER time: from the step times the
 * workers report (the slowest worker's runs add up), falling back to wall time between rounds.
 * Worker time, not wall time, so a busy page does not shrink rounds (which would make the
 * per-round overhead dominate). Grows at most 2x per round.
 */
function roundSize(steps: number, perStepMs: number, wallMs: number, targetMs: number): number {
  const perStep = perStepMs > 0 ? perStepMs : wallMs / Math.max(1, steps);
  const target = Math.round(targetMs / Math.max(1e-3, perStep));
  return Math.min(MAX_ROUND_STEPS, Math.max(1, Math.min(steps * 2, target)));
}

interface Round {
  steps: number;
  awaiting: Set<number>;
  collected: RunSnapshot[];
  started: number;
}
