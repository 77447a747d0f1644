import { describe, expect, it } from 'vitest';
import {
  BATCH_STATISTICS_RULE,
  COMPARE_KNOBS,
  COMPARE_VALUE_COUNT,
  type Comparison,
  configProblems,
  DEFAULT_CONFIG,
  DEFAULT_SWEEP_STEPS,
  ENUM_VALUES,
  type ExperimentConfig,
  LAB_START_CONFIG,
  NUMERIC_LIMITS,
  planArms,
  Rng,
  SWEEP_KNOBS,
  SWEEP_STEP_LIMITS,
  SWEEP_VALUE_COUNT,
  type Sweep,
} from '#engine';
import {
  type ExperimentLink,
  formatExperimentParams,
  LESSON_STEP_LIMITS,
  MAX_PARAMS,
  MAX_QUERY_CHARS,
  type ParsedExperimentParams,
  parseExperimentParams,
} from './experiment-codec.ts';

/** Longest issue sentence allowed: quoted values are capped, so sentences stay short. */
const MAX_ISSUE_CHARS = 600;
const FUZZ_CASES = 2000;

const DEFAULT_QUERY =
  'v=1&dataset=spiral&noise=0.1&model=mlp&depth=3&width=16&activation=tanh&norm=batchnorm' +
  '&placement=before&bnMomentum=0.1&ghostBatch=0&rmax=3&dmax=5&renormWarmup=0&groups=4&optimizer=momentum&lr=0.05' +
  '&momentum=0.9&weightDecay=0&batchSize=32&accumSteps=1&eps=0.00001&init=kaiming&initStd=1&dropout=0&seed=1&residual=none&normLogits=off';
const NORM_LIST = 'none, batchnorm, batchrenorm, layernorm, groupnorm, instancenorm, rmsnorm';

const cfg = (patch: Partial<ExperimentConfig> = {}): ExperimentConfig => ({ ...DEFAULT_CONFIG, ...patch });

function valueProblem(key: keyof ExperimentConfig, value: unknown): string | null {
  if (key in NUMERIC_LIMITS) {
    const limits = NUMERIC_LIMITS[key as keyof typeof NUMERIC_LIMITS];
    if (typeof value !== 'number' || !Number.isFinite(value))
      return `${key}=${String(value)} is not a finite number`;
    if (value < limits.min || value > limits.max) return `${key}=${value} is out of range`;
    if (limits.integer && !Number.isInteger(value)) return `${key}=${value} is not an integer`;
    return null;
  }
  const allowed: readonly unknown[] = ENUM_VALUES[key as keyof typeof ENUM_VALUES];
  return allowed.includes(value) ? null : `${key}=${String(value)} is not a known value`;
}

/** Everything a parse result promises, whatever the input was; [] when all hold. */
function resultProblems(result: ParsedExperimentParams): string[] {
  const { config, comparison, sweep, lessonStep, issues } = result;
  const problems: string[] = [];
  const keys = Object.keys(DEFAULT_CONFIG) as (keyof ExperimentConfig)[];
  if (Object.keys(config).sort().join() !== [...keys].sort().join()) problems.push('config keys differ');
  for (const key of keys) problems.push(valueProblem(key, config[key]) ?? '');
  problems.push(...configProblems(config));
  const knobbed: [
    string,
    readonly string[],
    { knob: keyof ExperimentConfig; values: unknown[] } | null,
    { min: number; max: number },
  ][] = [
    ['comparison', COMPARE_KNOBS, comparison, COMPARE_VALUE_COUNT],
    ['sweep', SWEEP_KNOBS, sweep, SWEEP_VALUE_COUNT],
  ];
  for (const [name, knobs, part, count] of knobbed) {
    if (!part) continue;
    if (!knobs.includes(part.knob)) problems.push(`${name} knob ${part.knob}`);
    if (part.values.length < count.min || part.values.length > count.max)
      problems.push(`${name} value count`);
    for (const value of part.values) problems.push(valueProblem(part.knob, value) ?? '');
  }
  if (comparison && sweep && comparison.knob === sweep.knob)
    problems.push('comparison and sweep share a knob');
  // Every arm (comparison value x sweep value) is a runnable config.
  for (const a of comparison?.values ?? [undefined]) {
    for (const b of sweep?.values ?? [undefined]) {
      let arm = config;
      if (comparison && a !== undefined) arm = armConfig(arm, comparison.knob, a);
      if (sweep && b !== undefined) arm = armConfig(arm, sweep.knob, b);
      problems.push(...configProblems(arm));
    }
  }
  if (sweep && valueProblemIn(sweep.steps, SWEEP_STEP_LIMITS)) problems.push(`sweep steps ${sweep.steps}`);
  if (lessonStep !== null && valueProblemIn(lessonStep, LESSON_STEP_LIMITS))
    problems.push(`step ${lessonStep}`);
  for (const issue of issues) {
    if (typeof issue !== 'string' || issue.length > MAX_ISSUE_CHARS) problems.push(`long issue: ${issue}`);
    // Untrusted text is escaped: no control, format (bidi) or unpaired surrogate characters survive.
    else if (/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u.test(issue)) problems.push(`unescaped issue: ${issue}`);
  }
  return problems.filter((p) => p !== '');
}

