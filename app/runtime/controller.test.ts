import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Command,
  type Comparison,
  DEFAULT_CONFIG,
  type EngineEvent,
  type LayerInfo,
  NORM_KNOBS,
} from '#engine';
import { makeStore, observedLayer, runLayer } from '../store/index.ts';
import { Controller, planRuns } from './controller.ts';
import { STALL_MIN_MS } from './coordinator.ts';
import type { WorkerLike } from './engine-client.ts';

class RecordingWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<EngineEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: Command[] = [];
  terminated = false;
  postMessage(command: Command): void {
    this.received.push(command);
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** The worker answers its configure (a worker that has answered once did load). */
function answered(worker: WorkerLike): void {
  const data: EngineEvent = { type: 'configured', runIds: [], layers: [] };
  worker.onmessage?.({ data } as MessageEvent<EngineEvent>);
}

function setup(page: { cores?: number; waitForPage?: () => Promise<void> } = {}) {
  const store = makeStore();
  const workers: RecordingWorker[] = [];
  const controller = new Controller({
    ...page,
    store,
    poolSize: 2,
    createWorker: () => {
      const w = new RecordingWorker();
      workers.push(w);
      return w;
    },
    fetchMnist: () => Promise.reject(new Error('offline')),
  });
  const commands = () => workers.flatMap((w) => w.received.map((c) => c.type));
  return { store, controller, workers, commands };
}

describe('planRuns', () => {
  it('one run without a comparison; one run per value with one, labelled and coloured by normalizer', () => {
    expect(planRuns(DEFAULT_CONFIG, null).map((r) => r.id)).toEqual(['main']);
    const runs = planRuns(DEFAULT_CONFIG, { knob: 'norm', values: ['none', 'batchnorm'] });
    expect(runs.map((r) => [r.id, r.label, r.config.norm])).toEqual([
      ['norm=none', 'No norm', 'none'],
      ['norm=batchnorm', 'BatchNorm', 'batchnorm'],
    ]);
    expect(runs[0].color).not.toBe(runs[1].color);
  });

  it('a comparison over another knob names its runs as the controls name that knob, never by config key', () => {
    const label = (comparison: Comparison) => planRuns(DEFAULT_CONFIG, comparison).map((r) => r.label);
    // The label comes from the normalizer catalog's knob declaration, the slider's own label.
    const bnMomentum = NORM_KNOBS.find((k) => k.key === 'bnMomentum')?.label;
    expect(bnMomentum).toBe('BN momentum');
    expect(label({ knob: 'bnMomentum', values: [0.01, 0.1, 0.99] })).toEqual([
      'BN momentum 0.01',
      'BN momentum 0.1',
      'BN momentum 0.99',
    ]);
    expect(label({ knob: 'lr', values: [0.01, 0.1, 1] })).toEqual([
      'Learning rate 0.01',
      'Learning rate 0.1',
      'Learning rate 1',
    ]);
    // A value with a name of its own (the menu's option) says which knob it sets.
    expect(label({ knob: 'residual', values: ['none', 'post', 'pre'] })).toEqual([
      'None (plain stack)',
      'Residual, post-activation',
      'Residual, pre-activation',
    ]);
    expect(label({ knob: 'normLogits', values: ['off', 'on'] })).toEqual([
      'Off (plain logits)',
      'On (normalize the logits)',
    ]);
  });

  it('a comparison over group counts runs GroupNorm', () => {
    const runs = planRuns(DEFAULT_CONFIG, { knob: 'groups', values: [1, 16] });
    expect(runs.map((r) => [r.config.norm, r.config.groups])).toEqual([
      ['groupnorm', 1],
      ['groupnorm', 16],
    ]);
  });
});

afterEach(() => vi.useRealTimers());

describe('Controller', () => {
  it('a live knob (learning rate) is sent to the workers without rebuilding', () => {
    const { store, controller, commands } = setup();
    controller.apply(store.getState());
    expect(commands()).toEqual(['configure']);
    store.getState().setConfig({ ...DEFAULT_CONFIG, lr: 0.2 });
    controller.apply(store.getState());
    expect(commands()).toEqual(['configure', 'set']);
    expect(store.getState().runs[0].config.lr).toBe(0.2);
  });

  it('apply builds the experiment it is given, not what the store holds', () => {
    const { store, controller, workers } = setup();
    controller.apply({
      config: { ...DEFAULT_CONFIG, depth: 5 },
      comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
    });
    expect(store.getState().config).toEqual(DEFAULT_CONFIG);
    expect(store.getState().runs.map((r) => [r.id, r.config.depth])).toEqual([
      ['norm=none', 5],
      ['norm=batchnorm', 5],
    ]);
    expect(workers.flatMap((w) => w.received.map((c) => c.type))).toEqual(['configure', 'configure']);
  });

  it('a structural knob (depth) rebuilds the runs at step 0', () => {
    const { store, controller, commands } = setup();
    controller.apply(store.getState());
    store.getState().setConfig({ ...DEFAULT_CONFIG, depth: 5 });
    controller.apply(store.getState());
    expect(commands()).toEqual(['configure', 'configure']);
  });

  it('turning dropout on from 0 rebuilds (the layers must exist); changing a non-zero rate is live', () => {
    const { store, controller, commands } = setup();
    controller.apply(store.getState());
    store.getState().setConfig({ ...DEFAULT_CONFIG, dropout: 0.2 });
    controller.apply(store.getState());
    store.getState().setConfig({ ...DEFAULT_CONFIG, dropout: 0.3 });
    controller.apply(store.getState());
    expect(commands()).toEqual(['configure', 'configure', 'set']);
  });

  it('MNIST that cannot be fetched gives an error status that says what to do', async () => {
    const { store, controller } = setup();
    store.getState().setConfig({ ...DEFAULT_CONFIG, dataset: 'mnist' });
    controller.apply(store.getState());
    expect(store.getState().status).toBe('loading');
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().status).toBe('error');
    expect(store.getState().statusDetail).toContain('Could not load the MNIST digits (offline)');
  });

  it('Play pressed while the MNIST digits load starts training once they are in; a pause before that withdraws it', async () => {
    const loading = () => {
      const store = makeStore();
      let deliver: (bytes: ArrayBuffer) => void = () => {};
      const controller = new Controller({
        store,
        poolSize: 1,
        createWorker: () => new RecordingWorker(),
        fetchMnist: () => new Promise<ArrayBuffer>((resolve) => (deliver = resolve)),
      });
      store.getState().setConfig({ ...DEFAULT_CONFIG, dataset: 'mnist' });
      controller.apply(store.getState());
      controller.play();
      expect(store.getState().status).toBe('loading');
      return { store, controller, deliver: () => deliver(new ArrayBuffer(0)) };
    };
    const played = loading();
    played.deliver();
    await new Promise((r) => setTimeout(r, 0));
    expect(played.store.getState().status).toBe('training');

    const paused = loading();
    paused.controller.pause();
    paused.deliver();
    await new Promise((r) => setTimeout(r, 0));
    expect(paused.store.getState().status).toBe('idle');
  });

  it('a crashed worker shows an error and Reset starts a fresh worker', () => {
    const { store, controller, workers } = setup();
    controller.apply(store.getState());
    answered(workers[0]);
    workers[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    expect(store.getState().status).toBe('error');
    expect(store.getState().statusDetail).toContain('an engine worker stopped: out of memory');
    controller.reset();
    expect(workers).toHaveLength(2);
    expect(store.getState().status).toBe('idle');
  });

  it('in a comparison, each run records the layer it observes, and the default follows the first run whichever worker answers first', () => {
    const { store, controller, workers } = setup();
    store.getState().setComparison({ knob: 'norm', values: ['none', 'batchnorm'] });
    controller.apply(store.getState());
    const layers = (kinds: string[]): LayerInfo[] =>
      kinds.map((kind, index) => ({ index, kind, shape: [8], params: 0 }));
    const none = layers(['dense', 'tanh', 'dense']);
    const bn = layers(['dense', 'batchnorm', 'tanh', 'dense']);
    const answer = (w: number, runIds: string[], l: LayerInfo[][]) =>
      workers[w].onmessage?.({
        data: { type: 'configured', runIds, layers: l },
      } as MessageEvent<EngineEvent>);
    // The BatchNorm run's worker answers first: nothing is decided from it alone.
    answer(1, ['norm=batchnorm'], [bn]);
    expect(observedLayer(store.getState())).toBe(null);
    answer(0, ['norm=none'], [none]);
    // Each watches its own first normalizer: the BatchNorm run its BN layer (index 1), so the views
    // that explain one have it to show; the plain run, without one, its first activation (index 1).
    const runLayers = () => store.getState().runs.map((r) => runLayer(store.getState(), r));
    expect(runLayers()).toEqual([1, 1]);
    expect(store.getState().runs.map((r, i) => r.layers[runLayers()[i] ?? 0].kind)).toEqual([
      'tanh',
      'batchnorm',
    ]);
    expect(observedLayer(store.getState())).toBe(1);
    const observe = workers[0].received.filter((c) => c.type === 'observe' || c.type === 'configure');
    expect(observe.at(-1)).toMatchObject({ observe: { layer: { norm: 0 } } });
    // The reader picks index 3 (the diagram's layer 4): the same position in every run, clamped to
    // each model (the plain run has 3 layers).
    controller.setObserve({ layer: 3 });
    expect(runLayers()).toEqual([2, 3]);
  });

  it('while a race yields to the page, its numbers reach the page only with a round, and a pause brings the rest', async () => {
    vi.useFakeTimers();
    let frames: (() => void)[] = [];
    const draw = () => {
      for (const resolve of frames) resolve();
      frames = [];
    };
    const { store, controller, workers } = setup({
      cores: 2,
      waitForPage: () => new Promise<void>((resolve) => frames.push(resolve)),
    });
    store.getState().setComparison({ knob: 'norm', values: ['none', 'batchnorm'] });
    controller.apply(store.getState());
    /** Both workers answer the last step command each got: one round. */
    const answerRound = () =>
      workers.forEach((w, i) => {
        const command = w.received.filter((c) => c.type === 'step').at(-1);
        if (command?.type !== 'step') throw new Error('no round to answer');
        const runId = i === 0 ? 'norm=none' : 'norm=batchnorm';
        const step = w.received.flatMap((c) => (c.type === 'step' ? [c.count] : [])).reduce((a, b) => a + b);
        const snapshot = {
          runId,
          step,
          losses: new Float32Array(command.count).fill(0.5),
          test: null,
          msPerStep: 0.1,
          diverged: false,
          observation: null,
        };
        w.onmessage?.({
          data: { type: 'stepped', round: command.round, snapshots: [snapshot] },
        } as MessageEvent<EngineEvent>);
      });
    const shownStep = () => store.getState().runs[0].step;

    // A full-speed race yields to the page (a page opens at a slow start: its first rounds are slow motion).
    controller.setSpeed('full');
    controller.play();
    answerRound(); // round 1: the page gets it at once, then the workers wait for the page
    expect(shownStep()).toBe(1);
    draw();
    await vi.advanceTimersByTimeAsync(0);
    answerRound(); // round 2 comes within the throttle interval: held back
    expect(shownStep()).toBe(1);
    await vi.advanceTimersByTimeAsync(500); // the throttle's timer does not draw it meanwhile…
    expect(shownStep()).toBe(1);
    draw();
    await vi.advanceTimersByTimeAsync(0);
    answerRound(); // …the next round brings it, with its own numbers
    expect(shownStep()).toBe(7);

    // Held back again, then paused while the page draws: the pause brings the numbers.
    draw();
    await vi.advanceTimersByTimeAsync(0);
    answerRound();
    expect(shownStep()).toBe(7);
    await vi.advanceTimersByTimeAsync(500);
    controller.pause();
    await vi.advanceTimersByTimeAsync(500);
    expect(shownStep()).toBe(15);
    expect(store.getState().status).toBe('paused');
  });

  it('a yielding race waits for the page’s frame only after a round the page was shown; a held-back round goes straight on', async () => {
    vi.useFakeTimers();
    let frames: (() => void)[] = [];
    const { store, controller, workers } = setup({
      cores: 2,
      waitForPage: () => new Promise<void>((resolve) => frames.push(resolve)),
    });
    store.getState().setComparison({ knob: 'norm', values: ['none', 'batchnorm'] });
    controller.apply(store.getState());
    const stepsSent = () => workers[0].received.filter((c) => c.type === 'step').length;
    const answerRound = () =>
      workers.forEach((w, i) => {
        const command = w.received.filter((c) => c.type === 'step').at(-1);
        if (command?.type !== 'step') throw new Error('no round to answer');
        w.onmessage?.({
          data: {
            type: 'stepped',
            round: command.round,
            snapshots: [
              {
                runId: i === 0 ? 'norm=none' : 'norm=batchnorm',
                step: 1,
                losses: new Float32Array(command.count).fill(0.5),
                test: null,
                msPerStep: 0.1,
                diverged: false,
                observation: null,
              },
            ],
          },
        } as MessageEvent<EngineEvent>);
      });
    controller.setSpeed('full');
    controller.play();
    answerRound(); // shown at once: the workers wait for the page's frame
    await vi.advanceTimersByTimeAsync(0);
    expect(frames).toHaveLength(1);
    expect(stepsSent()).toBe(1);
    for (const resolve of frames) resolve();
    frames = [];
    await vi.advanceTimersByTimeAsync(0);
    expect(stepsSent()).toBe(2);
    answerRound(); // within the throttle interval: only recorded, nothing to draw, no wait
    await vi.advanceTimersByTimeAsync(0);
    expect(frames).toHaveLength(0);
    expect(stepsSent()).toBe(3);
    controller.pause();
  });

  it('a worker that stops answering without an error: after the watchdog’s wait the status says so, and Reset starts fresh workers', async () => {
    vi.useFakeTimers();
    const { store, controller, workers } = setup();
    store.getState().setComparison({ knob: 'norm', values: ['none', 'batchnorm'] });
    controller.apply(store.getState());
    controller.play(); // the recording workers never answer: two that stopped silently
    expect(store.getState().status).toBe('training');
    await vi.advanceTimersByTimeAsync(STALL_MIN_MS - 1);
    expect(store.getState().status).toBe('training');
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().status).toBe('error');
    expect(store.getState().statusDetail).toBe(
      'The engine stopped responding (no answer for 10 s). Press Reset to start it again.',
    );
    expect(store.getState().reloadNeeded).toBe(false);
    expect(workers.map((w) => w.terminated)).toEqual([true, true]);
    controller.reset();
    expect(workers).toHaveLength(4);
    expect(workers.slice(2).map((w) => w.received[0]?.type)).toEqual(['configure', 'configure']);
    expect(store.getState().status).toBe('idle');
  });

  it('a worker whose script cannot load (an error before any message) asks for a reload', () => {
    const { store, controller, workers } = setup();
    controller.apply(store.getState());
    workers[0].onerror?.({ preventDefault() {} } as ErrorEvent);
    expect(store.getState().status).toBe('error');
    expect(store.getState().statusDetail).toMatch(
      /^The engine could not load: .*Reload the page to continue\.$/,
    );
    expect(store.getState().reloadNeeded).toBe(true);
    controller.reset();
    expect(store.getState().reloadNeeded).toBe(false);
  });

  it("a run's step that throws (BatchNorm on one value per channel) pauses with the reason instead of a dead end: Play works without Reset", () => {
    const { store, controller, workers, commands } = setup();
    controller.apply(store.getState());
    controller.play();
    workers[0].onmessage?.({
      data: {
        type: 'error',
        runId: 'main',
        message: 'expected more than 1 value per channel when training, got input shape [1, 16]',
      },
    } as MessageEvent<EngineEvent>);
    expect(store.getState().status).toBe('paused');
    expect(store.getState().statusDetail).toContain(
      'could not take a step: expected more than 1 value per channel',
    );
    controller.play();
    expect(store.getState().status).toBe('training');
    // Nothing was rebuilt: the run keeps its steps.
    expect(commands().filter((c) => c === 'configure')).toHaveLength(1);
  });

  it('play/pause move the status between training and paused', () => {
    const { store, controller } = setup();
    controller.apply(store.getState());
    controller.play();
    expect(store.getState().status).toBe('training');
    controller.pause();
    expect(store.getState().status).toBe('paused');
  });
});
