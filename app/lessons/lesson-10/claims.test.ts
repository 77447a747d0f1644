// Lesson 10's claims on the CNN (the very runs the page trains, through lessonSession): the five
// normalizers trained on lesson 7's MNIST CNN end within a few points of each other (and of a run
// with no normalization: on this shallow network it barely matters); a digit's output depends on
// its batch-mates under BatchNorm in train mode and on nothing else under LN, GN, IN and RMSNorm;
// GroupNorm with one group is LayerNorm over (C, H, W) with a per-channel affine, and with C groups
// it is InstanceNorm; RMSNorm subtracts no mean and has no β. Seeds 1 (the page's), 2 and 3.

import { beforeAll, describe, expect, it } from 'vitest';
import { BatchNorm, type NormKind, normInfo, OBSERVE_NOTHING, Rng } from '#engine';
import { GroupNorm, InstanceNorm, LayerNorm, RmsNorm, type Session } from '#engine/testing';
import { lessonSession, withSeed } from '../node-session.ts';
import { measureRuns, predictOutcome } from '../predict.ts';
import { LESSON_10_PREDICT } from './predict.ts';
import { LESSON_10_CLAIMS as CLAIM, LESSON_10, LESSON_10_WITH_NONE } from './preset.ts';

const SEEDS = [1, 2, 3];
const STOP = LESSON_10.stopAt ?? 0;
/** Six CNN runs of 100 steps at batch 16: ~25 s on an idle core; generous for a loaded machine. */
const TIMEOUT_MS = 240_000;
const FIVE: NormKind[] = ['batchnorm', 'layernorm', 'groupnorm', 'instancenorm', 'rmsnorm'];
/** Digits whose outputs are compared across batch-mates. */
const PROBE_DIGITS = 16;
/** Batch-mate sets drawn per digit. */
const MATE_SETS = 4;
/** Batch size of those forwards (the training batch size). */
const MATE_BATCH = 16;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const pct = (x: number) => `${(100 * x).toFixed(1)}`;

/** Test-set digits i as a batch (784 values each). */
function digits(session: Session, id: string, indices: readonly number[]): Float32Array {
  const test = session.run(id).test;
  const x = new Float32Array(indices.length * 784);
  indices.forEach((k, j) => {
    x.set(test.x.subarray(k * 784, (k + 1) * 784), j * 784);
  });
  return x;
}