/** A comparison or sweep arm; a group count is only meaningful (and checked) under GroupNorm. */
function armConfig(config: ExperimentConfig, knob: keyof ExperimentConfig, value: unknown): ExperimentConfig {
  return { ...config, [knob]: value, ...(knob === 'groups' ? { norm: 'groupnorm' } : {}) };
}

function valueProblemIn(n: number, limits: { min: number; max: number; integer: boolean }): boolean {
  return !(Number.isInteger(n) && n >= limits.min && n <= limits.max);
}

function expectValidResult(result: ParsedExperimentParams): void {
  expect(resultProblems(result)).toEqual([]);
}

/** The canonical rewrite of a parse, and what parsing it gives (it should be the same, silently). */
function reparse(result: ParsedExperimentParams): { canonical: string; again: ParsedExperimentParams } {
  const { issues: _, ...link } = result;
  const canonical = formatExperimentParams(link);
  return { canonical, again: parseExperimentParams(canonical) };
}

function expectCanonicalFixedPoint(result: ParsedExperimentParams): void {
  const { canonical, again } = reparse(result);
  expect(again).toEqual({ ...result, issues: [] });
  expect(formatExperimentParams(again)).toBe(canonical);
}

describe('formatExperimentParams', () => {
  it('a link means DEFAULT_CONFIG by a key it leaves out, not the Lab’s starting experiment', () => {
    // The Lab opens with ReLU and noise 0.03 (LAB_START_CONFIG); a link written before that keeps tanh and 0.1.
    expect(LAB_START_CONFIG).toMatchObject({ activation: 'relu', noise: 0.03 });
    expect(parseExperimentParams('v=1&norm=none').config).toEqual({ ...DEFAULT_CONFIG, norm: 'none' });
    expect(DEFAULT_CONFIG).toMatchObject({ activation: 'tanh', noise: 0.1 });
    // What the app writes spells out every key.
    const written = formatExperimentParams({ config: LAB_START_CONFIG });
    expect(parseExperimentParams(written)).toMatchObject({ config: LAB_START_CONFIG, issues: [] });
  });

  it('writes v=1 then every config key in DEFAULT_CONFIG order', () => {
    expect(formatExperimentParams({ config: DEFAULT_CONFIG })).toBe(DEFAULT_QUERY);
  });

  it('appends comparison, sweep and step after the config', () => {
    const query = formatExperimentParams({
      config: DEFAULT_CONFIG,
      comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
      sweep: { knob: 'lr', values: [0.01, 0.1, 1], steps: 300 },
      lessonStep: 2,
    });
    expect(query).toBe(
      `${DEFAULT_QUERY}&compare=norm&values=none,batchnorm&sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=300&step=2`,
    );
  });

  it.each<[number, string]>([
    [0.05, '0.05'],
    [1e-5, '0.00001'],
    [1e-6, '0.000001'],
    [1e-7, '1e-7'],
    [1e-8, '1e-8'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-0, '0'],
    [2 ** 31 - 1, '2147483647'],
  ])('numbers are shortest-exact: %s -> %s', (n, text) => {
    const query = formatExperimentParams({ config: cfg({ eps: n }) });
    expect(new URLSearchParams(query).get('eps')).toBe(text);
  });
});

describe('parseExperimentParams round trips', () => {
  const links: [string, ExperimentLink][] = [
    ['defaults', { config: DEFAULT_CONFIG }],
    [
      'lesson 4: MNIST MLP, sigmoid, batch 60, BN vs none',
      {
        config: cfg({ dataset: 'mnist', activation: 'sigmoid', width: 100, batchSize: 60 }),
        comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
        lessonStep: 3,
      },
    ],
    [
      'lesson 5: lr sweep, none vs BN',
      {
        config: cfg({ optimizer: 'sgd', momentum: 0 }),
        comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
        sweep: { knob: 'lr', values: [0.001, 0.01, 0.1, 1, 3, 10], steps: 400 },
      },
    ],
    [
      'lesson 9: batch-size sweep, BN vs GN vs LN',
      {
        config: cfg({ norm: 'groupnorm', groups: 4 }),
        comparison: { knob: 'norm', values: ['batchnorm', 'groupnorm', 'layernorm'] },
        sweep: { knob: 'batchSize', values: [2, 4, 8, 16, 32], steps: DEFAULT_SWEEP_STEPS },
      },
    ],
    [
      'lesson 9: test error at the same number of samples per batch size',
      {
        config: cfg({ dataset: 'mnist', width: 64, depth: 2 }),
        comparison: { knob: 'norm', values: ['batchnorm', 'groupnorm', 'layernorm'] },
        sweep: {
          knob: 'batchSize',
          values: [2, 4, 8, 16, 32],
          steps: 200,
          metric: 'error',
          budget: 'samples',
        },
      },
    ],
    [
      'lesson 10: the family on the CNN',
      {
        config: cfg({ dataset: 'mnist', model: 'cnn', norm: 'instancenorm', groups: 8, activation: 'relu' }),
        comparison: {
          knob: 'norm',
          values: ['batchnorm', 'layernorm', 'groupnorm', 'instancenorm', 'rmsnorm'],
        },
      },
    ],
    [
      'group counts compared on width 12',
      {
        config: cfg({ width: 12, norm: 'groupnorm', groups: 3 }),
        comparison: { knob: 'groups', values: [1, 2, 3, 6, 12] },
      },
    ],
    // BatchNorm (the default) cannot train at batch size 1 on dense features: no normalizer here.
    ['every numeric at its minimum', { config: cfg({ ...mapLimits('min'), norm: 'none' }) }],
    ['every numeric at its maximum', { config: cfg({ ...mapLimits('max'), norm: 'none' }) }],
    [
      'non-default enums',
      {
        config: cfg({
          dataset: 'moons',
          activation: 'relu',
          norm: 'rmsnorm',
          placement: 'after',
          optimizer: 'adam',
          init: 'normal',
          initStd: 0.37,
        }),
        lessonStep: LESSON_STEP_LIMITS.max,
      },
    ],
  ];

  it.each(links)('%s: format -> parse gives the same link, no issues', (_, link) => {
    const parsed = parseExperimentParams(formatExperimentParams(link));
    expect(parsed).toEqual({ comparison: null, sweep: null, lessonStep: null, ...link, issues: [] });
  });

  it.each(links)('%s: parse(canonical) -> format gives the same string', (_, link) => {
    const canonical = formatExperimentParams(link);
    expect(formatExperimentParams(parseExperimentParams(canonical))).toBe(canonical);
    expect(formatExperimentParams(parseExperimentParams(`?${canonical}`))).toBe(canonical);
  });

  it('every numeric value in range survives format -> parse bit for bit', () => {
    const rng = new Rng(7);
    for (const [key, limits] of Object.entries(NUMERIC_LIMITS)) {
      for (let i = 0; i < 200; i++) {
        let value: number;
        if (limits.integer) value = limits.min + rng.int(limits.max - limits.min + 1);
        else if (limits.min > 0)
          value = limits.min * (limits.max / limits.min) ** rng.uniform(); // log-uniform
        else value = limits.min + (limits.max - limits.min) * rng.uniform();
        const config = cfg({ [key]: value, norm: 'none' });
        const parsed = parseExperimentParams(formatExperimentParams({ config }));
        expect(parsed.issues, `${key}=${value}`).toEqual([]);
        expect(Object.is(parsed.config[key as keyof ExperimentConfig], value), `${key}=${value}`).toBe(true);
      }
    }
  });
});

