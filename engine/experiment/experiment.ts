// The experiment config and its rules: the single source of truth for what a run trains, and the
// one home of which knob combinations are valid (configProblems), how a conflicting config is
// mended (repairConfig after a link, reconcile after one changed control), what a comparison or
// sweep varies and the configs their arms run (withKnob, planArms). The config is flat and
// readable so it maps one-to-one onto URL parameters (app/url only parses and formats), travels
// through the worker protocol, and is turned into a ModelSpec + data set by build-experiment.ts.
// The normalizers, their own knobs and those knobs' limits come from norm/catalog.ts.

import {
  isNormKind,
  NORM_CATALOG,
  NORM_KINDS,
  NORM_KNOBS,
  type NormKind,
  type NormKnobKey,
  normInfo,
  usesKnob,
} from '../norm/catalog.ts';

export const DATASETS = ['spiral', 'circles', 'xor', 'blobs', 'moons', 'mnist'] as const;
export const MODELS = ['mlp', 'cnn'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid'] as const;
/** 'none', then every normalizer of the catalog. */
export const NORMS: readonly ['none', ...NormKind[]] = ['none', ...NORM_KINDS];
export const PLACEMENTS = ['before', 'after'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export const INITS = ['kaiming', 'xavier', 'normal'] as const;
/**
 * The MLP's hidden layers as residual blocks: 'none' a plain stack; 'post' y = act(x + norm(W x))
 * (the original ResNet order); 'pre' y = x + W act(norm(x)) (pre-activation, He et al. 2016).
 */
export const RESIDUALS = ['none', 'post', 'pre'] as const;
/** The normalizer also after the last (classification) layer: 'on' normalizes the logits. */
export const NORM_LOGITS = ['off', 'on'] as const;

export type DatasetKind = (typeof DATASETS)[number];
export type ModelKind = (typeof MODELS)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type NormChoice = 'none' | NormKind;
export type Placement = (typeof PLACEMENTS)[number];
export type OptimizerChoice = (typeof OPTIMIZERS)[number];
export type InitChoice = (typeof INITS)[number];
export type ResidualChoice = (typeof RESIDUALS)[number];
export type NormLogitsChoice = (typeof NORM_LOGITS)[number];

/** Each choice's name in the UI: 'No norm', then the catalog's labels ('BatchNorm', …). */
export const NORM_LABEL = Object.fromEntries(
  NORMS.map((n) => [n, n === 'none' ? 'No norm' : normInfo(n).label]),
) as Record<NormChoice, string>;

/** The normalizers' own knobs (GroupNorm's groups, BN momentum, …), one field each. */
export type NormKnobValues = Record<NormKnobKey, number>;

export interface ExperimentConfig extends NormKnobValues {
  dataset: DatasetKind;
  /** Label noise / point jitter of the 2-D sets (ignored for MNIST). */
  noise: number;
  model: ModelKind;
  /** MLP hidden layers and their width (the CNN's shape is fixed). */
  depth: number;
  width: number;
  activation: Activation;
  norm: NormChoice;
  /** Normalizer before the activation (Linear -> Norm -> act) or after it. */
  placement: Placement;
  optimizer: OptimizerChoice;
  lr: number;
  /** SGD momentum (PyTorch convention); used when optimizer = 'momentum'. */
  momentum: number;
  weightDecay: number;
  batchSize: number;
  /**
   * Gradient accumulation: micro-batches of `batchSize` per optimizer step (1: none). A step sees
   * accumSteps × batchSize samples, but a normalizer sees only its micro-batch.
   */
  accumSteps: number;
  eps: number;
  init: InitChoice;
  /** Standard deviation for init = 'normal'. */
  initStd: number;
  dropout: number;
  seed: number;
  /** MLP only: the hidden layers as plain blocks or residual blocks (RESIDUALS). */
  residual: ResidualChoice;
  /** The normalizer after the last layer too, on the logits (needs a normalizer). */
  normLogits: NormLogitsChoice;
}

/**
 * Every normalizer knob at its catalog default. A lesson that writes its config out in full
 * spreads this first, so a normalizer added later does not need an edit of the lesson.
 */
export const NORM_KNOB_DEFAULTS = Object.fromEntries(
  NORM_KNOBS.map((k) => [k.key, k.default]),
) as NormKnobValues;

/** The defaults; the normalizers' knobs sit after `placement` (the canonical link's order). */
export const DEFAULT_CONFIG: ExperimentConfig = {
  dataset: 'spiral',
  noise: 0.1,
  model: 'mlp',
  depth: 3,
  width: 16,
  activation: 'tanh',
  norm: 'batchnorm',
  placement: 'before',
  ...NORM_KNOB_DEFAULTS,
  optimizer: 'momentum',
  lr: 0.05,
  momentum: 0.9,
  weightDecay: 0,
  batchSize: 32,
  accumSteps: 1,
  eps: 1e-5,
  init: 'kaiming',
  initStd: 1,
  dropout: 0,
  seed: 1,
  residual: 'none',
  normLogits: 'off',
};

export interface Limits {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

const KNOB_LIMITS = Object.fromEntries(
  NORM_KNOBS.map((k) => [k.key, { min: k.min, max: k.max, integer: k.integer }]),
) as Record<NormKnobKey, Limits>;

/** Numeric fields: inclusive range and whether they must be integers (the normalizers' knobs: the catalog's). */
export const NUMERIC_LIMITS = {
  noise: { min: 0, max: 1, integer: false },
  depth: { min: 1, max: 32, integer: true },
  width: { min: 2, max: 256, integer: true },
  lr: { min: 1e-5, max: 10, integer: false },
  momentum: { min: 0, max: 0.999, integer: false },
  weightDecay: { min: 0, max: 0.1, integer: false },
  batchSize: { min: 1, max: 256, integer: true },
  accumSteps: { min: 1, max: 64, integer: true },
  eps: { min: 1e-8, max: 0.1, integer: false },
  initStd: { min: 1e-4, max: 10, integer: false },
  dropout: { min: 0, max: 0.9, integer: false },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
  ...KNOB_LIMITS,
} satisfies Record<Exclude<keyof ExperimentConfig, keyof typeof ENUM_VALUES>, Limits>;

/** Enumerated fields and their allowed values. */
export const ENUM_VALUES = {
  dataset: DATASETS,
  model: MODELS,
  activation: ACTIVATIONS,
  norm: NORMS,
  placement: PLACEMENTS,
  optimizer: OPTIMIZERS,
  init: INITS,
  residual: RESIDUALS,
  normLogits: NORM_LOGITS,
} as const satisfies Partial<Record<keyof ExperimentConfig, readonly string[]>>;

/** Channel counts of the normalized layers: the MLP's hidden width, or the CNN's 8 and 16. */
export function normalizedChannels(config: ExperimentConfig): number[] {
  return config.model === 'cnn' ? [...CNN_CHANNELS] : [config.width];
}

/** The small MNIST CNN's conv widths (conv3x3(8) -> pool -> conv3x3(16) -> pool -> dense 10). */
export const CNN_CHANNELS = [8, 16] as const;

// ---------------------------------------------------------------------------------------------
// Rules: which configs can run, and how a conflicting one is mended

/** The numbers that divide every count, increasing (1 always does). */
export function commonDivisors(counts: readonly number[]): number[] {
  const smallest = Math.min(...counts);
  const out: number[] = [];
  for (let g = 1; g <= smallest; g++) if (counts.every((c) => c % g === 0)) out.push(g);
  return out;
}

/** Group counts GroupNorm accepts here: the divisors of every normalized channel count, increasing. */
export function validGroupCounts(config: ExperimentConfig): number[] {
  return commonDivisors(normalizedChannels(config));
}

/** The largest g <= limit dividing every count (1 always does). */
export function largestCommonDivisorAtMost(counts: readonly number[], limit: number): number {
  for (let g = Math.floor(limit); g > 1; g--) {
    if (counts.every((c) => c % g === 0)) return g;
  }
  return 1;
}

/** The normalizer's knobs that must divide every normalized channel count (GroupNorm's groups). */
function divisorKnobs(norm: NormChoice): NormKnobKey[] {
  if (norm === 'none') return [];
  return normInfo(norm)
    .knobs.filter((k) => k.control.type === 'divisors')
    .map((k) => k.key);
}

const needsSpatial = (norm: NormChoice): boolean => norm !== 'none' && normInfo(norm).spatialOnly;

/**
 * What a normalizer that takes one statistic per channel over the batch (catalog `shares:
 * 'channel'`: BatchNorm, Batch Renorm) needs in training mode, in PyTorch's words.
 */
export const BATCH_STATISTICS_RULE =
  "BatchNorm in training mode needs at least 2 values per channel: PyTorch raises 'Expected more than 1 value per channel when training'";

/**
 * The smallest batch size a config trains with. A normalizer with one statistic per channel over
 * the batch (BN, Batch Renorm) averages N · H · W values per channel: on the MLP's dense features
 * (H · W = 1) a batch of 1 leaves one value per channel and the layer throws, so 2; on the CNN's
 * feature maps (28×28 and 14×14, whichever the placement) one image still gives H · W values, so 1.
 * The other normalizers' statistics do not pool over the batch (LN, RMSNorm: a sample; GN: a group
 * of a sample's channels; IN: one channel of one image), so any batch size trains.
 */
export function minBatchSize(config: ExperimentConfig): number {
  const perBatch = config.norm !== 'none' && normInfo(config.norm).shares === 'channel';
  // The logits are dense features on either model: one value per channel per sample.
  return perBatch && (config.model !== 'cnn' || config.normLogits === 'on') ? 2 : 1;
}

/** What residual blocks need: the MLP (the CNN's widths change from block to block). */
export const RESIDUAL_RULE = 'residual blocks are built on the MLP';
/** What a normalizer on the logits needs: a normalizer that works on dense features. */
export const NORM_LOGITS_RULE = 'normLogits=on puts the chosen normalizer after the last layer';

/** Whether a normalizer can sit on the logits (dense features): one is chosen and it needs no feature maps. */
function normFitsLogits(norm: NormChoice): boolean {
  return norm !== 'none' && !needsSpatial(norm);
}

/** The notice when a link's batch size is raised to what its normalizer needs: `cause` is e.g. `norm=batchnorm`. */
export function batchSizeRaised(asked: number, cause: string, min: number): string {
  return `batchSize=${asked} with ${cause}: ${BATCH_STATISTICS_RULE}; using batchSize=${min}`;
}

/**
 * The size of the smallest ghost batch BatchNorm normalizes over in training (the last one when
 * ghostBatch does not divide the batch size), or null when the config has no ghost batches.
 */
export function smallestGhostBatch(config: ExperimentConfig): number | null {
  const g = config.ghostBatch;
  if (config.norm !== 'batchnorm' || g === 0 || g >= config.batchSize) return null;
  return config.batchSize % g || g;
}

/** A ghost batch of one sample on dense features would throw BatchNorm's error at run time: say so now. */
function ghostBatchProblem(config: ExperimentConfig): string | null {
  if (config.model === 'cnn' || smallestGhostBatch(config) !== 1) return null;
  return `ghostBatch=${config.ghostBatch} at batchSize=${config.batchSize} leaves a ghost batch of 1 sample: ${BATCH_STATISTICS_RULE}; use a ghostBatch that leaves 2 or more (or 0 for none)`;
}

/**
 * Cross-field problems of a config, as user-facing sentences (empty when valid). Checked at
 * the boundary (URL parse, configure command) so the engine never sees an impossible run.
 */
export function configProblems(config: ExperimentConfig): string[] {
  const problems: string[] = [];
  for (const key of divisorKnobs(config.norm)) {
    for (const c of normalizedChannels(config)) {
      if (c % config[key] !== 0) problems.push(`${key} must divide channels (c=${c}, g=${config[key]})`);
    }
  }
  if (config.model === 'cnn' && config.dataset !== 'mnist')
    problems.push('the CNN needs image data: use dataset=mnist');
  if (needsSpatial(config.norm) && config.model !== 'cnn')
    problems.push(`${config.norm} needs spatial feature maps: use model=cnn`);
  if (config.residual !== 'none' && config.model !== 'mlp')
    problems.push(`${RESIDUAL_RULE}: use model=mlp or residual=none`);
  if (config.normLogits === 'on' && !normFitsLogits(config.norm))
    problems.push(`${NORM_LOGITS_RULE}: pick one that works on dense features or use normLogits=off`);
  const minBatch = minBatchSize(config);
  if (config.batchSize < minBatch)
    problems.push(`${BATCH_STATISTICS_RULE}; use batchSize=${minBatch} or more`);
  const ghost = ghostBatchProblem(config);
  if (ghost) problems.push(ghost);
  return problems;
}

/**
 * Makes a config read from a link valid (configProblems() empty), saying what changed in
 * `issues`. Where two valid keys conflict, the one the link did not set (`given`) gives way; if
 * the link set both, the one that picks the task (dataset, then model) wins. `fallback` is what
 * a key gives way to (the defaults the link is read against).
 */
export function repairConfig(
  config: ExperimentConfig,
  given: ReadonlySet<keyof ExperimentConfig>,
  issues: string[],
  fallback: ExperimentConfig,
): void {
  if (config.model === 'cnn' && config.dataset !== 'mnist') {
    if (given.has('dataset')) {
      issues.push(`model=cnn needs image data but dataset=${config.dataset} was asked for; using model=mlp`);
      config.model = 'mlp';
    } else {
      issues.push('model=cnn needs image data; using dataset=mnist');
      config.dataset = 'mnist';
    }
  }
  if (needsSpatial(config.norm) && config.model !== 'cnn') {
    const norm = config.norm;
    if (!given.has('model') && (config.dataset === 'mnist' || !given.has('dataset'))) {
      issues.push(`norm=${norm} needs spatial feature maps; using model=cnn with dataset=mnist`);
      config.model = 'cnn';
      config.dataset = 'mnist';
    } else {
      const instead = needsSpatial(fallback.norm) ? 'none' : fallback.norm;
      issues.push(`norm=${norm} needs spatial feature maps (model=cnn); using norm=${instead}`);
      config.norm = instead;
    }
  }
  for (const key of divisorKnobs(config.norm)) {
    const channels = normalizedChannels(config);
    const value = largestCommonDivisorAtMost(channels, config[key]);
    if (value !== config[key]) {
      const counts =
        channels.length === 1 ? `channel count ${channels[0]}` : `channel counts ${channels.join(', ')}`;
      issues.push(`${key}=${config[key]} does not divide the ${counts}; using ${key}=${value}`);
      config[key] = value;
    }
  }
  if (config.residual !== 'none' && config.model !== 'mlp') {
    issues.push(
      `residual=${config.residual} with model=${config.model}: ${RESIDUAL_RULE}; using residual=none`,
    );
    config.residual = 'none';
  }
  if (config.normLogits === 'on' && !normFitsLogits(config.norm)) {
    issues.push(`normLogits=on with norm=${config.norm}: ${NORM_LOGITS_RULE}; using normLogits=off`);
    config.normLogits = 'off';
  }
  const minBatch = minBatchSize(config);
  if (config.batchSize < minBatch) {
    issues.push(batchSizeRaised(config.batchSize, `norm=${config.norm}`, minBatch));
    config.batchSize = minBatch;
  }
  if (ghostBatchProblem(config)) {
    issues.push(`${ghostBatchProblem(config)}; using ghostBatch=0`);
    config.ghostBatch = 0;
  }
  // Safety net for conflicts a future field adds before this function learns about them.
  const rest = configProblems(config);
  if (rest.length > 0) {
    issues.push(...rest.map((p) => `${p}; using the default settings`));
    Object.assign(config, fallback);
  }
}

/**
 * Makes a config valid after one control changed (`changed`): the CNN implies MNIST and vice
 * versa for the 2-D sets, a normalizer that needs feature maps implies the CNN (and gives way to
 * its dense stand-in when the model changes), and a group count snaps to the largest valid one
 * not above it, and a batch size below what the normalizer needs (minBatchSize) rises to it.
 * Returns `next` itself when it cannot be mended.
 */
export function reconcile(next: ExperimentConfig, changed: keyof ExperimentConfig): ExperimentConfig {
  const c = { ...next };
  if (changed === 'model' && c.model === 'cnn') c.dataset = 'mnist';
  if (changed === 'dataset' && c.dataset !== 'mnist' && c.model === 'cnn') c.model = 'mlp';
  if (changed === 'norm' && needsSpatial(c.norm)) {
    c.model = 'cnn';
    c.dataset = 'mnist';
  }
  if ((changed === 'model' || changed === 'dataset') && c.model !== 'cnn' && needsSpatial(c.norm))
    c.norm = standIn(c.norm);
  if (changed === 'residual' && c.residual !== 'none' && c.model !== 'mlp') {
    c.model = 'mlp';
    if (needsSpatial(c.norm)) c.norm = standIn(c.norm);
  }
  if (c.residual !== 'none' && c.model !== 'mlp') c.residual = 'none';
  if (changed === 'normLogits' && c.normLogits === 'on' && !normFitsLogits(c.norm)) {
    c.norm = 'batchnorm';
  }
  if (c.normLogits === 'on' && !normFitsLogits(c.norm)) c.normLogits = 'off';
  for (const knob of NORM_KNOBS) {
    if (knob.control.type !== 'divisors') continue;
    c[knob.key] = largestCommonDivisorAtMost(normalizedChannels(c), c[knob.key]);
  }
  c.batchSize = Math.max(c.batchSize, minBatchSize(c));
  if (ghostBatchProblem(c)) c.ghostBatch = 0;
  return configProblems(c).length === 0 ? c : next;
}

/** What a spatial-only normalizer becomes on dense input: its declared stand-in, or none. */
function standIn(norm: NormChoice): NormChoice {
  const alternative = norm === 'none' ? undefined : normInfo(norm).denseStandIn;
  if (alternative === undefined || !isNormKind(alternative) || needsSpatial(alternative)) return 'none';
  return alternative;
}

// ---------------------------------------------------------------------------------------------
// Comparisons and sweeps

const COMPARE_HEAD = ['norm', 'placement'] as const;
const COMPARE_TAIL = [
  'lr',
  'batchSize',
  'optimizer',
  'momentum',
  'weightDecay',
  'eps',
  'activation',
  'init',
  'initStd',
  'dropout',
  'depth',
  'width',
  'seed',
  'residual',
  'normLogits',
] as const satisfies readonly (keyof ExperimentConfig)[];
export type CompareKnob = (typeof COMPARE_HEAD)[number] | NormKnobKey | (typeof COMPARE_TAIL)[number];
/**
 * Knobs a side-by-side comparison may vary (dataset and model change the task, so they don't):
 * the normalizer, its placement and every normalizer's own knobs, then the training knobs.
 */
export const COMPARE_KNOBS: readonly CompareKnob[] = [
  ...COMPARE_HEAD,
  ...NORM_KNOBS.map((k) => k.key),
  ...COMPARE_TAIL,
];
/** Runs that differ in one knob, e.g. `compare=norm&values=none,batchnorm`. */
export type Comparison = { [K in CompareKnob]: { knob: K; values: ExperimentConfig[K][] } }[CompareKnob];
export const COMPARE_VALUE_COUNT = { min: 2, max: 6 } as const;

/** Knobs a sweep (final metric vs knob value) may vary. */
export const SWEEP_KNOBS = [
  'lr',
  'batchSize',
  'norm',
  'groups',
] as const satisfies readonly (keyof ExperimentConfig)[];
export type SweepKnob = (typeof SWEEP_KNOBS)[number];
/** What a sweep point reports on the chart: the final train loss, or the test error (1 − accuracy). */
export const SWEEP_METRICS = ['loss', 'error'] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];
/**
 * How long each point trains: the same number of steps, or the same number of samples seen (a
 * batch-size sweep then gives a batch of 2 sixteen times the steps of a batch of 32).
 */
export const SWEEP_BUDGETS = ['steps', 'samples'] as const;
export type SweepBudget = (typeof SWEEP_BUDGETS)[number];
/**
 * One short run per value, `sweep=lr&sweepValues=0.01,0.1,1&sweepSteps=300`; optionally
 * `sweepMetric=error` and `sweepBudget=samples` (left out: final loss, the same steps).
 */
export type Sweep = {
  [K in SweepKnob]: {
    knob: K;
    values: ExperimentConfig[K][];
    steps: number;
    metric?: SweepMetric;
    budget?: SweepBudget;
  };
}[SweepKnob];

/**
 * The steps one sweep point trains. Budget 'steps': `sweep.steps`. Budget 'samples': as many
 * samples as `sweep.steps` steps at the sweep's largest batch size (or the config's, when the
 * sweep does not vary the batch size), so smaller batches take proportionally more steps.
 */
export function sweepPointSteps(sweep: Sweep, batchSize: number): number {
  if (sweep.budget !== 'samples') return sweep.steps;
  const reference = sweep.knob === 'batchSize' ? Math.max(...sweep.values) : batchSize;
  return Math.max(1, Math.round((sweep.steps * reference) / batchSize));
}
export const SWEEP_VALUE_COUNT = { min: 2, max: 12 } as const;
export const SWEEP_STEP_LIMITS: Limits = { min: 10, max: 5000, integer: true };
/** Used when a sweep link has no (valid) `sweepSteps`. */
export const DEFAULT_SWEEP_STEPS = 500;

/**
 * The config one arm of a comparison or sweep runs: the config with one knob set. A
 * normalizer's own knob (GroupNorm's group count, BN momentum) only means something under a
 * normalizer that has it, so an arm whose normalizer lacks the knob switches to the first one
 * in the catalog that has it.
 */
export function withKnob(
  config: ExperimentConfig,
  knob: keyof ExperimentConfig,
  value: unknown,
): ExperimentConfig {
  const arm = { ...config, [knob]: value } as ExperimentConfig;
  if (!usesKnob(arm.norm, knob)) {
    const owner = NORM_CATALOG.find((row) => usesKnob(row.kind, knob));
    if (owner) arm.norm = owner.kind;
  }
  return arm;
}

/** One arm of a comparison: its id (`norm=none`, or `main` without a comparison) and config. */
export interface RunArm {
  id: string;
  /** The knob value it runs (null without a comparison). */
  value: number | string | null;
  config: ExperimentConfig;
}

/** The smallest batch size every arm of a comparison trains with (minBatchSize of each). */
export function minBatchSizeOfArms(config: ExperimentConfig, comparison: Comparison | null): number {
  return Math.max(...planArms(config, comparison).map((arm) => minBatchSize(arm.config)));
}

/**
 * The config with its batch size raised to what every arm of the comparison needs (a comparison
 * of none vs BatchNorm at batch size 1 trains both at 2); the config itself when it is enough.
 */
export function withArmsBatchSize(config: ExperimentConfig, comparison: Comparison | null): ExperimentConfig {
  const min = minBatchSizeOfArms(config, comparison);
  return config.batchSize >= min ? config : { ...config, batchSize: min };
}

/**
 * withArmsBatchSize for an experiment a link or a lesson asks for, saying in `issues` what
 * changed and why (the rule in PyTorch's words).
 */
export function raiseBatchSize(
  config: ExperimentConfig,
  comparison: Comparison | null,
  issues: string[],
): ExperimentConfig {
  const raised = withArmsBatchSize(config, comparison);
  if (raised !== config) {
    const cause = comparison ? `compare=${comparison.knob}` : `norm=${config.norm}`;
    issues.push(batchSizeRaised(config.batchSize, cause, raised.batchSize));
  }
  return raised;
}

/** The runs a config and an optional comparison define (one run without a comparison). */
export function planArms(config: ExperimentConfig, comparison: Comparison | null): RunArm[] {
  if (!comparison) return [{ id: 'main', value: null, config }];
  return comparison.values.map((value) => ({
    id: `${comparison.knob}=${value}`,
    value,
    config: withKnob(config, comparison.knob, value),
  }));
}

/**
 * The experiment the Lab opens with when no link or saved experiment says otherwise: the
 * defaults on a spiral the default network learns, where BatchNorm's lead shows in the first
 * steps. Measured (app/lab/lab-start.test.ts, test accuracy, seeds 1 / 2 / 3), none vs BatchNorm:
 * step 100 56-63 % vs 81-94 %, step 500 90-99 % vs 93-95 %, step 2000 98-99 % vs 93-99 %. With the
 * defaults' tanh and noise 0.1 both plateau at 70-80 % and BN does not lead. DEFAULT_CONFIG itself
 * stays: it is what a link means by a key it leaves out.
 */
export const LAB_START_CONFIG: ExperimentConfig = { ...DEFAULT_CONFIG, activation: 'relu', noise: 0.03 };
/** ... and the comparison it opens with: no normalization against BatchNorm, side by side. */
export const LAB_START_COMPARISON: Comparison = { knob: 'norm', values: ['none', 'batchnorm'] };
