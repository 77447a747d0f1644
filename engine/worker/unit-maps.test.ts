// The 'unitMaps' request (the network diagram's unit pictures): each picture is one unit's output
// over a grid of the data's plane, equal to forwarding that grid point alone through the model in
// eval mode; the first dense layer's pictures are its affine map of the grid's (x, y), row 0 at the
// top; asking changes nothing: weights and running statistics come back bit for bit and the next
// steps are the ones an unasked twin takes. Three seeds.

import { describe, expect, it } from 'vitest';
import { pointsExtent } from '../data/extent.ts';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/experiment.ts';
import { hasRunningStats } from '../norm/index.ts';
import { loadMnist } from '../testing/node-mnist.ts';
import { handleCommand } from './handle-command.ts';
import { type Command, OBSERVE_NOTHING } from './protocol.ts';
import { Session } from './session.ts';

const SEEDS = [1, 2, 3];
const TRAIN_STEPS = 30;
const RES = 12;
/** float32 outputs of a lone point against the same point inside the grid's batch (GEMM order may differ). */
const POINT_TOLERANCE = 1e-5;
/** The first dense layer recomputed in float64 against the engine's float32. */
const AFFINE_TOLERANCE = 1e-5;

const BN: ExperimentConfig = {
  ...DEFAULT_CONFIG,
  norm: 'batchnorm',
  placement: 'before',
  depth: 2,
  width: 12,
};

function trained(config: ExperimentConfig): Session {
  const s = new Session(() => 0);
  handleCommand(s, {
    type: 'configure',
    runs: [{ id: 'r', config }],
    observe: OBSERVE_NOTHING,
    evalEvery: 0,
  });
  handleCommand(s, { type: 'step', count: TRAIN_STEPS, round: 1 });
  return s;
}

function ask(s: Session, layers: number[], units: number, requestId?: number) {
  const command: Command = { type: 'unitMaps', runId: 'r', res: RES, layers, units, requestId };
  const reply = handleCommand(s, command);
  const event = reply.events[0];
  if (event?.type !== 'unitMapped') throw new Error(`expected unitMapped, got ${JSON.stringify(event)}`);
  return { event, transfer: reply.transfer };
}

/** Every parameter and running statistic of the run, copied. */
function state(s: Session) {
  const model = s.run('r').model;
  return {
    params: model.layers.flatMap((l) => l.params().map((p) => Array.from(p.value))),
    stats: model.layers.filter(hasRunningStats).map((l) => l.getState()),
  };
}

function nextLosses(s: Session): number[] {
  const e = handleCommand(s, { type: 'step', count: 5, round: 2 }).events.at(-1);
  if (e?.type !== 'stepped') throw new Error('expected stepped');
  return Array.from(e.snapshots[0].losses);
}