describe.each(SEEDS)('lesson 10: five normalizers on one CNN (MNIST), seed %i', (seed) => {
  let session: Session;
  let ids: string[];
  const accuracy = new Map<string, number>();

  beforeAll(() => {
    ({ session, ids } = lessonSession(withSeed(LESSON_10_WITH_NONE, seed), { observe: OBSERVE_NOTHING }));
    expect(ids).toHaveLength(6);
    let last: ReturnType<Session['step']> | null = null;
    for (let s = 0; s < STOP; s += 25) last = session.step(25);
    for (const snap of last?.snapshots ?? []) {
      const kind = session.run(snap.runId).config.norm;
      expect(snap.step).toBe(STOP);
      accuracy.set(kind, snap.test?.accuracy ?? Number.NaN);
    }
    if (process.env.CLAIMS_VERBOSE)
      console.log(
        `seed ${seed} @${STOP}: ${[...accuracy].map(([k, a]) => `${normInfo(k === 'none' ? 'batchnorm' : k).short}${k === 'none' ? '(none)' : ''} ${pct(a)}`).join(', ')}`,
      );
  }, TIMEOUT_MS);

  it('[l10-five] all five normalizers train the CNN to a similar accuracy by the stop', () => {
    const five = FIVE.map((k) => accuracy.get(k) ?? Number.NaN);
    for (const a of five) {
      expect(a).toBeGreaterThanOrEqual(CLAIM.accuracyAtStop);
      expect(a).toBeLessThanOrEqual(CLAIM.accuracyAtStopMax + 1e-9);
    }
    // [l10-wu-he] the lesson's CNN: 8 and 16 channels, GroupNorm with 4 groups.
    const gn = session.run(ids[FIVE.indexOf('groupnorm')]);
    expect(gn.config.groups).toBe(4);
    expect(gn.model.layers.filter((l) => l.kind === 'conv2d').map((l) => l.outShape[0])).toEqual([8, 16]);
    expect(session.run(ids[0]).config.batchSize).toBe(16);
    expect(Math.max(...five) - Math.min(...five)).toBeLessThanOrEqual(CLAIM.spreadAtStop);
    // The predict-then-run exercise on that spread, read as the page reads it off the run table
    // (these snapshots' test accuracies), comes out as it expects.
    const [exercise] = LESSON_10_PREDICT;
    const table = FIVE.map((k, i) => ({ id: `norm=${k}`, test: { step: STOP, accuracy: five[i] } }));
    const spread = measureRuns(exercise.measure, table, STOP);
    expect(spread).toBe(Math.max(...five) - Math.min(...five));
    expect(predictOutcome(exercise, spread ?? Number.NaN)).toBe(exercise.expected);
  });

  it('[l10-none] without any normalization the shallow CNN does about as well', () => {
    const best = Math.max(...FIVE.map((k) => accuracy.get(k) ?? Number.NaN));
    const none = accuracy.get('none') ?? Number.NaN;
    expect(none).toBeGreaterThanOrEqual(best - CLAIM.noneGap);
    expect(none).toBeGreaterThanOrEqual(CLAIM.noneRange[0]);
    expect(none).toBeLessThanOrEqual(CLAIM.noneRange[1]);
    // The predict-then-run exercise on it, read as the page reads it off the run table.
    const exercise = LESSON_10_PREDICT[1];
    expect(exercise.experiment.comparison).toEqual(LESSON_10_WITH_NONE.comparison);
    expect(exercise.experiment.stopAt).toBe(STOP);
    const table = [{ id: 'norm=none', test: { step: STOP, accuracy: none } }];
    const measured = measureRuns(exercise.measure, table, STOP);
    expect(measured).toBe(none);
    expect(predictOutcome(exercise, measured ?? Number.NaN)).toBe(exercise.expected);
  });

  it(
    '[l10-mates] train mode: a digit’s output moves with its batch-mates under BN, and is bit-identical under LN, GN, IN and RMSNorm',
    () => {
      const rng = new Rng(1000 + seed);
      for (const id of ids) {
        const run = session.run(id);
        const kind = run.config.norm;
        if (kind === 'none') continue;
        let moved = 0;
        for (let d = 0; d < PROBE_DIGITS; d++) {
          const outputs: Float32Array[] = [];
          for (let m = 0; m < MATE_SETS; m++) {
            const mates = Array.from({ length: MATE_BATCH - 1 }, () => PROBE_DIGITS + rng.int(1900));
            const y = run.model.forward(digits(session, id, [d, ...mates]), MATE_BATCH, 'train');
            outputs.push(Float32Array.from(y.subarray(0, 10)));
          }
          for (const o of outputs.slice(1))
            for (let j = 0; j < 10; j++) moved = Math.max(moved, Math.abs(o[j] - outputs[0][j]));
        }
        if (process.env.CLAIMS_VERBOSE) console.log(`seed ${seed} ${kind}: logits move up to ${moved}`);
        if (kind === 'batchnorm') {
          expect(moved).toBeGreaterThanOrEqual(CLAIM.bnMatesMove[0]);
          expect(moved).toBeLessThanOrEqual(CLAIM.bnMatesMove[1]);
        } else {
          expect(moved).toBe(0);
          // The per-sample four: no running statistics, the same output in training and eval mode.
          expect(normInfo(kind).runningStats).toBe(false);
          const x = digits(session, id, range(MATE_BATCH));
          const train = Float32Array.from(run.model.forward(x, MATE_BATCH, 'train'));
          expect(Array.from(run.model.forward(x, MATE_BATCH, 'eval'))).toEqual(Array.from(train));
        }
      }
    },
    TIMEOUT_MS,
  );
});

/** An NCHW batch of seeded normals (float64). */
function batch(n: number, c: number, h: number, w: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n * c * h * w }, () => 3 * rng.normal() + 1);
}

