import { describe, expect, it } from 'vitest';
import { NORM_KINDS, NORM_KNOBS } from '../norm/catalog.ts';
import { buildModel } from '../train/model.ts';
import { experimentSpec } from './build-experiment.ts';
import {
  BATCH_STATISTICS_RULE,
  COMPARE_KNOBS,
  commonDivisors,
  configProblems,
  DEFAULT_CONFIG,
  type ExperimentConfig,
  largestCommonDivisorAtMost,
  minBatchSize,
  NORM_LABEL,
  NORMS,
  NUMERIC_LIMITS,
  PLACEMENTS,
  planArms,
  raiseBatchSize,
  reconcile,
  repairConfig,
  smallestGhostBatch,
  validGroupCounts,
  withKnob,
} from './experiment.ts';

const cfg = (patch: Partial<ExperimentConfig> = {}): ExperimentConfig => ({ ...DEFAULT_CONFIG, ...patch });

describe('experiment config from the catalog', () => {
  it("NORMS is 'none' then every catalog kind; every knob has a config field, limits and a label", () => {
    expect(NORMS).toEqual(['none', ...NORM_KINDS]);
    expect(NORM_LABEL.none).toBe('No norm');
    expect(NORM_LABEL.batchnorm).toBe('BatchNorm');
    for (const knob of NORM_KNOBS) {
      expect(DEFAULT_CONFIG[knob.key]).toBe(knob.default);
      expect(NUMERIC_LIMITS[knob.key]).toEqual({ min: knob.min, max: knob.max, integer: knob.integer });
      expect(COMPARE_KNOBS).toContain(knob.key);
    }
  });
});

describe('group counts', () => {
  it('commonDivisors and validGroupCounts: divisors of every normalized width (MLP 12; CNN 8 and 16)', () => {
    expect(commonDivisors([12])).toEqual([1, 2, 3, 4, 6, 12]);
    expect(validGroupCounts(cfg({ width: 12 }))).toEqual([1, 2, 3, 4, 6, 12]);
    expect(validGroupCounts(cfg({ model: 'cnn', dataset: 'mnist' }))).toEqual([1, 2, 4, 8]);
  });

  it('largestCommonDivisorAtMost: the largest divisor of every count not above the limit', () => {
    expect(largestCommonDivisorAtMost([12], 5)).toBe(4);
    expect(largestCommonDivisorAtMost([8, 16], 16)).toBe(8);
    expect(largestCommonDivisorAtMost([7], 6)).toBe(1);
  });
});

describe('configProblems', () => {
  it.each([
    [{}, []],
    [{ norm: 'groupnorm', width: 10, groups: 4 }, ['groups must divide channels (c=10, g=4)']],
    [{ norm: 'batchnorm', width: 10, groups: 4 }, []],
    [{ model: 'cnn' }, ['the CNN needs image data: use dataset=mnist']],
    [{ norm: 'instancenorm' }, ['instancenorm needs spatial feature maps: use model=cnn']],
    [{ norm: 'instancenorm', model: 'cnn', dataset: 'mnist' }, []],
  ] as [Partial<ExperimentConfig>, string[]][])('%o -> %o', (patch, problems) => {
    expect(configProblems(cfg(patch))).toEqual(problems);
  });
});