function mapLimits(end: 'min' | 'max'): Partial<ExperimentConfig> {
  return Object.fromEntries(Object.entries(NUMERIC_LIMITS).map(([key, limits]) => [key, limits[end]]));
}

describe('Batch Renormalization deep links', () => {
  it('#/lab?norm=batchrenorm&rmax=2&dmax=1.5&renormWarmup=500: read without issues, canonical round trip', () => {
    const parsed = parseExperimentParams('norm=batchrenorm&rmax=2&dmax=1.5&renormWarmup=500');
    expect(parsed.issues).toEqual([]);
    expect(parsed.config).toEqual(cfg({ norm: 'batchrenorm', rmax: 2, dmax: 1.5, renormWarmup: 500 }));
    const query = formatExperimentParams({ config: parsed.config });
    expect(query).toContain(
      '&norm=batchrenorm&placement=before&bnMomentum=0.1&ghostBatch=0&rmax=2&dmax=1.5&renormWarmup=500&',
    );
    expect(parseExperimentParams(query)).toEqual({ ...parsed, issues: [] });
  });

  it('bad limits fall back per key: rmax below 1, dmax above 10, a fractional warm-up', () => {
    const parsed = parseExperimentParams('norm=batchrenorm&rmax=0.5&dmax=11&renormWarmup=2.5');
    expect(parsed.config).toEqual(cfg({ norm: 'batchrenorm' }));
    expect(parsed.issues).toEqual([
      'rmax 0.5 is out of range (1–10); using 3',
      'dmax 11 is out of range (0–10); using 5',
      'renormWarmup 2.5 is not a whole number; using 0',
    ]);
  });

  it('compare=rmax under another normalizer runs Batch Renorm in every arm', () => {
    const parsed = parseExperimentParams('norm=layernorm&compare=rmax&values=1,3');
    expect(parsed.issues).toEqual([]);
    expect(parsed.comparison).toEqual({ knob: 'rmax', values: [1, 3] });
    const arms = planArms(parsed.config, parsed.comparison);
    expect(arms.map((a) => [a.config.norm, a.config.rmax])).toEqual([
      ['batchrenorm', 1],
      ['batchrenorm', 3],
    ]);
  });
});

describe('parseExperimentParams accepts loose but unambiguous input silently', () => {
  it.each<[string, Partial<ExperimentConfig>]>([
    ['', {}],
    ['?', {}],
    ['v=1', {}],
    ['lr=0.1', { lr: 0.1 }],
    ['?lr=0.1', { lr: 0.1 }],
    ['lr=.5', { lr: 0.5 }],
    ['lr=5e-2', { lr: 0.05 }],
    ['lr=5E-2', { lr: 0.05 }],
    ['lr=%2B0.1', { lr: 0.1 }],
    ['lr=+0.1+', { lr: 0.1 }],
    ['batchSize=1e2', { batchSize: 100 }],
    ['batchSize=64.0', { batchSize: 64 }],
    ['momentum=0', { momentum: 0 }],
    ['momentum=-0', { momentum: 0 }],
    ['weightDecay=0&dropout=0', { weightDecay: 0, dropout: 0 }],
    ['LR=0.2&BatchSize=8', { lr: 0.2, batchSize: 8 }],
    ['norm=LayerNorm&optimizer=ADAM', { norm: 'layernorm', optimizer: 'adam' }],
    ['norm=groupnorm&width=12', { norm: 'groupnorm', width: 12 }],
    ['lr=0.1&&&', { lr: 0.1 }],
  ])('%j', (query, patch) => {
    const parsed = parseExperimentParams(query);
    expect(parsed.issues).toEqual([]);
    expect(parsed.config).toEqual(cfg(patch));
  });
});

