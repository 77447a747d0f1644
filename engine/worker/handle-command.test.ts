import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { BATCH_STATISTICS_RULE, DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/experiment.ts';
import { hasRunningStats } from '../norm/index.ts';
import { HELLO_SAMPLE_SIZE, handleCommand } from './handle-command.ts';
import type { ObserveRequest } from './protocol.ts';
import { BOUNDARY_INTERVAL_MS, Session } from './session.ts';

const OBSERVE_ALL: ObserveRequest = {
  layer: 1,
  unit: 0,
  activations: true,
  channels: true,
  diagnostics: true,
  inspector: true,
  boundary: 8,
};

/** Configures one run with no observation and no periodic evaluation. */
function configureQuiet(s: Session, id: string, config: ExperimentConfig): void {
  handleCommand(s, { type: 'configure', runs: [{ id, config }], observe: QUIET, evalEvery: 0 });
}

const QUIET: ObserveRequest = {
  ...OBSERVE_ALL,
  activations: false,
  channels: false,
  diagnostics: false,
  inspector: false,
  boundary: 0,
};

function session(): Session {
  let t = 0;
  return new Session(() => (t += 0.25));
}

describe('handleCommand', () => {
  it('hello replies with the seeded stream the page can compare against node', () => {
    const { events } = handleCommand(session(), { type: 'hello', seed: 42 });
    const rng = new Rng(42);
    expect(events).toEqual([
      { type: 'hello', seed: 42, sample: Array.from({ length: HELLO_SAMPLE_SIZE }, () => rng.nextUint32()) },
    ]);
  });

  it('a request’s reply and the error it raised carry its requestId; other events do not', () => {
    const s = session();
    expect(handleCommand(s, { type: 'hello', seed: 1, requestId: 5 }).events[0]).toMatchObject({
      type: 'hello',
      requestId: 5,
    });
    expect(handleCommand(s, { type: 'evaluate', runId: 'missing', requestId: 6 }).events).toEqual([
      { type: 'error', runId: 'missing', message: expect.any(String), requestId: 6 },
    ]);
    expect(handleCommand(s, { type: 'hello', seed: 1 }).events[0]).not.toHaveProperty('requestId');
  });

  it('sequences: lesson 10’s study replies with one row per normalizer; a bad padded length is an error event', () => {
    const options = {
      seed: 1,
      trainCount: 64,
      testCount: 20,
      minLength: 2,
      maxLength: 6,
      hidden: 4,
      lr: 0.01,
      batchSize: 8,
      steps: 5,
      pads: [10],
    };
    const [reply] = handleCommand(session(), { type: 'sequences', runId: 'r', options, requestId: 3 }).events;
    if (reply.type !== 'sequenced') throw new Error(`expected 'sequenced', got ${reply.type}`);
    expect(reply.requestId).toBe(3);
    expect(reply.study.rows.map((r) => r.norm)).toEqual(['batchnorm', 'layernorm', 'rmsnorm']);
    expect(reply.study.rows[1].padMove).toEqual([0]);
    expect(reply.study.testCount).toBe(20);
    expect(
      handleCommand(session(), {
        type: 'sequences',
        runId: 'r',
        options: { ...options, pads: [3] },
        requestId: 4,
      }).events,
    ).toEqual([
      {
        type: 'error',
        runId: 'r',
        message: 'a padded length must be a whole number ≥ 6, got 3',
        requestId: 4,
      },
    ]);
  });

  it('an unknown command becomes an error event instead of a throw', () => {
    const { events } = handleCommand(session(), { type: 'nope' } as never);
    expect(events).toEqual([{ type: 'error', runId: null, message: 'unhandled message: {"type":"nope"}' }]);
  });

  it('configure then step returns one snapshot per run, losses and observations as transferable buffers', () => {
    const s = session();
    const configured = handleCommand(s, {
      type: 'configure',
      runs: [
        { id: 'none', config: { ...DEFAULT_CONFIG, norm: 'none' } },
        { id: 'bn', config: { ...DEFAULT_CONFIG, norm: 'batchnorm' } },
      ],
      observe: OBSERVE_ALL,
      evalEvery: 5,
    });
    expect(configured.events[0]).toMatchObject({ type: 'configured', runIds: ['none', 'bn'] });
    const { events, transfer } = handleCommand(s, { type: 'step', count: 10, round: 1 });
    const stepped = events.at(-1);
    if (stepped?.type !== 'stepped') throw new Error('expected a stepped event');
    expect(stepped.round).toBe(1);
    expect(stepped.snapshots.map((x) => [x.runId, x.step, x.losses.length])).toEqual([
      ['none', 10, 10],
      ['bn', 10, 10],
    ]);
    expect(stepped.snapshots[0].test).toMatchObject({ step: 10 });
    const bn = stepped.snapshots[1].observation;
    expect(bn?.channels?.runningMean).toHaveLength(DEFAULT_CONFIG.width);
    expect(bn?.inspector?.x.length).toBeGreaterThan(1);
    expect(bn?.boundary?.label).toHaveLength(64);
    expect(transfer).toContain(stepped.snapshots[0].losses.buffer);
    expect(new Set(transfer).size).toBe(transfer.length);
  });

  it('a non-finite or exploded loss becomes a diverged event with step and cause, and the run stops', () => {
    const s = session();
    configureQuiet(s, 'hot', { ...DEFAULT_CONFIG, norm: 'none', lr: 10 });
    const { events } = handleCommand(s, { type: 'step', count: 200, round: 1 });
    const diverged = events.find((e) => e.type === 'diverged');
    expect(diverged).toMatchObject({ type: 'diverged', runId: 'hot' });
    if (diverged?.type !== 'diverged') return;
    expect(diverged.cause).toContain('learning rate 10 is too high');
    const stepped = events.at(-1);
    if (stepped?.type !== 'stepped') throw new Error('expected a stepped event');
    expect(stepped.snapshots[0]).toMatchObject({ diverged: true, step: diverged.step });
    const again = handleCommand(s, { type: 'step', count: 5, round: 2 }).events.at(-1);
    expect(again?.type === 'stepped' && again.snapshots[0].step).toBe(diverged.step);
  });

  it('at full speed the decision-boundary grid refreshes at most every BOUNDARY_INTERVAL_MS, however small the round; a round that asks for it (manual step, slow motion) always gets one', () => {
    let now = 0;
    const s = new Session(() => now);
    handleCommand(s, {
      type: 'configure',
      runs: [{ id: 'a', config: DEFAULT_CONFIG }],
      observe: OBSERVE_ALL,
      evalEvery: 0,
    });
    const grid = (count: number, boundary?: 'always') => {
      const stepped = handleCommand(s, {
        type: 'step',
        count,
        round: 1,
        ...(boundary ? { boundary } : {}),
      }).events.at(-1);
      if (stepped?.type !== 'stepped') throw new Error('expected a stepped event');
      return stepped.snapshots[0].observation?.boundary ?? null;
    };
    expect(grid(20)).not.toBeNull(); // the first round has one
    now += BOUNDARY_INTERVAL_MS / 2;
    expect(grid(20)).toBeNull(); // too soon: the page keeps the last grid
    expect(grid(3)).toBeNull(); // a small round (a checkpoint's) too: the grid cost lesson 8 4.5x its training
    expect(grid(1, 'always')).not.toBeNull(); // a manual step shows the model just stepped
    expect(grid(1, 'always')).not.toBeNull();
    now += BOUNDARY_INTERVAL_MS;
    expect(grid(3)).not.toBeNull();
  });

  it('boundaries returns the grid of each 2-D run’s current model without training, and none when not asked for', () => {
    const s = session();
    handleCommand(s, {
      type: 'configure',
      runs: [
        { id: 'a', config: DEFAULT_CONFIG },
        { id: 'b', config: { ...DEFAULT_CONFIG, norm: 'none' } },
      ],
      observe: OBSERVE_ALL,
      evalEvery: 0,
    });
    handleCommand(s, { type: 'step', count: 30, round: 1 });
    const { events, transfer } = handleCommand(s, { type: 'boundaries' });
    const reply = events[0];
    if (reply?.type !== 'boundaries') throw new Error('expected a boundaries event');
    expect(reply.boundaries.map((b) => [b.runId, b.step, b.boundary.label.length])).toEqual([
      ['a', 30, 64],
      ['b', 30, 64],
    ]);
    expect(s.run('a').step).toBe(30); // no training
    expect(transfer).toContain(reply.boundaries[0].boundary.confidence.buffer);
    // Asking again gives the same grid: the model did not change.
    const again = handleCommand(s, { type: 'boundaries' }).events[0];
    expect(again?.type === 'boundaries' && Array.from(again.boundaries[0].boundary.label)).toEqual(
      Array.from(reply.boundaries[0].boundary.label),
    );
    handleCommand(s, { type: 'observe', observe: QUIET });
    expect(handleCommand(s, { type: 'boundaries' }).events).toEqual([{ type: 'boundaries', boundaries: [] }]);
  });

  it('set lr applies to the next step without a reset', () => {
    const s = session();
    configureQuiet(s, 'a', DEFAULT_CONFIG);
    handleCommand(s, { type: 'step', count: 3, round: 1 });
    handleCommand(s, { type: 'set', runId: null, param: 'lr', value: 0.2 });
    expect(s.run('a').config.lr).toBe(0.2);
    expect(s.run('a').model.optimizer.learningRate).toBe(0.2);
    expect(s.run('a').step).toBe(3);
  });

  it("set a normalizer's live knob (BN momentum) reaches every layer that has it; a knob not declared live is refused", () => {
    const s = session();
    configureQuiet(s, 'a', DEFAULT_CONFIG);
    handleCommand(s, { type: 'set', runId: null, param: 'bnMomentum', value: 0.3 });
    const norms = s.run('a').model.layers.filter(hasRunningStats);
    expect(norms.length).toBeGreaterThan(0);
    for (const layer of norms) expect(layer.momentum).toBe(0.3);
    expect(s.run('a').config.bnMomentum).toBe(0.3);
    const { events } = handleCommand(s, { type: 'set', runId: null, param: 'groups', value: 4 });
    expect(events[0]).toMatchObject({ type: 'error', message: 'groups cannot change live: rebuild the run' });
  });

  it('BatchNorm MLP at batch size 1: configure refuses it with the rule; a live change to 1 stops the step, and the run recovers', () => {
    const s = session();
    const refused = handleCommand(s, {
      type: 'configure',
      runs: [{ id: 'bn', config: { ...DEFAULT_CONFIG, batchSize: 1 } }],
      observe: { ...OBSERVE_ALL, boundary: 0 },
      evalEvery: 0,
    }).events[0];
    expect(refused?.type === 'error' && refused.message).toContain(BATCH_STATISTICS_RULE);
    // The safety net behind the rules: a live change the rules would refuse reaches the layer.
    configureQuiet(s, 'bn', DEFAULT_CONFIG);
    handleCommand(s, { type: 'step', count: 2, round: 1 });
    handleCommand(s, { type: 'set', runId: null, param: 'batchSize', value: 1 });
    const { events } = handleCommand(s, { type: 'step', count: 3, round: 1 });
    expect(events[0]).toEqual({
      type: 'error',
      runId: 'bn',
      message: `expected more than 1 value per channel when training, got input shape [1, ${DEFAULT_CONFIG.width}]`,
    });
    const stepped = events.at(-1);
    expect(stepped?.type === 'stepped' && stepped.snapshots[0].step).toBe(2);
    // Back to a valid batch size, the next step trains on from step 2.
    handleCommand(s, { type: 'set', runId: null, param: 'batchSize', value: 8 });
    const again = handleCommand(s, { type: 'step', count: 3, round: 1 }).events.at(-1);
    expect(again?.type === 'stepped' && again.snapshots[0].step).toBe(5);
  });

  it('a step that threw is tried again at the next step command (Play retries without a Reset)', () => {
    const s = session();
    configureQuiet(s, 'bn', DEFAULT_CONFIG);
    s.run('bn').config = { ...s.run('bn').config, batchSize: 1 };
    expect(handleCommand(s, { type: 'step', count: 2, round: 1 }).events[0]?.type).toBe('error');
    // The cause goes away without a `set` (for instance the engine is fixed underneath): Play trains.
    s.run('bn').config = { ...s.run('bn').config, batchSize: 4 };
    const again = handleCommand(s, { type: 'step', count: 2, round: 1 }).events.at(-1);
    expect(again?.type === 'stepped' && again.snapshots[0].step).toBe(2);
  });
});

describe('serve', () => {
  function trained(): Session {
    const s = session();
    configureQuiet(s, 'bn', DEFAULT_CONFIG);
    handleCommand(s, { type: 'step', count: 200, round: 1 });
    return s;
  }

  it('eval mode is deterministic and leaves the running statistics alone', () => {
    const s = trained();
    const serve = () => {
      const reply = handleCommand(s, {
        type: 'serve',
        runId: 'bn',
        mode: 'eval',
        batchSize: 1,
        offset: 0,
        count: 20,
        requestId: 7,
      }).events[0];
      if (reply?.type !== 'served') throw new Error('expected served');
      return reply;
    };
    const a = serve();
    const b = serve();
    expect(a.requestId).toBe(7);
    expect(Array.from(a.result.predicted)).toEqual(Array.from(b.result.predicted));
    expect(a.result.runningStatsDrift).toBe(0);
  });

  it('train mode at batch size 1 on a dense BatchNorm raises the framework error and changes nothing', () => {
    const s = trained();
    const reply = handleCommand(s, {
      type: 'serve',
      runId: 'bn',
      mode: 'train',
      batchSize: 1,
      offset: 0,
      count: 5,
    }).events[0];
    if (reply?.type !== 'served') throw new Error('expected served');
    expect(reply.result.error).toContain('expected more than 1 value per channel when training');
    expect(reply.result.otherError).toBeNull();
    expect(reply.result.runningStatsDrift).toBe(0);
    // Served in eval mode instead, the same impossibility is reported for the other mode, not as 0 %.
    const evalReply = handleCommand(s, {
      type: 'serve',
      runId: 'bn',
      mode: 'eval',
      batchSize: 1,
      offset: 0,
      count: 5,
    }).events[0];
    if (evalReply?.type !== 'served') throw new Error('expected served');
    expect(evalReply.result.error).toBeNull();
    expect(evalReply.result.otherError).toContain('expected more than 1 value per channel when training');
  });

  it("train mode: one image's prediction depends on its batch-mates, and serving moves the running statistics", () => {
    const s = trained();
    const predictionsOfImage0 = new Set<number>();
    let drift = 0;
    for (let k = 1; k < 40; k += 3) {
      const reply = handleCommand(s, {
        type: 'serve',
        runId: 'bn',
        mode: 'train',
        batchSize: 4,
        offset: 0,
        count: 4,
        indices: [0, k, k + 1, k + 2],
      }).events[0];
      if (reply?.type !== 'served') throw new Error('expected served');
      expect(Array.from(reply.result.indices)).toEqual([0, k, k + 1, k + 2]);
      predictionsOfImage0.add(reply.result.predicted[0]);
      drift = Math.max(drift, reply.result.runningStatsDrift);
    }
    expect(drift).toBeGreaterThan(0);
    // A change of a statistic, not of the batch counter (13 batches were served).
    expect(drift).toBeLessThan(1);
    expect(predictionsOfImage0.size).toBeGreaterThan(1);
  });

  it('spread and fit (lesson 12) reply with the run’s step and results, tagged with their requestId', () => {
    const s = trained();
    const spread = handleCommand(s, {
      type: 'spread',
      runId: 'bn',
      image: 0,
      batchSizes: [4, 16],
      draws: 8,
      seed: 1,
      requestId: 3,
    }).events[0];
    if (spread?.type !== 'spread') throw new Error('expected spread');
    expect(spread).toMatchObject({ runId: 'bn', step: 200, requestId: 3 });
    expect(spread.result.batchSizes).toEqual([4, 16]);
    expect(spread.result.spread[0]).toBeGreaterThan(spread.result.spread[1]);
    const fit = handleCommand(s, { type: 'fit', runId: 'bn', requestId: 4 }).events[0];
    if (fit?.type !== 'fitted') throw new Error('expected fitted');
    expect(fit).toMatchObject({ runId: 'bn', step: 200, requestId: 4 });
    const run = s.run('bn');
    expect(fit.result.test.accuracy).toBe(s.evaluateRun(run, run.test).accuracy);
    expect(fit.result.effectiveStep).toBeGreaterThan(0);
    const bad = handleCommand(s, {
      type: 'spread',
      runId: 'bn',
      image: -1,
      batchSizes: [4],
      draws: 8,
      seed: 1,
      requestId: 5,
    }).events[0];
    expect(bad).toMatchObject({ type: 'error', runId: 'bn', requestId: 5 });
  });
});

describe('fold', () => {
  function trained(config: ExperimentConfig = DEFAULT_CONFIG): Session {
    const s = session();
    configureQuiet(s, 'run', config);
    handleCommand(s, { type: 'step', count: 100, round: 1 });
    return s;
  }

  it('folds the BatchNorms away: eval-mode logits agree, train-mode ones do not, and the run is untouched', () => {
    const s = trained();
    const model = s.run('run').model;
    const norms = model.layers.filter((l) => hasRunningStats(l));
    const stats = () => norms.map((l) => [Array.from(l.runningMean), Array.from(l.runningVar)]);
    const before = stats();
    const x = s.run('run').test.x.subarray(0, 2 * 10);
    const logits = Array.from(model.forward(x, 10, 'eval'));
    const reply = handleCommand(s, { type: 'fold', runId: 'run', count: 300, batchSize: 8, requestId: 3 })
      .events[0];
    if (reply?.type !== 'folded') throw new Error(`expected folded, got ${JSON.stringify(reply)}`);
    const r = reply.result;
    expect(reply.requestId).toBe(3);
    expect(r.step).toBe(100);
    expect(r.images).toBe(Math.min(300, s.run('run').test.count));
    // DEFAULT_CONFIG: dense -> BN -> tanh, three times, then the output layer.
    expect([r.layersBefore, r.layersAfter, r.batchNormsBefore, r.batchNormsAfter]).toEqual([10, 7, 3, 0]);
    expect(r.normalizersLeft).toEqual([]);
    expect(r.multipliesBefore - r.multipliesAfter).toBe(3 * 16);
    expect(r.maxDifference).toBeLessThan(1e-4);
    expect(r.foldedAccuracy).toBe(r.accuracy);
    expect(r.changedFromEval).toBe(0);
    expect(r.trainModeDifference).toBeGreaterThan(1e-2);
    expect(stats()).toEqual(before);
    expect(Array.from(model.forward(x, 10, 'eval'))).toEqual(logits);
  });

  it('a GroupNorm run: nothing folds, its normalizers stay', () => {
    const s = trained({ ...DEFAULT_CONFIG, norm: 'groupnorm', groups: 4 });
    const reply = handleCommand(s, { type: 'fold', runId: 'run', count: 50, batchSize: 8 }).events[0];
    if (reply?.type !== 'folded') throw new Error('expected folded');
    expect(reply.result.layersAfter).toBe(reply.result.layersBefore);
    expect(reply.result.normalizersLeft).toEqual(['groupnorm', 'groupnorm', 'groupnorm']);
    expect(reply.result.multipliesAfter).toBe(reply.result.multipliesBefore);
    expect(reply.result.maxDifference).toBe(0);
  });

  it('a train-mode batch size below 2 is an error event carrying the requestId', () => {
    const s = trained();
    expect(
      handleCommand(s, { type: 'fold', runId: 'run', count: 10, batchSize: 1, requestId: 9 }).events,
    ).toEqual([
      {
        type: 'error',
        runId: 'run',
        message: 'fold: the train-mode batch size must be an integer of at least 2 (got 1)',
        requestId: 9,
      },
    ]);
  });
});