describe('residual blocks and a normalizer on the logits: rules', () => {
  const mnistCnn = { model: 'cnn', dataset: 'mnist' } as const;
  it('configProblems: residual blocks only on the MLP; normLogits needs a normalizer that works on dense features', () => {
    expect(configProblems(cfg({ ...mnistCnn, residual: 'pre' }))).toEqual([
      'residual blocks are built on the MLP: use model=mlp or residual=none',
    ]);
    expect(configProblems(cfg({ norm: 'none', normLogits: 'on' }))).toEqual([
      'normLogits=on puts the chosen normalizer after the last layer: pick one that works on dense features or use normLogits=off',
    ]);
    expect(configProblems(cfg({ residual: 'post', normLogits: 'on', depth: 32 }))).toEqual([]);
  });

  it('BN on the logits of the CNN needs batch size 2 (one value per class per sample)', () => {
    expect(minBatchSize(cfg({ ...mnistCnn }))).toBe(1);
    expect(minBatchSize(cfg({ ...mnistCnn, normLogits: 'on' }))).toBe(2);
  });

  it('repairConfig: a link with residual on the CNN or normLogits without a normalizer gives way, saying so', () => {
    const issues: string[] = [];
    const a = cfg({ ...mnistCnn, residual: 'post' });
    repairConfig(a, new Set(['model', 'residual']), issues, DEFAULT_CONFIG);
    expect(a).toMatchObject({ model: 'cnn', residual: 'none' });
    const b = cfg({ norm: 'none', normLogits: 'on' });
    repairConfig(b, new Set(['norm', 'normLogits']), issues, DEFAULT_CONFIG);
    expect(b.normLogits).toBe('off');
    expect(issues).toEqual([
      'residual=post with model=cnn: residual blocks are built on the MLP; using residual=none',
      'normLogits=on with norm=none: normLogits=on puts the chosen normalizer after the last layer; using normLogits=off',
    ]);
  });

  it('reconcile: picking residual blocks brings the MLP, the CNN drops them; normLogits on brings BatchNorm, no norm drops it', () => {
    expect(reconcile(cfg({ ...mnistCnn, residual: 'pre' }), 'residual')).toMatchObject({
      model: 'mlp',
      dataset: 'mnist',
      residual: 'pre',
    });
    expect(reconcile(cfg({ ...mnistCnn, residual: 'pre' }), 'model')).toMatchObject({
      model: 'cnn',
      residual: 'none',
    });
    expect(reconcile(cfg({ norm: 'none', normLogits: 'on' }), 'normLogits')).toMatchObject({
      norm: 'batchnorm',
      normLogits: 'on',
    });
    expect(reconcile(cfg({ norm: 'none', normLogits: 'on' }), 'norm')).toMatchObject({
      norm: 'none',
      normLogits: 'off',
    });
  });

  it('experimentSpec builds depth 32 residual stacks with 32 hidden dense layers', () => {
    for (const residual of ['none', 'post', 'pre'] as const) {
      const spec = experimentSpec(cfg({ depth: 32, residual, activation: 'relu' }), [2], 3);
      expect(spec.layers.filter((l) => l.type === 'dense')).toHaveLength(33);
      expect(buildModel(spec).outShape).toEqual([3]);
    }
  });
});

describe('reconcile (one control changed)', () => {
  it('the CNN brings MNIST; a 2-D set brings back the MLP', () => {
    expect(reconcile(cfg({ model: 'cnn' }), 'model')).toMatchObject({ model: 'cnn', dataset: 'mnist' });
    const cnn = cfg({ model: 'cnn', dataset: 'mnist' });
    expect(reconcile({ ...cnn, dataset: 'moons' }, 'dataset')).toMatchObject({
      model: 'mlp',
      dataset: 'moons',
    });
  });

  it('InstanceNorm brings the CNN; leaving the CNN turns it into its dense stand-in, GroupNorm', () => {
    expect(reconcile(cfg({ norm: 'instancenorm' }), 'norm')).toMatchObject({
      model: 'cnn',
      dataset: 'mnist',
    });
    const cnnIn = cfg({ model: 'cnn', dataset: 'mnist', norm: 'instancenorm' });
    expect(reconcile({ ...cnnIn, model: 'mlp' }, 'model')).toMatchObject({ model: 'mlp', norm: 'groupnorm' });
  });

  it('the group count snaps to the largest valid count not above it', () => {
    expect(reconcile(cfg({ norm: 'groupnorm', groups: 4, width: 10 }), 'width').groups).toBe(2);
    expect(reconcile(cfg({ norm: 'groupnorm', groups: 5, width: 16 }), 'groups').groups).toBe(4);
  });
});

describe('repairConfig (a link)', () => {
  it('keys the link did not set give way, and each change is reported', () => {
    const issues: string[] = [];
    const config = cfg({ norm: 'instancenorm' });
    repairConfig(config, new Set(['norm']), issues, DEFAULT_CONFIG);
    expect(config).toMatchObject({ model: 'cnn', dataset: 'mnist', norm: 'instancenorm' });
    expect(issues).toEqual([
      'norm=instancenorm needs spatial feature maps; using model=cnn with dataset=mnist',
    ]);
  });

  it('a group count that does not divide the width becomes the largest that does', () => {
    const issues: string[] = [];
    const config = cfg({ norm: 'groupnorm', width: 12, groups: 5 });
    repairConfig(config, new Set(['groups']), issues, DEFAULT_CONFIG);
    expect(config.groups).toBe(4);
    expect(issues).toEqual(['groups=5 does not divide the channel count 12; using groups=4']);
  });
});