describe('parseExperimentParams malformed input: per-key fallback and one issue each', () => {
  it.each<[string, Partial<ExperimentConfig>, string[]]>([
    ['lr=abc', {}, ['lr "abc" is not a number; using 0.05']],
    ['lr=1e999', {}, ['lr 1e999 is out of range (0.00001–10); using 0.05']],
    ['lr=-1', {}, ['lr -1 is out of range (0.00001–10); using 0.05']],
    ['lr=0', {}, ['lr 0 is out of range (0.00001–10); using 0.05']],
    ['lr=NaN', {}, ['lr "NaN" is not a number; using 0.05']],
    ['lr=Infinity', {}, ['lr "Infinity" is not a number; using 0.05']],
    ['lr=-Infinity', {}, ['lr "-Infinity" is not a number; using 0.05']],
    ['lr=0x10', {}, ['lr "0x10" is not a number; using 0.05']],
    ['lr=1,5', {}, ['lr "1,5" is not a number; using 0.05']],
    ['lr=', {}, ['lr "" is not a number; using 0.05']],
    ['lr', {}, ['lr "" is not a number; using 0.05']],
    ['batchSize=0', {}, ['batchSize 0 is out of range (1–256); using 32']],
    ['batchSize=1.5', {}, ['batchSize 1.5 is not a whole number; using 32']],
    ['batchSize=257', {}, ['batchSize 257 is out of range (1–256); using 32']],
    ['groups=0', {}, ['groups 0 is out of range (1–64); using 4']],
    ['eps=1e-9', {}, ['eps 1e-9 is out of range (1e-8–0.1); using 0.00001']],
    ['seed=2147483648', {}, ['seed 2147483648 is out of range (0–2147483647); using 1']],
    ['norm=foo', {}, [`norm "foo" is not one of ${NORM_LIST}; using batchnorm`]],
    ['norm=', {}, [`norm "" is not one of ${NORM_LIST}; using batchnorm`]],
    [
      'dataset=cifar',
      {},
      ['dataset "cifar" is not one of spiral, circles, xor, blobs, moons, mnist; using spiral'],
    ],
    [
      'lr=abc&batchSize=1.5&norm=foo&seed=7',
      { seed: 7 },
      [
        `norm "foo" is not one of ${NORM_LIST}; using batchnorm`,
        'lr "abc" is not a number; using 0.05',
        'batchSize 1.5 is not a whole number; using 32',
      ],
    ],
    // Duplicates: the first one wins, even when it is the bad one.
    ['lr=0.1&lr=0.2', { lr: 0.1 }, ['lr appears 2 times; the first one was used']],
    [
      'lr=abc&lr=0.2&LR=3',
      {},
      ['lr appears 3 times; the first one was used', 'lr "abc" is not a number; using 0.05'],
    ],
    // Unknown keys: one issue listing them.
    ['foo=1&lr=0.1', { lr: 0.1 }, ['Unknown parameter was ignored: "foo"']],
    [
      'a=1&b=2&c=3&d=4&e=5&f=6&g=7',
      {},
      ['Unknown parameters were ignored: "a", "b", "c", "d", "e" and 2 more'],
    ],
    ['=5', {}, ['Unknown parameter was ignored: ""']],
    // Versions.
    [
      'v=2&lr=0.1',
      { lr: 0.1 },
      [
        'This link comes from a newer version of NormLab (v=2); only the settings this version knows were read',
      ],
    ],
    [
      'v=2&lr=0.1&futureKnob=3',
      { lr: 0.1 },
      [
        'This link comes from a newer version of NormLab (v=2); only the settings this version knows were read',
        'Unknown parameter was ignored: "futureKnob"',
      ],
    ],
    ['v=0', {}, ['v "0" is not a known link version; reading it as v=1']],
    ['v=abc&lr=0.1', { lr: 0.1 }, ['v "abc" is not a known link version; reading it as v=1']],
    // Cross-field: groups must divide the channels.
    [
      'norm=groupnorm&width=16&groups=3',
      { norm: 'groupnorm', width: 16, groups: 2 },
      ['groups=3 does not divide the channel count 16; using groups=2'],
    ],
    [
      'norm=groupnorm&width=16&groups=64',
      { norm: 'groupnorm', width: 16, groups: 16 },
      ['groups=64 does not divide the channel count 16; using groups=16'],
    ],
    [
      'norm=groupnorm&width=10',
      { norm: 'groupnorm', width: 10, groups: 2 },
      ['groups=4 does not divide the channel count 10; using groups=2'],
    ],
    [
      'norm=groupnorm&width=7&groups=5',
      { norm: 'groupnorm', width: 7, groups: 1 },
      ['groups=5 does not divide the channel count 7; using groups=1'],
    ],
    [
      'dataset=mnist&model=cnn&norm=groupnorm&groups=12',
      { dataset: 'mnist', model: 'cnn', norm: 'groupnorm', groups: 8 },
      ['groups=12 does not divide the channel counts 8, 16; using groups=8'],
    ],
    ['norm=batchnorm&groups=3', { groups: 3 }, []],
    // BatchNorm on dense features needs two samples per batch (PyTorch's error otherwise).
    [
      'norm=batchnorm&batchSize=1',
      { norm: 'batchnorm', batchSize: 2 },
      [`batchSize=1 with norm=batchnorm: ${BATCH_STATISTICS_RULE}; using batchSize=2`],
    ],
    [
      'norm=batchnorm&model=cnn&dataset=mnist&batchSize=1',
      { model: 'cnn', dataset: 'mnist', batchSize: 1 },
      [],
    ],
    ['norm=layernorm&batchSize=1', { norm: 'layernorm', batchSize: 1 }, []],
    // Cross-field: the CNN needs MNIST; InstanceNorm needs the CNN.
    ['model=cnn', { model: 'cnn', dataset: 'mnist' }, ['model=cnn needs image data; using dataset=mnist']],
    [
      'model=cnn&dataset=moons',
      { dataset: 'moons' },
      ['model=cnn needs image data but dataset=moons was asked for; using model=mlp'],
    ],
    [
      'norm=instancenorm',
      { norm: 'instancenorm', model: 'cnn', dataset: 'mnist' },
      ['norm=instancenorm needs spatial feature maps; using model=cnn with dataset=mnist'],
    ],
    [
      'norm=instancenorm&dataset=mnist',
      { norm: 'instancenorm', model: 'cnn', dataset: 'mnist' },
      ['norm=instancenorm needs spatial feature maps; using model=cnn with dataset=mnist'],
    ],
    [
      'norm=instancenorm&model=mlp',
      {},
      ['norm=instancenorm needs spatial feature maps (model=cnn); using norm=batchnorm'],
    ],
    [
      'norm=instancenorm&dataset=xor',
      { dataset: 'xor' },
      ['norm=instancenorm needs spatial feature maps (model=cnn); using norm=batchnorm'],
    ],
    [
      'norm=instancenorm&model=cnn&dataset=xor',
      { dataset: 'xor' },
      [
        'model=cnn needs image data but dataset=xor was asked for; using model=mlp',
        'norm=instancenorm needs spatial feature maps (model=cnn); using norm=batchnorm',
      ],
    ],
    // Decoding: never throws on bad percent-escapes; '+' is a space.
    ['lr=%', {}, ['lr "%" is not a number; using 0.05']],
    ['lr=%zz', {}, ['lr "%zz" is not a number; using 0.05']],
    ['lr=%E0%A4%A', {}, ['lr "\uFFFD%A" is not a number; using 0.05']],
    ['lr=0.1%', {}, ['lr "0.1%" is not a number; using 0.05']],
    ['norm=batch+norm', {}, [`norm "batch norm" is not one of ${NORM_LIST}; using batchnorm`]],
    ['%E0%A4%A=1', {}, ['Unknown parameter was ignored: "\uFFFD%A"']],
    // Untrusted text is quoted and escaped, never interpreted.
    [
      'norm=<img src=x onerror=alert(1)>',
      {},
      [`norm "<img src=x onerror=alert(1)>" is not one of ${NORM_LIST}; using batchnorm`],
    ],
    [
      'norm=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      {},
      [`norm "<script>alert(1)</script>" is not one of ${NORM_LIST}; using batchnorm`],
    ],
    ['lr=%22%5C', {}, ['lr "\\"\\\\" is not a number; using 0.05']],
    ['lr=a%00b%0Ac%E2%80%AEd', {}, ['lr "a\\u{0}b\\u{a}c\\u{202e}d" is not a number; using 0.05']],
    ['<b>=1', {}, ['Unknown parameter was ignored: "<b>"']],
    ['lr=😀😀', {}, ['lr "😀😀" is not a number; using 0.05']],
    [`lr=${'x'.repeat(50)}`, {}, [`lr "${'x'.repeat(40)}…" is not a number; using 0.05`]],
    [`lr=1${'0'.repeat(60)}`, {}, [`lr 1${'0'.repeat(39)}… is out of range (0.00001–10); using 0.05`]],
  ])('%j', (query, patch, issues) => {
    const parsed = parseExperimentParams(query);
    expect(parsed.issues).toEqual(issues);
    expect(parsed.config).toEqual(cfg(patch));
    expectValidResult(parsed);
    expectCanonicalFixedPoint(parsed);
  });

  it('a 100 kB query is cut at a pair boundary, quickly', () => {
    const query = `lr=0.2&${'unknownKey=1&'.repeat(8000)}norm=layernorm`;
    expect(query.length).toBeGreaterThan(100_000);
    const started = performance.now();
    const parsed = parseExperimentParams(query);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.config).toEqual(cfg({ lr: 0.2 }));
    expect(parsed.issues[0]).toBe(
      `The link is too long (${query.length} characters); only its first ${MAX_QUERY_CHARS} were read`,
    );
    expect(parsed.issues[1]).toBe(`The link has more than ${MAX_PARAMS} parameters; the rest were ignored`);
    expect(parsed.issues[2]).toBe('Unknown parameter was ignored: "unknownKey"');
    expect(parsed.issues).toHaveLength(3);
    expectValidResult(parsed);
  });

  it('a 100 kB single value gives one bounded issue', () => {
    const parsed = parseExperimentParams(`norm=${'<script>'.repeat(15_000)}`);
    expect(parsed.config).toEqual(DEFAULT_CONFIG);
    expect(parsed.issues).toHaveLength(2);
    expect(parsed.issues[1]).toBe(
      `norm "${'<script>'.repeat(5)}…" is not one of ${NORM_LIST}; using batchnorm`,
    );
    expectValidResult(parsed);
  });

  it('a non-string query is read as empty (JS callers)', () => {
    expect(parseExperimentParams(undefined as unknown as string)).toEqual({
      config: DEFAULT_CONFIG,
      comparison: null,
      sweep: null,
      lessonStep: null,
      issues: [],
    });
  });
});

