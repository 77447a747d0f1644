// The fixed probe set (ObserveRequest.probe): the tracked unit's percentiles over the same test
// samples at every snapshot, measured without touching training.

import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/experiment.ts';
import { hasRunningStats } from '../norm/index.ts';
import { PROBE_MODE, probeLayerInput, probeUnitPercentiles } from './observe.ts';
import type { ObserveRequest, RunSnapshot } from './protocol.ts';
import { Session } from './session.ts';

const OBSERVE: ObserveRequest = {
  layer: { activation: 1 },
  unit: 3,
  activations: true,
  channels: true,
  diagnostics: true,
  inspector: true,
  boundary: 0,
};

/** BatchNorm before the activation and dropout after it: both draw on or update state in train mode. */
const CONFIG: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  dataset: 'spiral',
  model: 'mlp',
  depth: 3,
  width: 16,
  norm: 'batchnorm',
  placement: 'before',
  dropout: 0.2,
  seed: 7,
};

function train(observe: ObserveRequest, rounds: number, stepsPerRound: number) {
  let t = 0;
  const session = new Session(() => (t += 0.25));
  session.configure([{ id: 'a', config: CONFIG }], observe, 0);
  const snapshots: RunSnapshot[] = [];
  for (let k = 0; k < rounds; k++) snapshots.push(...session.step(stepsPerRound).snapshots);
  return { session, snapshots, run: session.run('a') };
}

function allParams(session: Session): number[] {
  return session.runs.flatMap((run) => run.model.params().flatMap((p) => Array.from(p.value)));
}

function allRunningStats(session: Session): number[] {
  return session.runs.flatMap((run) =>
    run.model.layers
      .filter(hasRunningStats)
      .flatMap((l) => [...l.runningMean, ...l.runningVar, l.numBatchesTracked]),
  );
}

describe('the fixed probe set', () => {
  it('training is bit-identical with and without the probe: same losses, weights, running statistics and batches', () => {
    const plain = train(OBSERVE, 12, 5);
    const probed = train({ ...OBSERVE, probe: { count: 40 } }, 12, 5);
    expect(probed.snapshots.map((s) => Array.from(s.losses))).toEqual(
      plain.snapshots.map((s) => Array.from(s.losses)),
    );
    expect(allParams(probed.session)).toEqual(allParams(plain.session));
    expect(allRunningStats(probed.session)).toEqual(allRunningStats(plain.session));
    // The batcher's stream (and so the next batch) and the dropout masks' stream are where they were.
    expect(Array.from(probed.run.batcher.next(8).x)).toEqual(Array.from(plain.run.batcher.next(8).x));
    const next = (s: Session) => Array.from(s.step(1).snapshots[0].losses);
    expect(next(probed.session)).toEqual(next(plain.session));
    // The other views still describe the step's own batch.
    const [a, b] = [plain, probed].map((r) => r.snapshots[r.snapshots.length - 1].observation);
    expect(b?.histograms).toEqual(a?.histograms);
    expect(b?.channels).toEqual(a?.channels);
    expect(b?.inspector).toEqual(a?.inspector);
    expect(b?.cells).toEqual(a?.cells);
    expect(b?.unitPercentiles).not.toEqual(a?.unitPercentiles);
  });

  it('the percentiles are over the first `count` test samples, at the current weights, in PROBE_MODE', () => {
    const { session, snapshots, run } = train({ ...OBSERVE, probe: { count: 40 } }, 3, 4);
    expect(PROBE_MODE).toBe('train');
    const layer = snapshots[snapshots.length - 1].observation?.layer ?? -1;
    expect(run.model.layers[layer].kind).toBe('tanh');
    const size = run.inputShape.reduce((a, b) => a * b, 1);
    const x = run.test.x.subarray(0, 40 * size);
    const expected = probeUnitPercentiles(run.model, layer, 3, x, 40, PROBE_MODE);
    expect(snapshots[snapshots.length - 1].observation?.unitPercentiles).toEqual(expected);
    // The same inputs every time: with the weights unchanged, the same numbers.
    expect(probeUnitPercentiles(run.model, layer, 3, x, 40)).toEqual(expected);
    // Train mode standardizes over the probe set: the BN output feeding the unit has mean β, std γ.
    const z = probeLayerInput(run.model, layer, x, 40, 'train');
    const bn = run.model.layers[layer - 1];
    expect(bn.kind).toBe('batchnorm');
    const gamma = bn.params()[0].value[3];
    const beta = bn.params()[1].value[3];
    const column = Array.from({ length: 40 }, (_, i) => z[i * 16 + 3]);
    const mean = column.reduce((s, v) => s + v, 0) / 40;
    const sd = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / 40);
    expect(mean).toBeCloseTo(beta, 4);
    expect(sd).toBeCloseTo(Math.abs(gamma), 2);
    expect(run.probeSet?.count).toBe(40);
    // A count larger than the test split is clamped to it.
    session.observe = { ...OBSERVE, probe: { count: 1e9 } };
    session.step(1);
    expect(run.probeSet?.count).toBe(run.test.count);
  });

  it('without a probe the percentiles are over the step’s batch, as before', () => {
    const { snapshots, run } = train(OBSERVE, 1, 1);
    const observation = snapshots[0].observation;
    expect(observation?.unitPercentiles).not.toBeNull();
    expect(run.probeSet).toBeNull();
  });
});

describe('gradient accumulation in a session (config accumSteps)', () => {
  const observeNothing: ObserveRequest = {
    ...OBSERVE,
    activations: false,
    channels: false,
    diagnostics: false,
    inspector: false,
  };
  const losses = (config: ExperimentConfig, steps: number) => {
    const session = new Session(() => 0);
    session.configure([{ id: 'a', config }], observeNothing, 0);
    const out = session.step(steps).snapshots[0].losses;
    return { out: Array.from(out), run: session.run('a') };
  };

  it('a step takes accumSteps micro-batches of batchSize: without a normalizer 4 × 8 trains like one batch of 32', () => {
    const plain = { ...CONFIG, norm: 'none' as const, dropout: 0 };
    const big = losses({ ...plain, batchSize: 32 }, 20);
    const accumulated = losses({ ...plain, batchSize: 8, accumSteps: 4 }, 20);
    expect(accumulated.run.step).toBe(20);
    accumulated.out.forEach((l, i) => {
      expect(l).toBeCloseTo(big.out[i], 4);
    });
  });

  it('with BatchNorm the micro-batches are normalized apart: the running statistics move 4 times per step', () => {
    const { run } = losses({ ...CONFIG, dropout: 0, batchSize: 8, accumSteps: 4 }, 5);
    const bn = run.model.layers.find((l) => l.kind === 'batchnorm') as unknown as {
      numBatchesTracked: number;
    };
    expect(bn.numBatchesTracked).toBe(20);
  });
});