describe('lesson 10: the family’s identities (float64)', () => {
  const [N, C, H, W] = [4, 8, 5, 5];
  /** Random γ and β so the identities are checked with a non-trivial affine. */
  function setAffine(
    layer: { params(): readonly { name: string; value: ArrayLike<number> & { [i: number]: number } }[] },
    seed: number,
  ): void {
    const rng = new Rng(seed);
    for (const p of layer.params())
      for (let i = 0; i < p.value.length; i++) p.value[i] = 1 + 0.5 * rng.normal();
  }

  it('[l10-sets] which values share one mean and variance: BN per channel over (N, H, W), LN per sample over (C, H, W), GN per sample per group, IN per sample per channel', () => {
    const x = batch(N, C, H, W, 13);
    const G = 4;
    const S = H * W;
    const layers = {
      batchnorm: new BatchNorm([C, H, W], {}, 'float64'),
      layernorm: new LayerNorm([C, H, W], {}, 'float64'),
      groupnorm: new GroupNorm([C, H, W], { groups: G }, 'float64'),
      instancenorm: new InstanceNorm([C, H, W], { affine: true }, 'float64'),
    };
    expect(Object.keys(layers).map((k) => normInfo(k).shares)).toEqual([
      'channel',
      'sample',
      'group',
      'instance',
    ]);
    expect(normInfo('rmsnorm').shares).toBe('sample');
    /** Mean and biased variance of the output over the index set (γ = 1, β = 0: exactly 0 and ~1). */
    const moments = (y: ArrayLike<number>, at: number[]) => {
      const mean = at.reduce((m, i) => m + y[i], 0) / at.length;
      return { mean, variance: at.reduce((v, i) => v + (y[i] - mean) ** 2, 0) / at.length };
    };
    const idx = (n: number, c: number, k: number) => (n * C + c) * S + k;
    const sets: Record<keyof typeof layers, number[][]> = {
      batchnorm: Array.from({ length: C }, (_, c) =>
        Array.from({ length: N * S }, (_, j) => idx(Math.floor(j / S), c, j % S)),
      ),
      layernorm: Array.from({ length: N }, (_, n) => Array.from({ length: C * S }, (_, j) => n * C * S + j)),
      groupnorm: Array.from({ length: N * G }, (_, t) =>
        Array.from({ length: (C / G) * S }, (_, j) => idx(Math.floor(t / G), (t % G) * (C / G), 0) + j),
      ),
      instancenorm: Array.from({ length: N * C }, (_, t) =>
        Array.from({ length: S }, (_, k) => idx(Math.floor(t / C), t % C, k)),
      ),
    };
    for (const [kind, layer] of Object.entries(layers) as [
      keyof typeof layers,
      (typeof layers)[keyof typeof layers],
    ][]) {
      const y = layer.forward(x, N, 'train');
      for (const set of sets[kind]) {
        const { mean, variance } = moments(y, set);
        expect(Math.abs(mean)).toBeLessThan(1e-12);
        expect(variance).toBeGreaterThan(0.999);
        expect(variance).toBeLessThanOrEqual(1);
      }
    }
  });

  it('[l10-gn-ln] GroupNorm with G = 1 is LayerNorm over (C, H, W) with a per-channel affine', () => {
    const x = batch(N, C, H, W, 11);
    const gn = new GroupNorm([C, H, W], { groups: 1 }, 'float64');
    const ln = new LayerNorm([C, H, W], {}, 'float64');
    setAffine(gn, 5);
    // LayerNorm's elementwise γ, β set to GroupNorm's per-channel ones, repeated over H × W.
    const [gGamma, gBeta] = gn.params().map((p) => p.value);
    const [lGamma, lBeta] = ln.params().map((p) => p.value);
    for (let c = 0; c < C; c++)
      for (let k = 0; k < H * W; k++) {
        lGamma[c * H * W + k] = gGamma[c];
        lBeta[c * H * W + k] = gBeta[c];
      }
    const a = gn.forward(x, N, 'train');
    const b = ln.forward(x, N, 'train');
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
    if (process.env.CLAIMS_VERBOSE) console.log(`GN(1) vs LN: max difference ${diff}`);
    // The text: bit for bit.
    expect(diff).toBe(0);
  });

  it('[l10-gn-in] GroupNorm with G = C is InstanceNorm', () => {
    const x = batch(N, C, H, W, 12);
    const gn = new GroupNorm([C, H, W], { groups: C }, 'float64');
    const inorm = new InstanceNorm([C, H, W], { affine: true }, 'float64');
    setAffine(gn, 6);
    inorm.params().forEach((p, k) => {
      p.value.set(gn.params()[k].value);
    });
    const a = gn.forward(x, N, 'train');
    const b = inorm.forward(x, N, 'train');
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
    if (process.env.CLAIMS_VERBOSE) console.log(`GN(C) vs IN: max difference ${diff}`);
    // The text: bit for bit.
    expect(diff).toBe(0);
  });

  it('[l10-rms] RMSNorm divides by the root mean square without subtracting the mean, and has γ but no β', () => {
    const F = 6;
    const rms = new RmsNorm([F], { eps: 0 }, 'float64');
    expect(rms.params().map((p) => p.name)).toEqual(['gamma']);
    expect(normInfo('rmsnorm').centers).toBe(false);
    expect(normInfo('rmsnorm').beta).toBe(false);
    // All-positive input: a mean-subtracting normalizer would give both signs; RMSNorm keeps them positive.
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const y = rms.forward(x, 1, 'train');
    const r = Math.sqrt((1 + 4 + 9 + 16 + 25 + 36) / 6);
    for (let i = 0; i < F; i++) expect(y[i]).toBeCloseTo(x[i] / r, 12);
  });
});