describe('parseExperimentParams: batch size 1 with BatchNorm in a comparison', () => {
  it('a BatchNorm arm raises the batch size of every arm to 2, with the rule in the notice', () => {
    const parsed = parseExperimentParams('norm=none&batchSize=1&compare=norm&values=none,batchnorm');
    expect(parsed.comparison).toEqual({ knob: 'norm', values: ['none', 'batchnorm'] });
    expect(parsed.config.batchSize).toBe(2);
    expect(parsed.issues).toEqual([
      `batchSize=1 with compare=norm: ${BATCH_STATISTICS_RULE}; using batchSize=2`,
    ]);
    for (const arm of planArms(parsed.config, parsed.comparison))
      expect(configProblems(arm.config)).toEqual([]);
  });

  it('a comparison over batch size that asks for 1 with BatchNorm is left out, saying why', () => {
    const parsed = parseExperimentParams('norm=batchnorm&compare=batchSize&values=1,8');
    expect(parsed.comparison).toBeNull();
    expect(parsed.issues).toEqual([
      `compare=batchSize: 1 cannot run here (${BATCH_STATISTICS_RULE}; use batchSize=2 or more); the comparison was left out`,
    ]);
  });
});

describe('parseExperimentParams comparison', () => {
  it.each<[string, Comparison | null, string[]]>([
    ['compare=norm&values=none,batchnorm', { knob: 'norm', values: ['none', 'batchnorm'] }, []],
    ['compare=lr&values=0.01, 0.1 ,1', { knob: 'lr', values: [0.01, 0.1, 1] }, []],
    ['compare=BatchSize&values=8,64', { knob: 'batchSize', values: [8, 64] }, []],
    ['compare=momentum&values=0,0.9', { knob: 'momentum', values: [0, 0.9] }, []],
    ['compare=groups&values=1,2,4,8,16', { knob: 'groups', values: [1, 2, 4, 8, 16] }, []],
    [
      'compare=foo&values=1,2',
      null,
      [`compare "foo" is not one of ${COMPARE_KNOBS.join(', ')}; the comparison was left out`],
    ],
    [
      'compare=dataset&values=spiral,xor',
      null,
      [`compare "dataset" is not one of ${COMPARE_KNOBS.join(', ')}; the comparison was left out`],
    ],
    [
      'compare=lr',
      null,
      ['compare=lr needs values= with 2–6 comma-separated values; the comparison was left out'],
    ],
    [
      'compare=lr&values=0.1',
      null,
      ['compare=lr needs values= with 2–6 comma-separated values; the comparison was left out'],
    ],
    [
      'compare=lr&values=1,2,3,4,5,6,7',
      null,
      ['compare=lr needs values= with 2–6 comma-separated values; the comparison was left out'],
    ],
    ['compare=lr&values=0.1,abc', null, ['compare=lr: "abc" is not a number; the comparison was left out']],
    ['compare=lr&values=0.1,', null, ['compare=lr: "" is not a number; the comparison was left out']],
    [
      'compare=lr&values=0.1,99',
      null,
      ['compare=lr: 99 is out of range (0.00001–10); the comparison was left out'],
    ],
    ['compare=lr&values=0.1,0.10', null, ['compare=lr lists 0.1 twice; the comparison was left out']],
    [
      'compare=norm&values=none,<img>',
      null,
      [`compare=norm: "<img>" is not one of ${NORM_LIST}; the comparison was left out`],
    ],
    [
      'compare=norm&values=none,instancenorm',
      null,
      [
        'compare=norm: instancenorm cannot run here (instancenorm needs spatial feature maps: use model=cnn); the comparison was left out',
      ],
    ],
    [
      'compare=groups&values=3,4',
      null,
      [
        'compare=groups: 3 cannot run here (groups must divide channels (c=16, g=3)); the comparison was left out',
      ],
    ],
    ['values=1,2', null, ['values was ignored: it needs compare=<setting>']],
  ])('%j', (query, comparison, issues) => {
    const parsed = parseExperimentParams(query);
    expect(parsed.comparison).toEqual(comparison);
    expect(parsed.issues).toEqual(issues);
    expect(parsed.config).toEqual(DEFAULT_CONFIG);
    expectValidResult(parsed);
    expectCanonicalFixedPoint(parsed);
  });
});

