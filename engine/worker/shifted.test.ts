// The 'shifted' request (lesson 11): clean / shifted / AdaBN accuracy of a trained MNIST run,
// answered without changing the model: running statistics come back bit for bit, so the next
// training step is the one an unmeasured twin takes; a GroupNorm run has nothing to adapt; the
// answer is seeded (same request, same numbers).

import { describe, expect, it } from 'vitest';
import type { ShiftSpec } from '../data/shift.ts';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/experiment.ts';
import { hasRunningStats } from '../norm/index.ts';
import { loadMnist } from '../testing/node-mnist.ts';
import { handleCommand } from './handle-command.ts';
import { OBSERVE_NOTHING } from './protocol.ts';
import { Session } from './session.ts';

const MNIST_MLP: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  dataset: 'mnist',
  noise: 0,
  depth: 1,
  width: 32,
  activation: 'relu',
  optimizer: 'adam',
  lr: 0.005,
};
const WASHED_OUT: ShiftSpec = { type: 'brightnessContrast', brightness: 0.25, contrast: 0.5 };
const TRAIN_STEPS = 60;

function trained(config: ExperimentConfig): Session {
  const s = new Session(() => 0);
  s.mnist = loadMnist();
  handleCommand(s, {
    type: 'configure',
    runs: [{ id: 'r', config }],
    observe: OBSERVE_NOTHING,
    evalEvery: 0,
  });
  handleCommand(s, { type: 'step', count: TRAIN_STEPS, round: 1 });
  return s;
}

function ask(s: Session, shift: ShiftSpec, adaptBatches: number, requestId?: number) {
  const event = handleCommand(s, {
    type: 'shifted',
    runId: 'r',
    shift,
    adaptBatches,
    batchSize: 32,
    requestId,
  }).events[0];
  if (event?.type !== 'shifted') throw new Error(`expected shifted, got ${JSON.stringify(event)}`);
  return event;
}

function statistics(s: Session) {
  return s
    .run('r')
    .model.layers.filter(hasRunningStats)
    .map((l) => l.getState());
}

describe("the 'shifted' request", () => {
  it('answers with its requestId, the step, and clean > shifted < adapted on a washed-out shift (BatchNorm MLP)', () => {
    const s = trained(MNIST_MLP);
    const reply = ask(s, WASHED_OUT, 4, 9);
    expect(reply.requestId).toBe(9);
    expect(reply.step).toBe(TRAIN_STEPS);
    const r = reply.result;
    expect(r.adaptable).toBe(true);
    expect(r.adaptBatches).toBe(4);
    expect(r.shift).toEqual(WASHED_OUT);
    expect(r.shiftedAccuracy).toBeLessThan(r.cleanAccuracy - 0.2);
    expect(r.adaptedAccuracy).toBeGreaterThan(r.shiftedAccuracy + 0.2);
  });

  it('restores every running statistic exactly: the next training step matches an unmeasured twin bit for bit', () => {
    const measured = trained(MNIST_MLP);
    const twin = trained(MNIST_MLP);
    const before = statistics(measured);
    ask(measured, WASHED_OUT, 8);
    ask(measured, { type: 'noise', std: 0.4, seed: 5 }, 3);
    expect(statistics(measured)).toEqual(before);
    const a = measured.step(5).snapshots[0];
    const b = twin.step(5).snapshots[0];
    expect(Array.from(a.losses)).toEqual(Array.from(b.losses));
    expect(statistics(measured)).toEqual(statistics(twin));
  });

  it('is seeded: the same request gives the same numbers; another batch count gives an independent answer', () => {
    const s = trained(MNIST_MLP);
    const first = ask(s, WASHED_OUT, 2).result;
    ask(s, WASHED_OUT, 16);
    expect(ask(s, WASHED_OUT, 2).result).toEqual(first);
  });

  it('GroupNorm keeps no statistics: AdaBN is a no-op and says so', () => {
    const s = trained({ ...MNIST_MLP, norm: 'groupnorm', groups: 4 });
    const r = ask(s, WASHED_OUT, 8).result;
    expect(r.adaptable).toBe(false);
    expect(r.adaptBatches).toBe(0);
    expect(r.adaptedAccuracy).toBe(r.shiftedAccuracy);
  });

  it('a toy-data run, an unknown run, or batches of one image answer with a named error', () => {
    const toy = new Session(() => 0);
    handleCommand(toy, {
      type: 'configure',
      runs: [{ id: 'r', config: DEFAULT_CONFIG }],
      observe: OBSERVE_NOTHING,
      evalEvery: 0,
    });
    const errorOf = (s: Session, runId: string, batchSize: number) =>
      handleCommand(s, {
        type: 'shifted',
        runId,
        shift: { type: 'invert' },
        adaptBatches: 1,
        batchSize,
        requestId: 3,
      }).events[0];
    expect(errorOf(toy, 'r', 32)).toMatchObject({
      type: 'error',
      requestId: 3,
      message: expect.stringContaining('MNIST'),
    });
    const s = trained(MNIST_MLP);
    expect(errorOf(s, 'nope', 32)).toMatchObject({
      type: 'error',
      message: 'no run with id "nope" in this worker',
    });
    expect(errorOf(s, 'r', 1)).toMatchObject({
      type: 'error',
      message: expect.stringContaining('at least 2 images'),
    });
  });
});