describe('unitMaps request', () => {
  for (const seed of SEEDS) {
    it(`each picture is its unit's eval-mode output at each grid point, BN MLP seed ${seed}`, () => {
      const s = trained({ ...BN, seed });
      const model = s.run('r').model;
      // dense → batchnorm → tanh → dense → batchnorm → tanh → dense (logits)
      expect(model.layers.map((l) => l.kind)).toEqual([
        'dense',
        'batchnorm',
        'tanh',
        'dense',
        'batchnorm',
        'tanh',
        'dense',
      ]);
      const layers = [0, 1, 2, 3, 4, 5];
      const { event, transfer } = ask(s, layers, 8, 7);
      expect(event.requestId).toBe(7);
      expect(event.step).toBe(TRAIN_STEPS);
      const r = event.result;
      expect(r.mode).toBe('eval');
      expect(r.res).toBe(RES);
      expect(transfer.length).toBe(layers.length);
      const extent = pointsExtent(s.run('r').train.x, s.run('r').train.count);
      expect({ x0: r.x0, x1: r.x1, y0: r.y0, y1: r.y1 }).toEqual(extent);
      expect(r.layers.map((l) => [l.index, l.kind, l.units, l.shown])).toEqual(
        layers.map((i) => [i, model.layers[i].kind, 12, 8]),
      );
      for (let row = 0; row < RES; row++) {
        for (let col = 0; col < RES; col++) {
          const x = extent.x0 + ((col + 0.5) / RES) * (extent.x1 - extent.x0);
          const y = extent.y1 - ((row + 0.5) / RES) * (extent.y1 - extent.y0);
          model.forward(Float32Array.of(x, y), 1, 'eval');
          for (const l of r.layers) {
            const alone = model.layerOutputs[l.index];
            for (let u = 0; u < l.shown; u++) {
              const got = l.values[(u * RES + row) * RES + col];
              expect(Math.abs(got - alone[u])).toBeLessThanOrEqual(
                POINT_TOLERANCE * (1 + Math.abs(alone[u])),
              );
            }
          }
        }
      }
    });
  }

  it('the first dense layer pictures w·(x, y) + b over the plane, row 0 at the top', () => {
    const s = trained({ ...BN, norm: 'none', seed: 2 });
    const model = s.run('r').model;
    const [w, b] = model.layers[0].params().map((p) => p.value);
    const r = ask(s, [0], 3).event.result;
    for (let u = 0; u < 3; u++) {
      for (let row = 0; row < RES; row++) {
        for (let col = 0; col < RES; col++) {
          const x = r.x0 + ((col + 0.5) / RES) * (r.x1 - r.x0);
          const y = r.y1 - ((row + 0.5) / RES) * (r.y1 - r.y0);
          const expected = w[2 * u] * x + w[2 * u + 1] * y + b[u];
          const got = r.layers[0].values[(u * RES + row) * RES + col];
          expect(Math.abs(got - expected)).toBeLessThanOrEqual(AFFINE_TOLERANCE * (1 + Math.abs(expected)));
        }
      }
    }
  });

  for (const seed of SEEDS) {
    it(`leaves the run as it was (weights and running statistics bit for bit, same next steps), seed ${seed}`, () => {
      const asked = trained({ ...BN, seed });
      const twin = trained({ ...BN, seed });
      const before = state(asked);
      ask(asked, [0, 1, 2, 3, 4, 5], 12);
      ask(asked, [2], 1);
      expect(state(asked)).toEqual(before);
      expect(nextLosses(asked)).toEqual(nextLosses(twin));
      expect(state(asked)).toEqual(state(twin));
    });
  }

  it('shows at most the layer width, and answers what it cannot picture with an error, changing nothing', () => {
    const s = trained(BN);
    expect(ask(s, [2], 99).event.result.layers[0].shown).toBe(12);
    const before = state(s);
    const fail = (command: Partial<Extract<Command, { type: 'unitMaps' }>>) =>
      handleCommand(s, {
        type: 'unitMaps',
        runId: 'r',
        res: RES,
        layers: [2],
        units: 8,
        requestId: 4,
        ...command,
      }).events[0];
    expect(fail({ layers: [7] })).toMatchObject({
      type: 'error',
      requestId: 4,
      message: expect.stringContaining('out of range'),
    });
    expect(fail({ res: 1000 })).toMatchObject({
      type: 'error',
      message: expect.stringContaining('resolution'),
    });
    expect(fail({ units: 0 })).toMatchObject({ type: 'error', message: expect.stringContaining('units') });
    expect(state(s)).toEqual(before);
  });

  it('answers a run that does not read 2-D points with an error', () => {
    const s = new Session(() => 0);
    s.mnist = loadMnist();
    handleCommand(s, {
      type: 'configure',
      runs: [{ id: 'r', config: { ...BN, dataset: 'mnist' } }],
      observe: OBSERVE_NOTHING,
      evalEvery: 0,
    });
    const e = handleCommand(s, { type: 'unitMaps', runId: 'r', res: RES, layers: [0], units: 8 }).events[0];
    expect(e).toMatchObject({ type: 'error', message: expect.stringContaining('2-D points') });
  });
});