describe('parseExperimentParams sweep', () => {
  const lrSweep: Sweep = { knob: 'lr', values: [0.01, 0.1, 1], steps: 200 };
  it.each<[string, Sweep | null, Comparison | null, string[]]>([
    ['sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=200', lrSweep, null, []],
    ['sweep=lr&sweepValues=0.01,0.1,1', { ...lrSweep, steps: DEFAULT_SWEEP_STEPS }, null, []],
    [
      'sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=200&sweepMetric=error&sweepBudget=samples',
      { ...lrSweep, metric: 'error', budget: 'samples' },
      null,
      [],
    ],
    // The defaults are read but not kept, so the canonical link leaves them out.
    ['sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=200&sweepMetric=loss&sweepBudget=steps', lrSweep, null, []],
    [
      'sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=200&sweepMetric=accuracy&sweepBudget=time',
      lrSweep,
      null,
      [
        'sweepMetric "accuracy" is not one of loss, error; using loss',
        'sweepBudget "time" is not one of steps, samples; using steps',
      ],
    ],
    [
      'sweepMetric=error&sweepBudget=samples',
      null,
      null,
      [
        'sweepMetric was ignored: it needs sweep=<setting>',
        'sweepBudget was ignored: it needs sweep=<setting>',
      ],
    ],
    [
      'sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=5',
      { ...lrSweep, steps: DEFAULT_SWEEP_STEPS },
      null,
      [`sweepSteps 5 is out of range (10–5000); using ${DEFAULT_SWEEP_STEPS}`],
    ],
    [
      'sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=12.5',
      { ...lrSweep, steps: DEFAULT_SWEEP_STEPS },
      null,
      [`sweepSteps 12.5 is not a whole number; using ${DEFAULT_SWEEP_STEPS}`],
    ],
    [
      'sweep=momentum&sweepValues=0,0.9',
      null,
      null,
      [`sweep "momentum" is not one of ${SWEEP_KNOBS.join(', ')}; the sweep was left out`],
    ],
    [
      `sweep=batchSize&sweepValues=${Array.from({ length: 13 }, (_, i) => i + 1).join(',')}`,
      null,
      null,
      ['sweep=batchSize needs sweepValues= with 2–12 comma-separated values; the sweep was left out'],
    ],
    [
      'sweep=batchSize&sweepValues=2,4,8,16,32&compare=norm&values=batchnorm,groupnorm,layernorm',
      { knob: 'batchSize', values: [2, 4, 8, 16, 32], steps: DEFAULT_SWEEP_STEPS },
      { knob: 'norm', values: ['batchnorm', 'groupnorm', 'layernorm'] },
      [],
    ],
    [
      'compare=lr&values=0.1,1&sweep=lr&sweepValues=0.01,0.1',
      null,
      { knob: 'lr', values: [0.1, 1] },
      ['sweep=lr varies the same setting as compare=lr; the sweep was left out'],
    ],
    [
      'compare=width&values=16,12&sweep=groups&sweepValues=2,4,8',
      null,
      { knob: 'width', values: [16, 12] },
      [
        'sweep=groups: 8 cannot run with width=12 (groups must divide channels (c=12, g=8)); the sweep was left out',
      ],
    ],
    [
      'sweepValues=1,2&sweepSteps=100',
      null,
      null,
      [
        'sweepValues was ignored: it needs sweep=<setting>',
        'sweepSteps was ignored: it needs sweep=<setting>',
      ],
    ],
  ])('%j', (query, sweep, comparison, issues) => {
    const parsed = parseExperimentParams(query);
    expect(parsed.sweep).toEqual(sweep);
    expect(parsed.comparison).toEqual(comparison);
    expect(parsed.issues).toEqual(issues);
    expectValidResult(parsed);
    expectCanonicalFixedPoint(parsed);
  });
});

