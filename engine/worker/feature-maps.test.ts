// The 'featureMaps' request (the feature-map view): one digit's maps out of every image-shaped
// layer of lesson 7's CNN, with the shapes the network diagram lists; the same request gives the
// same bits; a train-mode pass reads the batch's statistics, not the running ones, yet leaves the
// run untouched: running statistics come back bit for bit and the next training step is the one
// an unasked twin takes.

import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/experiment.ts';
import { hasRunningStats } from '../norm/index.ts';
import { loadMnist } from '../testing/node-mnist.ts';
import { handleCommand } from './handle-command.ts';
import { type Command, OBSERVE_NOTHING, type ServingMode } from './protocol.ts';
import { Session } from './session.ts';

const CNN: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  dataset: 'mnist',
  noise: 0,
  model: 'cnn',
  activation: 'relu',
  norm: 'batchnorm',
  placement: 'before',
  optimizer: 'adam',
  lr: 0.005,
  batchSize: 32,
  dropout: 0,
};
const TRAIN_STEPS = 20;

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

function ask(s: Session, mode: ServingMode, image: number, batch: number[], requestId?: number) {
  const command: Command = { type: 'featureMaps', runId: 'r', image, batch, mode, requestId };
  const reply = handleCommand(s, command);
  const event = reply.events[0];
  if (event?.type !== 'featureMapped')
    throw new Error(`expected featureMapped, got ${JSON.stringify(event)}`);
  return { event, transfer: reply.transfer };
}

function statistics(s: Session) {
  return s
    .run('r')
    .model.layers.filter(hasRunningStats)
    .map((l) => l.getState());
}

describe('featureMaps request', { timeout: 60_000 }, () => {
  it('returns the digit and every image-shaped layer with its [C, H, W], as the network lists them', () => {
    const s = trained(CNN);
    const { event, transfer } = ask(s, 'eval', 5, [4, 5, 6, 7], 9);
    expect(event.requestId).toBe(9);
    expect(event.step).toBe(TRAIN_STEPS);
    const r = event.result;
    expect(r.image).toBe(5);
    expect(r.label).toBe(s.run('r').test.y[5]);
    expect(r.predicted).toBeGreaterThanOrEqual(0);
    expect(r.predicted).toBeLessThan(10);
    expect(r.input.shape).toEqual([1, 28, 28]);
    expect(r.input.values).toEqual(s.run('r').test.x.slice(5 * 784, 6 * 784));
    // conv(8) → BN → ReLU → pool → conv(16) → BN → ReLU → pool, then flatten and the dense head.
    expect(r.layers.map((l) => l.kind)).toEqual([
      'conv2d',
      'batchnorm',
      'relu',
      'maxpool2d',
      'conv2d',
      'batchnorm',
      'relu',
      'maxpool2d',
    ]);
    expect(r.layers.map((l) => l.shape)).toEqual([
      [8, 28, 28],
      [8, 28, 28],
      [8, 28, 28],
      [8, 14, 14],
      [16, 14, 14],
      [16, 14, 14],
      [16, 14, 14],
      [16, 7, 7],
    ]);
    const model = s.run('r').model;
    for (const l of r.layers) {
      expect(l.values.length).toBe(l.shape[0] * l.shape[1] * l.shape[2]);
      expect(model.layers[l.index].kind).toBe(l.kind);
    }
    // After the ReLU nothing is negative; the normalizer's output is.
    expect(Math.min(...r.layers[2].values)).toBe(0);
    expect(Math.min(...r.layers[1].values)).toBeLessThan(0);
    expect(transfer.length).toBe(1 + r.layers.length);
  });

  it('is deterministic, and in eval mode a digit does not depend on its batch-mates', () => {
    const s = trained(CNN);
    const a = ask(s, 'eval', 5, [4, 5, 6, 7]).event.result;
    const b = ask(s, 'eval', 5, [4, 5, 6, 7]).event.result;
    const alone = ask(s, 'eval', 5, [5]).event.result;
    for (const [i, l] of a.layers.entries()) {
      expect(b.layers[i].values).toEqual(l.values);
      expect(alone.layers[i].values).toEqual(l.values);
    }
  });

  it('in train mode normalizes with the batch: each BatchNorm channel of a lone digit has mean 0', () => {
    const s = trained(CNN);
    const train = ask(s, 'train', 3, [3]).event.result;
    const evalMode = ask(s, 'eval', 3, [3]).event.result;
    const conv = train.layers[0];
    const bn = s.run('r').model.layers[1];
    if (!hasRunningStats(bn)) throw new Error('layer 1 is not a BatchNorm');
    // The normalizer's output minus β, divided by γ, is x̂: mean 0 over the lone digit's 28×28 positions.
    const [c, h, w] = conv.shape;
    for (let ch = 0; ch < c; ch++) {
      const gamma = bn.params()[0].value[ch];
      const beta = bn.params()[1].value[ch];
      let sum = 0;
      for (let p = 0; p < h * w; p++) sum += (train.layers[1].values[ch * h * w + p] - beta) / gamma;
      expect(Math.abs(sum / (h * w))).toBeLessThan(1e-4);
    }
    // The convolution before it has no mode; the normalizer's output differs between the modes.
    expect(train.layers[0].values).toEqual(evalMode.layers[0].values);
    expect(train.layers[1].values).not.toEqual(evalMode.layers[1].values);
  });

  it('leaves the run as it was: running statistics bit for bit, and the next steps match an unasked twin', () => {
    const asked = trained(CNN);
    const twin = trained(CNN);
    const before = statistics(asked);
    ask(asked, 'train', 10, [8, 9, 10, 11]);
    ask(asked, 'train', 0, [0]);
    expect(statistics(asked)).toEqual(before);
    const next = (s: Session) => {
      const e = handleCommand(s, { type: 'step', count: 5, round: 2 }).events.at(-1);
      if (e?.type !== 'stepped') throw new Error('expected stepped');
      return Array.from(e.snapshots[0].losses);
    };
    expect(next(asked)).toEqual(next(twin));
    expect(statistics(asked)).toEqual(statistics(twin));
  });

  it('answers a model that cannot take the request with an error, and changes nothing', () => {
    const mlp = trained({ ...CNN, model: 'mlp', depth: 1, width: 16 });
    const e = handleCommand(mlp, {
      type: 'featureMaps',
      runId: 'r',
      image: 0,
      batch: [0],
      mode: 'eval',
      requestId: 3,
    }).events[0];
    expect(e).toMatchObject({
      type: 'error',
      requestId: 3,
      message: expect.stringContaining('convolutional network'),
    });
    const s = trained(CNN);
    const before = statistics(s);
    const missing = handleCommand(s, {
      type: 'featureMaps',
      runId: 'r',
      image: 2,
      batch: [0, 1],
      mode: 'train',
    }).events[0];
    expect(missing).toMatchObject({
      type: 'error',
      message: expect.stringContaining('does not hold image 2'),
    });
    expect(statistics(s)).toEqual(before);
  });
});
