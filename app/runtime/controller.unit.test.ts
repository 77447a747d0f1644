import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../engine/experiment.ts';
import type { Command, EngineEvent } from '../../engine/protocol.ts';
import { makeStore } from '../store/index.ts';
import { Controller, planRuns } from './controller.ts';
import type { WorkerLike } from './coordinator.ts';

class RecordingWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<EngineEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: Command[] = [];
  postMessage(command: Command): void {
    this.received.push(command);
  }
  terminate(): void {}
}

function setup() {
  const store = makeStore();
  const workers: RecordingWorker[] = [];
  const controller = new Controller({
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

  it('a comparison over group counts runs GroupNorm', () => {
    const runs = planRuns(DEFAULT_CONFIG, { knob: 'groups', values: [1, 16] });
    expect(runs.map((r) => [r.config.norm, r.config.groups])).toEqual([
      ['groupnorm', 1],
      ['groupnorm', 16],
    ]);
  });
});

describe('Controller', () => {
  it('a live knob (learning rate) is sent to the workers without rebuilding', () => {
    const { store, controller, commands } = setup();
    controller.apply();
    expect(commands()).toEqual(['configure']);
    store.getState().setConfig({ ...DEFAULT_CONFIG, lr: 0.2 });
    controller.apply();
    expect(commands()).toEqual(['configure', 'set']);
    expect(store.getState().runs[0].config.lr).toBe(0.2);
  });

  it('a structural knob (depth) rebuilds the runs at step 0', () => {
    const { store, controller, commands } = setup();
    controller.apply();
    store.getState().setConfig({ ...DEFAULT_CONFIG, depth: 5 });
    controller.apply();
    expect(commands()).toEqual(['configure', 'configure']);
  });

  it('turning dropout on from 0 rebuilds (the layers must exist); changing a non-zero rate is live', () => {
    const { store, controller, commands } = setup();
    controller.apply();
    store.getState().setConfig({ ...DEFAULT_CONFIG, dropout: 0.2 });
    controller.apply();
    store.getState().setConfig({ ...DEFAULT_CONFIG, dropout: 0.3 });
    controller.apply();
    expect(commands()).toEqual(['configure', 'configure', 'set']);
  });

  it('MNIST that cannot be fetched gives an error status that says what to do', async () => {
    const { store, controller } = setup();
    store.getState().setConfig({ ...DEFAULT_CONFIG, dataset: 'mnist' });
    controller.apply();
    expect(store.getState().status).toBe('loading');
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().status).toBe('error');
    expect(store.getState().statusDetail).toContain('Could not load the MNIST digits (offline)');
  });

  it('a crashed worker shows an error and Reset starts a fresh worker', () => {
    const { store, controller, workers } = setup();
    controller.apply();
    workers[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    expect(store.getState().status).toBe('error');
    expect(store.getState().statusDetail).toContain('an engine worker stopped: out of memory');
    controller.reset();
    expect(workers).toHaveLength(2);
    expect(store.getState().status).toBe('idle');
  });

  it('play/pause move the status between training and paused', () => {
    const { store, controller } = setup();
    controller.apply();
    controller.play();
    expect(store.getState().status).toBe('training');
    controller.pause();
    expect(store.getState().status).toBe('paused');
  });
});