describe('withKnob and planArms', () => {
  it("a normalizer's own knob switches an arm to a normalizer that has it; other knobs change nothing else", () => {
    expect(withKnob(cfg(), 'groups', 2)).toMatchObject({ norm: 'groupnorm', groups: 2 });
    expect(withKnob(cfg({ norm: 'layernorm' }), 'bnMomentum', 0.5)).toMatchObject({
      norm: 'batchnorm',
      bnMomentum: 0.5,
    });
    expect(withKnob(cfg(), 'bnMomentum', 0.5).norm).toBe('batchnorm');
    expect(withKnob(cfg({ norm: 'layernorm' }), 'lr', 0.5)).toEqual(cfg({ norm: 'layernorm', lr: 0.5 }));
  });

  it('one arm without a comparison; one per value with one, ids knob=value', () => {
    expect(planArms(cfg(), null)).toEqual([{ id: 'main', value: null, config: cfg() }]);
    const arms = planArms(cfg(), { knob: 'lr', values: [0.1, 1] });
    expect(arms.map((a) => [a.id, a.value, a.config.lr])).toEqual([
      ['lr=0.1', 0.1, 0.1],
      ['lr=1', 1, 1],
    ]);
  });
});

describe('batch size and batch statistics (minBatchSize)', () => {
  const dense = { ...DEFAULT_CONFIG, model: 'mlp' as const, dataset: 'spiral' as const, batchSize: 1 };
  const conv = { ...dense, model: 'cnn' as const, dataset: 'mnist' as const };

  it('BatchNorm and Batch Renorm on dense features need 2 samples; the CNN and the other normalizers take 1', () => {
    for (const placement of PLACEMENTS) {
      expect(minBatchSize({ ...dense, placement, norm: 'batchnorm' })).toBe(2);
      expect(minBatchSize({ ...dense, placement, norm: 'batchrenorm' })).toBe(2);
      expect(minBatchSize({ ...conv, placement, norm: 'batchnorm' })).toBe(1);
      expect(minBatchSize({ ...conv, placement, norm: 'batchrenorm' })).toBe(1);
      for (const norm of ['none', 'layernorm', 'groupnorm', 'rmsnorm'] as const)
        expect(minBatchSize({ ...dense, placement, norm })).toBe(1);
      expect(minBatchSize({ ...conv, placement, norm: 'instancenorm' })).toBe(1);
    }
  });

  it('the rule agrees with the engine: a train step at batch 1 throws exactly where it says 2', () => {
    for (const config of [dense, conv])
      for (const norm of NORMS)
        for (const placement of PLACEMENTS) {
          const c: ExperimentConfig = { ...config, norm, placement, batchSize: 2 };
          if (configProblems(c).length > 0) continue; // IN on dense features: its own rule
          const input = c.model === 'cnn' ? [1, 28, 28] : [2];
          const model = buildModel(experimentSpec(c, input, 10));
          const x = new Float32Array(input.reduce((a, b) => a * b, 1))
            .fill(0.5)
            .map((v, i) => v + (i % 7) / 7);
          const step = () => model.trainStep(x, new Float32Array([3]), 1);
          if (minBatchSize(c) === 2)
            expect(step, `${c.model} ${norm} ${placement}`).toThrow(/more than 1 value per channel/);
          else expect(step, `${c.model} ${norm} ${placement}`).not.toThrow();
        }
  });

  it("configProblems states the rule in PyTorch's words", () => {
    expect(configProblems({ ...dense, norm: 'batchnorm' })).toEqual([
      `${BATCH_STATISTICS_RULE}; use batchSize=2 or more`,
    ]);
    expect(BATCH_STATISTICS_RULE).toContain("'Expected more than 1 value per channel when training'");
    expect(configProblems({ ...dense, norm: 'layernorm' })).toEqual([]);
    expect(configProblems({ ...conv, norm: 'batchnorm' })).toEqual([]);
  });

  it('reconcile raises the batch size to 2 when the batch size, the normalizer or the model asks for it', () => {
    expect(reconcile({ ...dense, norm: 'batchnorm' }, 'batchSize').batchSize).toBe(2);
    expect(reconcile({ ...dense, norm: 'batchrenorm' }, 'norm').batchSize).toBe(2);
    expect(reconcile({ ...conv, norm: 'batchnorm', model: 'mlp' }, 'model')).toMatchObject({
      model: 'mlp',
      batchSize: 2,
    });
    expect(reconcile({ ...dense, norm: 'layernorm' }, 'batchSize').batchSize).toBe(1);
  });

  it('repairConfig mends a link asking for batch 1 with BatchNorm, saying why', () => {
    const config = { ...dense, norm: 'batchnorm' as const };
    const issues: string[] = [];
    repairConfig(config, new Set(['batchSize', 'norm']), issues, DEFAULT_CONFIG);
    expect(config).toMatchObject({ norm: 'batchnorm', batchSize: 2 });
    expect(issues).toEqual([`batchSize=1 with norm=batchnorm: ${BATCH_STATISTICS_RULE}; using batchSize=2`]);
  });

  it('raiseBatchSize: every arm of a comparison gets the batch it needs, and the notice says why', () => {
    const issues: string[] = [];
    const none = { ...dense, norm: 'none' as const };
    const raised = raiseBatchSize(none, { knob: 'norm', values: ['none', 'batchnorm'] }, issues);
    expect(raised.batchSize).toBe(2);
    expect(issues).toEqual([`batchSize=1 with compare=norm: ${BATCH_STATISTICS_RULE}; using batchSize=2`]);
    expect(raiseBatchSize(none, { knob: 'norm', values: ['none', 'layernorm'] }, issues)).toBe(none);
    expect(raiseBatchSize({ ...dense, norm: 'batchrenorm' }, null, issues).batchSize).toBe(2);
    expect(issues).toHaveLength(2);
  });
});