describe('parseExperimentParams lesson step', () => {
  it.each<[string, number | null, string[]]>([
    ['step=1', 1, []],
    ['step=20', 20, []],
    ['step=0', null, ["step 0 is out of range (1–20); the link opens at the lesson's start"]],
    ['step=21', null, ["step 21 is out of range (1–20); the link opens at the lesson's start"]],
    ['step=2.5', null, ["step 2.5 is not a whole number; the link opens at the lesson's start"]],
    ['step=two', null, ['step "two" is not a number; the link opens at the lesson\'s start']],
  ])('%j', (query, lessonStep, issues) => {
    const parsed = parseExperimentParams(query);
    expect(parsed.lessonStep).toBe(lessonStep);
    expect(parsed.issues).toEqual(issues);
  });
});

describe('parseExperimentParams fuzz', () => {
  const SOUP = [
    ...'=&%?#+<>"\'`,;.-_ /\\0123456789eEx',
    '\u0000',
    '\u202e',
    '\ud800',
    'é',
    'ß',
    '😀',
    '中',
    '%E0%A4%A',
    '%2',
    '%00',
    '%3C',
    '%25',
    ...Object.keys(DEFAULT_CONFIG),
    ...Object.values(ENUM_VALUES).flat(),
    'v',
    'compare',
    'values',
    'sweep',
    'sweepValues',
    'sweepSteps',
    'step',
    'NaN',
    'Infinity',
    '1e999',
  ];

  const KEYS = [
    ...Object.keys(DEFAULT_CONFIG),
    'v',
    'compare',
    'values',
    'sweep',
    'sweepValues',
    'sweepSteps',
    'step',
  ];
  const VALUES = [
    ...Object.values(ENUM_VALUES).flat(),
    ...KEYS,
    ...[
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '12',
      '16',
      '32',
      '64',
      '100',
      '0.5',
      '0.05',
      '1e-5',
      '1e999',
    ],
    ...['-1', '1.5', 'abc', '', '%', '<i>'],
  ];

  const VALUES_FOR: Record<string, readonly string[]> = {
    ...ENUM_VALUES,
    ...Object.fromEntries(
      Object.entries(NUMERIC_LIMITS).map(([key, { min, max }]) => [
        key,
        [min, max, (min + max) / 2, DEFAULT_CONFIG[key as keyof typeof NUMERIC_LIMITS], 2, 3, 8, 12].map(
          String,
        ),
      ]),
    ),
    compare: COMPARE_KNOBS,
    sweep: SWEEP_KNOBS,
    v: ['1', '2', 'x'],
    step: ['1', '5', '25'],
    sweepSteps: ['10', '100', '5000', '5001'],
    values: ['1', '2', '3', '4', '8', '12', '0.1', ...ENUM_VALUES.norm],
    sweepValues: ['1', '2', '3', '4', '8', '12', '0.1', ...ENUM_VALUES.norm],
  };

  const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];
  const pairOf = (rng: Rng, key: string, length: number): string => {
    const pool = rng.uniform() < 0.8 ? (VALUES_FOR[key] ?? VALUES) : VALUES;
    return `${key}=${Array.from({ length }, () => pick(rng, pool)).join(',')}`;
  };
  const BASE = formatExperimentParams({
    config: DEFAULT_CONFIG,
    comparison: { knob: 'lr', values: [0.01, 0.1] },
    sweep: { knob: 'batchSize', values: [2, 4, 8], steps: 100 },
    lessonStep: 4,
  });

  /** Four kinds of input in turn: soup, plausible pairs, plausible pairs with a comparison and a sweep, mutated canonical links. */
  function randomQuery(rng: Rng, kind: number): string {
    if (kind === 0) return Array.from({ length: rng.int(60) }, () => pick(rng, SOUP)).join('');
    if (kind === 3) {
      let query = BASE;
      for (let m = 1 + rng.int(4); m > 0; m--) {
        const at = rng.int(query.length + 1);
        query = query.slice(0, at) + pick(rng, SOUP) + query.slice(at + rng.int(4));
      }
      return query;
    }
    // Known keys with values mostly valid for that key, so cross-field repairs and arm checks run.
    const pairs = Array.from({ length: 1 + rng.int(8) }, () => pairOf(rng, pick(rng, KEYS), 1 + rng.int(2)));
    if (kind === 2) {
      // Width vs group count is the pair that can clash only jointly: make it common.
      const clash = rng.uniform() < 0.3;
      const knob = clash ? 'width' : pick(rng, COMPARE_KNOBS);
      const sweep = clash ? 'groups' : pick(rng, SWEEP_KNOBS);
      pairs.push(`compare=${knob}`, pairOf(rng, knob, 1 + rng.int(6)).replace(/^[^=]*/, 'values'));
      pairs.push(`sweep=${sweep}`, pairOf(rng, sweep, 1 + rng.int(5)).replace(/^[^=]*/, 'sweepValues'));
      for (let j = pairs.length - 1; j > 0; j--) {
        const k = rng.int(j + 1);
        [pairs[j], pairs[k]] = [pairs[k], pairs[j]];
      }
    }
    return pairs.join('&');
  }

  it(`${FUZZ_CASES} random queries: never throws, always a valid config, canonical rewrite is silent`, () => {
    const rng = new Rng(2024);
    for (let i = 0; i < FUZZ_CASES; i++) {
      const query = randomQuery(rng, i % 4);
      let parsed: ParsedExperimentParams;
      try {
        parsed = parseExperimentParams(query);
      } catch (error) {
        throw new Error(`parse threw on ${JSON.stringify(query)}: ${error}`);
      }
      const problems = resultProblems(parsed);
      const { canonical, again } = reparse(parsed);
      if (again.issues.length > 0 || formatExperimentParams(again) !== canonical)
        problems.push('not canonical');
      if (problems.length > 0) expect({ query, problems }).toEqual({ query, problems: [] });
    }
  });
});

describe('shared definitions', () => {
  it('DEFAULT_CONFIG is valid and every field is numeric or an enum, not both', () => {
    expect(configProblems(DEFAULT_CONFIG)).toEqual([]);
    for (const key of Object.keys(DEFAULT_CONFIG)) {
      expect(Number(key in NUMERIC_LIMITS) + Number(key in ENUM_VALUES), key).toBe(1);
    }
  });

  it('knob lists name config fields', () => {
    for (const knob of [...COMPARE_KNOBS, ...SWEEP_KNOBS])
      expect(Object.keys(DEFAULT_CONFIG)).toContain(knob);
  });

  it('a lesson link falls back to the lesson setup (not the Lab defaults) for missing or bad keys', () => {
    const lesson = { ...DEFAULT_CONFIG, dataset: 'moons' as const, depth: 6, lr: 3 };
    const parsed = parseExperimentParams('v=1&lr=banana&depth=7', lesson);
    expect(parsed.config).toEqual({ ...lesson, depth: 7 });
    expect(parsed.issues).toEqual([expect.stringMatching(/^lr .*; using 3$/)]);
  });
});
