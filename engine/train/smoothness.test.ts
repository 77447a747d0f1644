import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { ModelSpec } from '../core/spec.ts';
import { DEFAULT_CONFIG, NORM_KNOB_DEFAULTS } from '../experiment/experiment.ts';
import { mlpSpec } from '../experiment/presets.ts';
import { BatchNorm } from '../norm/index.ts';
import { handleCommand } from '../worker/handle-command.ts';
import { OBSERVE_NOTHING } from '../worker/protocol.ts';
import { Session } from '../worker/session.ts';
import { buildModel, type Model } from './model.ts';
import { canProbe, measureSmoothness, SMOOTHNESS_STEP_FACTORS } from './smoothness.ts';

/** Float64 agreement with the closed form (only rounding differs). */
const ANALYTIC_TOL = 1e-12;

describe('measureSmoothness on a linear model with MSE (exact quadratic)', () => {
  // L(w) = (1/N) Σ (x_nᵀw − t_n)², ∇L = (2/N) Xᵀ(Xw − t), H = (2/N) XᵀX constant: along −g,
  // ∇L(w − s g) = g − s H g exactly and L(w − s g) = L − s‖g‖² + s²/2 gᵀHg.
  const n = 8;
  const features = 3;
  const spec: ModelSpec = {
    input: [features],
    layers: [{ type: 'dense', units: 1, bias: false }],
    loss: 'mse',
    optimizer: { type: 'sgd', lr: 0.05 },
    init: { type: 'xavier' },
    seed: 3,
  };
  const rng = new Rng(11);
  const x = Float64Array.from({ length: n * features }, () => rng.normal());
  const t = Float64Array.from({ length: n }, () => rng.normal());
  const lr = 0.05;

  function closedForm(model: Model) {
    const w = Float64Array.from(model.params()[0].value);
    const residual = (v: Float64Array) =>
      Array.from({ length: n }, (_, i) => {
        let z = 0;
        for (let f = 0; f < features; f++) z += x[i * features + f] * v[f];
        return z - t[i];
      });
    const loss = (v: Float64Array) => residual(v).reduce((s, r) => s + r * r, 0) / n;
    const r = residual(w);
    const g = Float64Array.from({ length: features }, (_, f) =>
      r.reduce((s, ri, i) => s + (2 / n) * x[i * features + f] * ri, 0),
    );
    // H g = (2/N) Xᵀ (X g)
    const xg = Array.from({ length: n }, (_, i) => {
      let z = 0;
      for (let f = 0; f < features; f++) z += x[i * features + f] * g[f];
      return z;
    });
    const hg = Float64Array.from({ length: features }, (_, f) =>
      xg.reduce((s, v, i) => s + (2 / n) * x[i * features + f] * v, 0),
    );
    const norm = (a: Float64Array) => Math.hypot(...a);
    const losses = [0, ...SMOOTHNESS_STEP_FACTORS].map((f) => loss(w.map((wi, k) => wi - f * lr * g[k])));
    const maxFactor = Math.max(...SMOOTHNESS_STEP_FACTORS);
    return {
      loss: loss(w),
      gradNorm: norm(g),
      lossRange: Math.max(...losses) - Math.min(...losses),
      gradChange: maxFactor * lr * norm(hg),
    };
  }

  it('gives the analytic loss range and gradient change (max ‖g − g′‖ = 4η‖Hg‖), float64', () => {
    const model = buildModel(spec, 'float64');
    const expected = closedForm(model);
    const got = measureSmoothness(model, x, t, n, lr);
    expect(got.loss).toBeCloseTo(expected.loss, 12);
    expect(Math.abs(got.gradNorm - expected.gradNorm)).toBeLessThan(ANALYTIC_TOL);
    expect(Math.abs(got.lossRange - expected.lossRange)).toBeLessThan(ANALYTIC_TOL);
    expect(Math.abs(got.gradChange - expected.gradChange)).toBeLessThan(ANALYTIC_TOL);
    expect(got.relGradChange).toBeCloseTo(expected.gradChange / expected.gradNorm, 12);
  });
});