describe('ghost batches and the one-sample rule', () => {
  const mlp = { ...DEFAULT_CONFIG, norm: 'batchnorm' as const, model: 'mlp' as const, batchSize: 9 };
  it('a last ghost batch of 1 on dense features is refused with the framework rule; on the CNN it trains', () => {
    expect(smallestGhostBatch({ ...mlp, ghostBatch: 4 })).toBe(1);
    expect(configProblems({ ...mlp, ghostBatch: 4 })).toEqual([
      `ghostBatch=4 at batchSize=9 leaves a ghost batch of 1 sample: ${BATCH_STATISTICS_RULE}; use a ghostBatch that leaves 2 or more (or 0 for none)`,
    ]);
    expect(configProblems({ ...mlp, ghostBatch: 3 })).toEqual([]);
    expect(configProblems({ ...mlp, ghostBatch: 0 })).toEqual([]);
    expect(configProblems({ ...mlp, norm: 'groupnorm', groups: 4, ghostBatch: 4 })).toEqual([]);
    const cnn = { ...mlp, model: 'cnn' as const, dataset: 'mnist' as const, ghostBatch: 4 };
    expect(configProblems(cnn)).toEqual([]);
  });

  it('a link that asks for one is mended to ghostBatch=0, saying why; a control change too', () => {
    const config = { ...mlp, ghostBatch: 4 };
    const issues: string[] = [];
    repairConfig(config, new Set(['ghostBatch', 'batchSize']), issues, DEFAULT_CONFIG);
    expect(config.ghostBatch).toBe(0);
    expect(issues).toEqual([
      `ghostBatch=4 at batchSize=9 leaves a ghost batch of 1 sample: ${BATCH_STATISTICS_RULE}; use a ghostBatch that leaves 2 or more (or 0 for none); using ghostBatch=0`,
    ]);
    expect(reconcile({ ...mlp, ghostBatch: 4 }, 'ghostBatch').ghostBatch).toBe(0);
    expect(reconcile({ ...mlp, ghostBatch: 3 }, 'ghostBatch').ghostBatch).toBe(3);
  });
});
