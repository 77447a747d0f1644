import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import {
  applyLiveKnob,
  createNorm,
  hasRunningStats,
  isNorm,
  isNormKind,
  keepsRunningStats,
  NORM_CATALOG,
  NORM_KINDS,
  NORM_KNOBS,
  type NormInfo,
  type NormSpec,
  normInfo,
  usesKnob,
} from './catalog.ts';

const ROWS = NORM_CATALOG as readonly NormInfo[];
const KNOB_DEFAULTS = Object.fromEntries(NORM_KNOBS.map((k) => [k.key, k.default])) as Record<
  (typeof NORM_KNOBS)[number]['key'],
  number
>;
/** A conv-shaped sample every normalizer accepts: C = 4 (divisible by the default groups), 3 × 3. */
const SAMPLE = [4, 3, 3];
const N = 2;

/** The row's spec with the experiment's knob defaults, without eps and affine (the layer's own defaults). */
function bareSpec(row: NormInfo): NormSpec {
  const {
    eps: _eps,
    affine: _affine,
    ...spec
  } = row.spec(KNOB_DEFAULTS, 1e-5) as NormSpec & {
    affine?: boolean;
  };
  return spec as NormSpec;
}

function forwardOnce(spec: NormSpec) {
  const layer = createNorm(spec, SAMPLE, 'float64');
  const rng = new Rng(3);
  const x = Float64Array.from({ length: N * 36 }, () => rng.normal());
  layer.forward(x, N, 'train');
  return layer;
}

describe('the normalizer catalog', () => {
  it('kinds are unique, each row builds its own kind, and isNormKind / normInfo agree', () => {
    expect(new Set(NORM_KINDS).size).toBe(NORM_KINDS.length);
    for (const row of ROWS) {
      expect(isNormKind(row.kind)).toBe(true);
      expect(normInfo(row.kind)).toBe(row);
      const layer = createNorm(row.spec(KNOB_DEFAULTS, 1e-5), SAMPLE);
      expect(layer.kind).toBe(row.kind);
      expect(isNorm(layer)).toBe(true);
    }
    expect(isNormKind('dense')).toBe(false);
    expect(() => normInfo('dense')).toThrow("unknown normalizer 'dense'");
    expect(() => createNorm({ type: 'foo' } as unknown as NormSpec, SAMPLE)).toThrow(
      "unknown normalizer type 'foo'",
    );
  });

  it.each(ROWS.map((r) => [r.kind, r] as const))(
    '%s: default eps and affine, β, γ length and running statistics are what the row says',
    (_, row) => {
      const layer = createNorm(bareSpec(row), SAMPLE);
      expect(layer.eps).toBe(row.defaultEps);
      expect(layer.affine).toBe(row.defaultAffine);
      const affine = createNorm({ ...bareSpec(row), affine: true } as NormSpec, SAMPLE);
      expect(affine.beta !== null).toBe(row.beta);
      expect(affine.gamma?.value.length).toBe(row.affinePer === 'channel' ? 4 : 36);
      expect(hasRunningStats(layer)).toBe(row.runningStats);
    },
  );

  it.each(ROWS.map((r) => [r.kind, r] as const))(
    '%s: the statistics are shared as `shares` says (groups of the last forward, n=2 c=4 3×3)',
    (_, row) => {
      const layer = forwardOnce(row.spec(KNOB_DEFAULTS, 1e-5));
      const groups = { channel: 4, sample: N, group: N * KNOB_DEFAULTS.groups, instance: N * 4 }[row.shares];
      expect(layer.lastInvStd?.length).toBe(groups);
    },
  );

  it.each(ROWS.map((r) => [r.kind, r] as const))(
    '%s: spatialOnly matches whether dense input is refused',
    (_, row) => {
      const build = () => createNorm(row.spec(KNOB_DEFAULTS, 1e-5), [4]);
      if (row.spatialOnly) expect(build).toThrow(/needs spatial input/);
      else expect(build).not.toThrow();
    },
  );

  it('knobs: one declaration per key, defaults inside their limits; usesKnob follows the rows', () => {
    expect(new Set(NORM_KNOBS.map((k) => k.key)).size).toBe(NORM_KNOBS.length);
    for (const knob of NORM_KNOBS) {
      expect(knob.default).toBeGreaterThanOrEqual(knob.min);
      expect(knob.default).toBeLessThanOrEqual(knob.max);
      if (knob.integer) expect(Number.isInteger(knob.default)).toBe(true);
    }
    expect(usesKnob('groupnorm', 'groups')).toBe(true);
    expect(usesKnob('batchnorm', 'groups')).toBe(false);
    expect(usesKnob('batchnorm', 'bnMomentum')).toBe(true);
    expect(usesKnob('none', 'bnMomentum')).toBe(false);
  });

  it('keepsRunningStats follows the rows; false for none and for layers that are not normalizers', () => {
    for (const row of ROWS) expect(keepsRunningStats(row.kind)).toBe(row.runningStats);
    expect(keepsRunningStats('batchnorm')).toBe(true);
    expect(keepsRunningStats('layernorm')).toBe(false);
    expect(keepsRunningStats('none')).toBe(false);
    expect(keepsRunningStats('dense')).toBe(false);
  });

  it('a live knob reaches every layer that has it and no other (BN momentum)', () => {
    const bn = createNorm({ type: 'batchnorm' }, [4]);
    const ln = createNorm({ type: 'layernorm' }, [4]);
    applyLiveKnob([bn, ln, { kind: 'relu' }], 'bnMomentum', 0.3);
    expect(hasRunningStats(bn) && bn.momentum).toBe(0.3);
  });
});