describe('measureSmoothness leaves training untouched', () => {
  const spec = mlpSpec({
    input: 2,
    hidden: [16, 16, 16],
    classes: 2,
    norm: { type: 'batchnorm' },
    optimizer: { type: 'sgd', lr: 0.5, momentum: 0.9 },
    seed: 7,
  });
  const rng = new Rng(5);
  const batches = Array.from({ length: 6 }, () => ({
    x: Float32Array.from({ length: 32 * 2 }, () => rng.normal()),
    y: Float32Array.from({ length: 32 }, () => rng.int(2)),
  }));

  function state(model: Model): number[] {
    const out: number[] = [];
    for (const p of model.params()) out.push(...p.value);
    for (const layer of model.layers)
      if (layer instanceof BatchNorm)
        out.push(...layer.runningMean, ...layer.runningVar, layer.numBatchesTracked);
    return out;
  }

  it('restores every weight and BatchNorm running statistic bit for bit, and the next steps are bit-identical', () => {
    const probed = buildModel(spec);
    const plain = buildModel(spec);
    for (const b of batches) {
      const before = state(probed);
      const sample = measureSmoothness(probed, b.x, b.y, 32, 0.5);
      expect(sample.gradChange).toBeGreaterThan(0);
      expect(state(probed)).toEqual(before);
      const a = probed.trainStep(b.x, b.y, 32).loss;
      const c = plain.trainStep(b.x, b.y, 32).loss;
      expect(Object.is(a, c)).toBe(true);
      expect(state(probed)).toEqual(state(plain));
    }
  });

  it('in a Session: probing every step changes no training loss, bit for bit', () => {
    const config = {
      ...NORM_KNOB_DEFAULTS,
      dataset: 'moons' as const,
      noise: 0.1,
      model: 'mlp' as const,
      depth: 4,
      width: 16,
      activation: 'relu' as const,
      norm: 'batchnorm' as const,
      placement: 'before' as const,
      groups: 4,
      optimizer: 'sgd' as const,
      lr: 1,
      momentum: 0.9,
      weightDecay: 0,
      batchSize: 32,
      accumSteps: 1,
      bnMomentum: 0.1,
      eps: 1e-5,
      init: 'kaiming' as const,
      initStd: 1,
      dropout: 0,
      seed: 2,
      residual: 'none' as const,
      normLogits: 'off' as const,
    };
    const losses = (smoothEvery: number) => {
      const session = new Session(() => 0);
      session.configure([{ id: 'a', config }], { ...OBSERVE_NOTHING, smoothEvery }, 0);
      const { snapshots } = session.step(20);
      return snapshots[0];
    };
    const probed = losses(1);
    const plain = losses(0);
    expect(Array.from(probed.losses)).toEqual(Array.from(plain.losses));
    expect(plain.smoothness).toBeUndefined();
    expect(Array.from(probed.smoothness?.step ?? [])).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // The probe's L(w) is the loss the training step then reports for the same weights and batch.
    expect(Array.from(probed.smoothness?.loss ?? [])).toEqual(Array.from(plain.losses));
  });

  it('does not probe a model with dropout (a probe would draw masks from the training stream)', () => {
    const model = buildModel({
      ...spec,
      layers: [
        ...spec.layers.slice(0, -1),
        { type: 'dropout', rate: 0.2 },
        spec.layers[spec.layers.length - 1],
      ],
    });
    expect(canProbe(model)).toBe(false);
    expect(() => measureSmoothness(model, batches[0].x, batches[0].y, 32, 0.5)).toThrow(/without dropout/);
  });
});

describe('smoothness probes through the worker protocol', () => {
  it('a step round carries the probes taken every smoothEvery steps, and transfers their buffers', () => {
    const session = new Session(() => 0);
    handleCommand(session, {
      type: 'configure',
      runs: [{ id: 'a', config: { ...DEFAULT_CONFIG, norm: 'batchnorm', dropout: 0 } }],
      observe: { ...OBSERVE_NOTHING, smoothEvery: 4 },
      evalEvery: 0,
    });
    const reply = handleCommand(session, { type: 'step', count: 10, round: 1 });
    const stepped = reply.events.find((e) => e.type === 'stepped');
    const probes = stepped?.type === 'stepped' ? stepped.snapshots[0].smoothness : undefined;
    expect(Array.from(probes?.step ?? [])).toEqual([0, 4, 8]);
    for (const a of Object.values(probes ?? {})) expect(reply.transfer).toContain(a.buffer);
    // Turned off by an observe command: the next round probes nothing.
    handleCommand(session, { type: 'observe', observe: { ...OBSERVE_NOTHING, smoothEvery: 0 } });
    const next = handleCommand(session, { type: 'step', count: 10, round: 2 }).events.find(
      (e) => e.type === 'stepped',
    );
    expect(next?.type === 'stepped' && next.snapshots[0].smoothness).toBeFalsy();
  });
});
