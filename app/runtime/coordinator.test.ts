import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Command, DEFAULT_CONFIG, type EngineEvent, OBSERVE_NOTHING, type RunSnapshot } from '#engine';
import {
  CHECKPOINT_ROUNDS,
  Coordinator,
  type CoordinatorEvent,
  type CoordinatorOptions,
  PIPELINE_DEPTH,
  SLOW_START_RATE,
  SLOW_START_STEPS,
  STALL_FACTOR,
  STALL_MIN_MS,
  TARGET_ROUND_MS,
  YIELD_ROUND_MS,
} from './coordinator.ts';
import type { WorkerLike } from './engine-client.ts';

/** The coordinator passes observe requests through; these tests need none. */
const OBSERVE = OBSERVE_NOTHING;

/** A worker that trains instantly: each run's step counter advances; `slowMs` fakes compute time. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<EngineEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  steps = new Map<string, number>();
  received: Command[] = [];
  terminated = false;
  /** A worker that stopped without an error (closed from inside): it takes commands and never answers. */
  silent = false;
  constructor(
    private readonly clock: { t: number },
    private readonly msPerStep: number,
    private readonly divergeAt = new Map<string, number>(),
  ) {}
  postMessage(command: Command): void {
    this.received.push(command);
    if (this.silent) return;
    if (command.type === 'configure') this.steps = new Map(command.runs.map((r) => [r.id, 0]));
    if (command.type !== 'step') return;
    const snapshots: RunSnapshot[] = [...this.steps.keys()].map((runId) => {
      const before = this.steps.get(runId) ?? 0;
      const limit = this.divergeAt.get(runId) ?? Number.POSITIVE_INFINITY;
      const after = Math.min(before + command.count, limit);
      this.steps.set(runId, after);
      return {
        runId,
        step: after,
        losses: new Float32Array(after - before).fill(1),
        test: null,
        msPerStep: this.msPerStep,
        diverged: after >= limit,
        observation: null,
      };
    });
    // Replies arrive as a later task, like real worker messages, after the round's work time.
    setTimeout(() => {
      this.clock.t += this.msPerStep * command.count;
      this.onmessage?.({
        data: { type: 'stepped', round: command.round, snapshots },
      } as MessageEvent<EngineEvent>);
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

function setup(
  poolSize: number,
  msPerStep = 1,
  divergeAt = new Map<string, number>(),
  page: Pick<CoordinatorOptions, 'cores' | 'waitForPage'> = {},
) {
  const clock = { t: 0 };
  const workers: FakeWorker[] = [];
  const events: CoordinatorEvent[] = [];
  const coordinator = new Coordinator({
    ...page,
    poolSize,
    now: () => clock.t,
    onEvent: (e) => events.push(e),
    createWorker: () => {
      const w = new FakeWorker(clock, msPerStep, divergeAt);
      workers.push(w);
      return w;
    },
  });
  const runs = ['none', 'bn', 'ln'].map((id) => ({ id, config: { ...DEFAULT_CONFIG } }));
  return { coordinator, workers, events, runs };
}

/** The worker answers its configure (a worker that has answered once did load). */
function answered(worker: WorkerLike): void {
  const data: EngineEvent = { type: 'configured', runIds: [], layers: [] };
  worker.onmessage?.({ data } as MessageEvent<EngineEvent>);
}

const rounds = (events: CoordinatorEvent[]) =>
  events.filter((e): e is Extract<CoordinatorEvent, { type: 'round' }> => e.type === 'round');

afterEach(() => vi.useRealTimers());

describe('Coordinator', () => {
  it('spreads 3 runs over a pool of 2 workers and keeps them in lockstep by step count', async () => {
    vi.useFakeTimers();
    const { coordinator, workers, events, runs } = setup(2);
    coordinator.configure(runs, OBSERVE, 50);
    expect(workers).toHaveLength(2);
    coordinator.play();
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(1);
    coordinator.pause();
    const all = rounds(events);
    expect(all.length).toBeGreaterThan(3);
    for (const round of all) {
      expect(round.snapshots.map((s) => s.runId)).toEqual(['none', 'bn', 'ln']);
      const steps = new Set(round.snapshots.map((s) => s.step));
      expect(steps.size).toBe(1);
    }
  });

  it('grows the round size at full speed until a round takes about TARGET_ROUND_MS', async () => {
    vi.useFakeTimers();
    const { coordinator, workers, runs } = setup(1, 0.5);
    coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
    coordinator.play();
    for (let i = 0; i < 30; i++) await vi.advanceTimersByTimeAsync(1);
    coordinator.pause();
    const counts = workers[0].received.flatMap((c) => (c.type === 'step' ? [c.count] : []));
    expect(counts[0]).toBe(1);
    expect(counts.at(-1)).toBe(TARGET_ROUND_MS / 0.5); // the fake worker takes 0.5 ms per step
  });

  it('keeps at most PIPELINE_DEPTH rounds in flight and reports them in order', async () => {
    vi.useFakeTimers();
    const { coordinator, workers, events, runs } = setup(1);
    coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
    coordinator.play();
    expect(workers[0].received.filter((c) => c.type === 'step')).toHaveLength(PIPELINE_DEPTH);
    for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(1);
    coordinator.pause();
    const sent = workers[0].received.filter((c) => c.type === 'step').length;
    const reported = rounds(events).length;
    expect(sent - reported).toBeLessThanOrEqual(PIPELINE_DEPTH);
    const steps = rounds(events).map((r) => r.snapshots[0].step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('a pause asks every worker for its models’ decision boundaries, after the rounds in flight', async () => {
    vi.useFakeTimers();
    const { coordinator, workers, runs } = setup(2);
    coordinator.configure(runs, OBSERVE, 50);
    coordinator.play();
    await vi.advanceTimersByTimeAsync(1);
    coordinator.pause();
    for (const w of workers) {
      const types = w.received.map((c) => c.type);
      expect(types.at(-1)).toBe('boundaries'); // queued behind the last step the worker got
      expect(types.filter((t) => t === 'boundaries')).toHaveLength(1);
    }
    coordinator.pause(); // already paused: nothing more is asked
    expect(workers[0].received.filter((c) => c.type === 'boundaries')).toHaveLength(1);
  });

  it('manual steps and slow-motion rounds ask for a fresh decision boundary; full-speed rounds, a checkpoint’s small ones too, leave it to the worker’s pace', async () => {
    vi.useFakeTimers();
    const stepCommands = (w: FakeWorker) => w.received.filter((c) => c.type === 'step');
    const manual = setup(1);
    manual.coordinator.configure(manual.runs.slice(0, 1), OBSERVE, 50);
    manual.coordinator.step(1);
    expect(stepCommands(manual.workers[0]).map((c) => c.boundary)).toEqual(['always']);

    const slow = setup(1, 0);
    slow.coordinator.configure(slow.runs.slice(0, 1), OBSERVE, 50);
    slow.coordinator.setSpeed(30);
    slow.coordinator.play();
    await vi.advanceTimersByTimeAsync(200);
    slow.coordinator.pause();
    expect(stepCommands(slow.workers[0]).length).toBeGreaterThan(2);
    expect(stepCommands(slow.workers[0]).every((c) => c.boundary === 'always')).toBe(true);

    const lesson = setup(1, 0);
    lesson.coordinator.configure(lesson.runs.slice(0, 1), OBSERVE, 50);
    lesson.coordinator.setStopAt(600);
    lesson.coordinator.play();
    await vi.advanceTimersByTimeAsync(200);
    const rounds = stepCommands(lesson.workers[0]);
    expect(rounds.reduce((sum, c) => sum + c.count, 0)).toBe(600);
    expect(rounds.length).toBeGreaterThanOrEqual(CHECKPOINT_ROUNDS); // rounds of at most 6 steps
    expect(rounds.every((c) => c.boundary === undefined)).toBe(true);
  });

  it('step(n) trains exactly n steps once while paused', async () => {
    const { coordinator, events, runs } = setup(1);
    coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
    coordinator.step(10);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [round] = rounds(events);
    expect(round.snapshots.map((s) => s.step)).toEqual([10, 10]);
    expect(coordinator.isPlaying).toBe(false);
  });

  it('a checkpoint (setStopAt) pauses play exactly there; Play again trains on; configure re-arms it', async () => {
    vi.useFakeTimers();
    const { coordinator, events, runs, workers } = setup(2, 0.1);
    coordinator.setStopAt(300);
    coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
    coordinator.play();
    for (let i = 0; i < 100; i++) await vi.advanceTimersByTimeAsync(1);
    expect(coordinator.isPlaying).toBe(false);
    const steps = rounds(events).flatMap((r) => r.snapshots.map((s) => s.step));
    expect(Math.max(...steps)).toBe(300);
    expect(
      rounds(events)
        .at(-1)
        ?.snapshots.map((s) => s.step),
    ).toEqual([300, 300]);
    // On the way there a round is at most 1/CHECKPOINT_ROUNDS of the checkpoint (smooth histories).
    const counts = workers[0].received.flatMap((c) => (c.type === 'step' ? [c.count] : []));
    expect(Math.max(...counts)).toBe(300 / CHECKPOINT_ROUNDS);

    coordinator.play();
    for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(1);
    coordinator.pause();
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1);
    expect(rounds(events).at(-1)?.snapshots[0].step).toBeGreaterThan(300);

    events.length = 0;
    coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
    coordinator.play();
    for (let i = 0; i < 100; i++) await vi.advanceTimersByTimeAsync(1);
    expect(coordinator.isPlaying).toBe(false);
    expect(rounds(events).at(-1)?.snapshots[0].step).toBe(300);
  });

  it('stops playing when every run has diverged', async () => {
    vi.useFakeTimers();
    const { coordinator, events, runs } = setup(2, 1, new Map([['none', 5]]));
    coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
    coordinator.play();
    for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(1);
    expect(coordinator.isPlaying).toBe(false);
    const last = rounds(events).at(-1);
    expect(last?.snapshots[0]).toMatchObject({ step: 5, diverged: true });
    expect(
      events.filter((e) => e.type === 'playing').map((e) => (e as { playing: boolean }).playing),
    ).toEqual([true, false]);
  });

  it('a request about a run goes to that run’s worker; a crash rejects what is pending', async () => {
    const { coordinator, workers, runs } = setup(2);
    coordinator.configure(runs, OBSERVE, 50);
    const served = coordinator.request({ type: 'evaluate', runId: 'bn' });
    const sent = workers[1].received.at(-1);
    expect(sent).toMatchObject({ type: 'evaluate', runId: 'bn', requestId: expect.any(Number) });
    if (sent?.type !== 'evaluate') throw new Error('expected the evaluate request on worker 1');
    workers[1].onmessage?.({
      data: { type: 'evaluated', runId: 'bn', step: 0, loss: 1, accuracy: 0.5, requestId: sent.requestId },
    } as MessageEvent<EngineEvent>);
    await expect(served).resolves.toMatchObject({ type: 'evaluated', accuracy: 0.5 });
    await expect(coordinator.request({ type: 'evaluate', runId: 'nope' })).rejects.toThrow(
      'no engine worker runs nope',
    );
    const pending = coordinator.request({ type: 'evaluate', runId: 'none' });
    answered(workers[0]);
    workers[0].onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    await expect(pending).rejects.toThrow('an engine worker stopped: boom');
  });

  it('a crashed worker reports once, and reset() replaces it', () => {
    const { coordinator, workers, events, runs } = setup(1);
    coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
    answered(workers[0]);
    workers[0].onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    expect(events.at(-1)).toEqual({
      type: 'crashed',
      kind: 'crashed',
      detail: 'boom',
      message: 'an engine worker stopped: boom',
    });
    expect(workers[0].terminated).toBe(true);
    coordinator.reset();
    expect(workers).toHaveLength(2);
    expect(workers[1].received[0]).toMatchObject({ type: 'configure' });
  });

  describe('the watchdog: a worker that stops without an error', () => {
    const crashes = (events: CoordinatorEvent[]) => events.filter((e) => e.type === 'crashed');

    it('stops the race after STALL_MIN_MS without an answer, says so, and reset() starts fresh workers that train', async () => {
      vi.useFakeTimers();
      const { coordinator, workers, events, runs } = setup(2);
      coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
      coordinator.play();
      await vi.advanceTimersByTimeAsync(5);
      expect(rounds(events).length).toBeGreaterThan(0);
      workers[1].silent = true;
      await vi.advanceTimersByTimeAsync(STALL_MIN_MS - 10);
      // The healthy worker ran ahead by at most the pipeline; the race waits, not yet declared stopped.
      expect(crashes(events)).toEqual([]);
      expect(coordinator.isPlaying).toBe(true);
      await vi.advanceTimersByTimeAsync(20);
      expect(crashes(events)).toEqual([
        {
          type: 'crashed',
          kind: 'unresponsive',
          detail: 'no answer for 10 s',
          message: 'an engine worker stopped: no answer for 10 s',
        },
      ]);
      expect(coordinator.isPlaying).toBe(false);
      expect(workers.map((w) => w.terminated)).toEqual([true, true]);

      coordinator.reset();
      expect(workers).toHaveLength(4);
      const before = rounds(events).length;
      coordinator.step(10);
      await vi.advanceTimersByTimeAsync(1);
      expect(rounds(events).length).toBe(before + 1);
      expect(
        rounds(events)
          .at(-1)
          ?.snapshots.map((s) => s.step),
      ).toEqual([10, 10]);
    });

    it('Reset before the watchdog fires replaces the worker that owes a round, and keeps the one that answered', async () => {
      vi.useFakeTimers();
      const { coordinator, workers, events, runs } = setup(2);
      coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
      workers[1].silent = true;
      coordinator.step(1);
      await vi.advanceTimersByTimeAsync(100);
      coordinator.reset();
      expect(workers).toHaveLength(3);
      expect(workers.map((w) => w.terminated)).toEqual([false, true, false]);
      coordinator.step(10);
      await vi.advanceTimersByTimeAsync(1);
      expect(
        rounds(events)
          .at(-1)
          ?.snapshots.map((s) => s.step),
      ).toEqual([10, 10]);
      await vi.advanceTimersByTimeAsync(2 * STALL_MIN_MS);
      expect(crashes(events)).toEqual([]);
    });

    it('waits STALL_FACTOR x a long round’s expected time (steps x measured time per step) before giving up', async () => {
      vi.useFakeTimers();
      const msPerStep = 100; // a round of 10 steps is expected to take 1 s: the watchdog waits 20 s
      const { coordinator, workers, events, runs } = setup(1, msPerStep);
      coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
      coordinator.step(1); // measures the time per step
      await vi.advanceTimersByTimeAsync(1);
      workers[0].silent = true;
      coordinator.step(10);
      const limit = STALL_FACTOR * 10 * msPerStep;
      expect(limit).toBeGreaterThan(STALL_MIN_MS);
      await vi.advanceTimersByTimeAsync(limit - 10);
      expect(crashes(events)).toEqual([]);
      await vi.advanceTimersByTimeAsync(20);
      expect(crashes(events)).toMatchObject([{ kind: 'unresponsive', detail: 'no answer for 20 s' }]);
    });

    it('stays quiet while paused with nothing in flight, and after a dispose', async () => {
      vi.useFakeTimers();
      const { coordinator, workers, events, runs } = setup(1);
      coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
      coordinator.step(1);
      await vi.advanceTimersByTimeAsync(1);
      workers[0].silent = true;
      await vi.advanceTimersByTimeAsync(3 * STALL_MIN_MS);
      coordinator.step(1);
      coordinator.dispose();
      await vi.advanceTimersByTimeAsync(3 * STALL_MIN_MS);
      expect(crashes(events)).toEqual([]);
    });
  });

  describe('when the busy workers take every core', () => {
    /** A page whose frames the test draws by hand: each waitForPage() resolves on the next draw(). */
    function manualPage() {
      let frames: (() => void)[] = [];
      return {
        waits: () => frames.length,
        waitForPage: () => new Promise<void>((resolve) => frames.push(resolve)),
        draw() {
          const due = frames;
          frames = [];
          for (const resolve of due) resolve();
        },
      };
    }
    const stepsSent = (w: FakeWorker) => w.received.filter((c) => c.type === 'step').length;

    it('runs one round at a time and sends the next only once the page has drawn the last', async () => {
      vi.useFakeTimers();
      const page = manualPage();
      const { coordinator, workers, events, runs } = setup(2, 1, undefined, { cores: 2, ...page });
      coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
      expect(coordinator.yieldsToPage).toBe(true);
      coordinator.play();
      expect(workers.map(stepsSent)).toEqual([1, 1]); // not PIPELINE_DEPTH
      await vi.advanceTimersByTimeAsync(5);
      expect(rounds(events)).toHaveLength(1); // the page has the round…
      expect(workers.map(stepsSent)).toEqual([1, 1]); // …and the workers rest while it draws
      expect(page.waits()).toBe(1);
      page.draw();
      await vi.advanceTimersByTimeAsync(0);
      expect(workers.map(stepsSent)).toEqual([2, 2]);
      for (let i = 0; i < 5; i++) {
        await vi.advanceTimersByTimeAsync(5);
        page.draw();
      }
      await vi.advanceTimersByTimeAsync(5);
      expect(rounds(events)).toHaveLength(7);
      for (const round of rounds(events)) expect(new Set(round.snapshots.map((s) => s.step)).size).toBe(1);
    });

    it('aims rounds at YIELD_ROUND_MS of worker time (fewer waits for the page)', async () => {
      vi.useFakeTimers();
      const waitForPage = () => Promise.resolve(); // a page that has always drawn already
      const { coordinator, workers, runs } = setup(2, 0.5, undefined, { cores: 2, waitForPage });
      coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
      coordinator.play();
      for (let i = 0; i < 30; i++) await vi.advanceTimersByTimeAsync(1);
      coordinator.pause();
      const counts = workers[0].received.flatMap((c) => (c.type === 'step' ? [c.count] : []));
      expect(YIELD_ROUND_MS).toBeGreaterThan(TARGET_ROUND_MS);
      expect(counts.at(-1)).toBe(YIELD_ROUND_MS / 0.5); // the fake worker takes 0.5 ms per step
    });

    it('a pause while the page draws sends nothing more; Play resumes with one round', async () => {
      vi.useFakeTimers();
      const page = manualPage();
      const { coordinator, workers, runs } = setup(2, 1, undefined, { cores: 2, ...page });
      coordinator.configure(runs.slice(0, 2), OBSERVE, 50);
      coordinator.play();
      await vi.advanceTimersByTimeAsync(5);
      coordinator.pause();
      page.draw();
      await vi.advanceTimersByTimeAsync(5);
      expect(workers.map(stepsSent)).toEqual([1, 1]);
      coordinator.play();
      expect(workers.map(stepsSent)).toEqual([2, 2]);
    });

    it('does not wait with a core to spare, nor in slow motion', async () => {
      vi.useFakeTimers();
      const page = manualPage();
      const spare = setup(2, 1, undefined, { cores: 4, ...page });
      spare.coordinator.configure(spare.runs.slice(0, 2), OBSERVE, 50);
      expect(spare.coordinator.yieldsToPage).toBe(false);
      spare.coordinator.play();
      expect(spare.workers.map(stepsSent)).toEqual([PIPELINE_DEPTH, PIPELINE_DEPTH]);
      await vi.advanceTimersByTimeAsync(20);
      spare.coordinator.pause();
      expect(rounds(spare.events).length).toBeGreaterThan(PIPELINE_DEPTH);

      // One run on a 2-core machine: one busy worker, a core left for the page.
      const one = setup(2, 1, undefined, { cores: 2, ...page });
      one.coordinator.configure(one.runs.slice(0, 1), OBSERVE, 50);
      expect(one.coordinator.yieldsToPage).toBe(false);

      const slow = setup(2, 1, undefined, { cores: 2, ...page });
      slow.coordinator.configure(slow.runs.slice(0, 2), OBSERVE, 50);
      slow.coordinator.setSpeed(100);
      expect(slow.coordinator.yieldsToPage).toBe(false);
      slow.coordinator.play();
      await vi.advanceTimersByTimeAsync(500);
      slow.coordinator.pause();
      expect(rounds(slow.events).length).toBeGreaterThan(5);
      expect(page.waits()).toBe(0);
    });
  });

  it('slow motion: N steps per second schedules rounds at that rate', async () => {
    vi.useFakeTimers();
    const { coordinator, events, runs } = setup(1, 0);
    coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
    coordinator.setSpeed(4);
    coordinator.play();
    await vi.advanceTimersByTimeAsync(2000);
    coordinator.pause();
    const last = rounds(events).at(-1);
    expect(last?.snapshots[0].step).toBeGreaterThanOrEqual(8);
    expect(last?.snapshots[0].step).toBeLessThanOrEqual(10);
  });

  it('slow start: the first SLOW_START_STEPS at SLOW_START_RATE steps per second, then full speed; a checkpoint is reached at full speed', async () => {
    vi.useFakeTimers();
    const { coordinator, events, runs } = setup(1, 0);
    coordinator.configure(runs.slice(0, 1), OBSERVE, 50);
    coordinator.setSpeed('slow-start');
    coordinator.play();
    const stepNow = () => rounds(events).at(-1)?.snapshots[0].step ?? 0;
    await vi.advanceTimersByTimeAsync(2000);
    expect(stepNow()).toBeGreaterThanOrEqual(2 * SLOW_START_RATE - 4);
    expect(stepNow()).toBeLessThanOrEqual(2 * SLOW_START_RATE + 4);
    // The slow part lasts SLOW_START_STEPS / SLOW_START_RATE seconds and ends on its last step.
    await vi.advanceTimersByTimeAsync((SLOW_START_STEPS / SLOW_START_RATE) * 1000 - 2100);
    expect(stepNow()).toBeLessThan(SLOW_START_STEPS);
    await vi.advanceTimersByTimeAsync(1000);
    coordinator.pause();
    expect(rounds(events).some((r) => r.snapshots[0].step === SLOW_START_STEPS)).toBe(true);
    expect(stepNow()).toBeGreaterThan(4 * SLOW_START_STEPS);

    // Reset starts slowly again; on the way to a lesson's checkpoint it is full speed.
    const lesson = setup(1, 0);
    lesson.coordinator.configure(lesson.runs.slice(0, 1), OBSERVE, 50);
    lesson.coordinator.setSpeed('slow-start');
    lesson.coordinator.setStopAt(400);
    lesson.coordinator.play();
    await vi.advanceTimersByTimeAsync(100);
    expect(rounds(lesson.events).at(-1)?.snapshots[0].step).toBe(400);

    // A network that trains under twice the slow rate at full speed (20 ms a step: 50 steps/s) runs
    // full-speed rounds (~TARGET_ROUND_MS of work), not slow rounds of two steps.
    const heavy = setup(1, 20);
    heavy.coordinator.configure(heavy.runs.slice(0, 1), OBSERVE, 50);
    heavy.coordinator.setSpeed('slow-start');
    heavy.coordinator.play();
    for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(1);
    heavy.coordinator.pause();
    const steps = rounds(heavy.events).map((r) => r.snapshots[0].step);
    const sizes = steps.map((s, i) => s - (steps[i - 1] ?? 0));
    expect(Math.max(...sizes)).toBe(TARGET_ROUND_MS / 20);
  });
});
