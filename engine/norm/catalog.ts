// The one list of normalizers: a row per normalizer with what the rest of NormLab needs to know
// about it (names, capabilities, which elements share a statistic, its colour key, its own knobs
// and how to build it). The spec type, the experiment's options and limits, the URL codec, the
// Lab's controls, observation, the network and axes diagrams, the inspector and the colours all
// derive from this list; adding a normalizer is its class plus one row here.

import type {
  BatchNormSpec,
  GroupNormSpec,
  InstanceNormSpec,
  LayerNormSpec,
  RmsNormSpec,
} from '../core/spec.ts';
import type { Precision, SampleShape } from '../core/types.ts';
import { BatchNorm } from './batch-norm.ts';
import { BatchRenorm, type BatchRenormSpec } from './batch-renorm.ts';
import { GroupNorm } from './group-norm.ts';
import { InstanceNorm } from './instance-norm.ts';
import { LayerNorm } from './layer-norm.ts';
import { DEFAULT_EPS } from './norm-layer.ts';
import { FLOAT32_EPSILON, RmsNorm } from './rms-norm.ts';

/**
 * How the Lab offers a knob: a slider over [min, max] in `step`s (its own range may be narrower
 * than the knob's limits), or a choice among the group counts that divide every normalized width.
 */
export type KnobControl = { type: 'slider'; min: number; max: number; step: number } | { type: 'divisors' };

/**
 * A normalizer's own setting, declared as data: the experiment config field and URL key (`key`),
 * its limits and default, and how the Lab shows it. Several rows may share one knob (BN momentum).
 */
export interface NormKnob<Key extends string = string> {
  readonly key: Key;
  /** The control's visible label, e.g. "BN momentum". */
  readonly label: string;
  /** One sentence under the control. */
  readonly hint?: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly default: number;
  readonly control: KnobControl;
  /** Changes take effect at the next step (the worker's `set` command) instead of rebuilding the runs. */
  readonly live?: boolean;
}

/**
 * Which elements of an (N, C, H, W) batch share one statistic: one per channel over the batch
 * (BN), one per sample (LN, RMSNorm), one per sample and group of channels (GN), one per sample
 * and channel (IN).
 */
export type StatisticsSet = 'channel' | 'sample' | 'group' | 'instance';

/** One normalizer. Kind = the spec's `type` and the layer's `kind`; Spec its spec; L its class. */
export interface NormEntry<Kind extends string, Spec extends { type: Kind }, L, KnobKey extends string> {
  readonly kind: Kind;
  /** Its name in the UI: "BatchNorm". */
  readonly label: string;
  /** Its abbreviation: "BN". */
  readonly short: string;
  /** The paper it implements. */
  readonly source: string;
  /** Keeps running statistics that eval mode normalizes with (and `channels` observations read). */
  readonly runningStats: boolean;
  /** Subtracts a mean (RMSNorm does not: it divides by the root mean square). */
  readonly centers: boolean;
  /** Has a learned shift β when affine (RMSNorm has γ only). */
  readonly beta: boolean;
  /** γ and β have one value per channel, or one per element of the sample (LN, RMSNorm). */
  readonly affinePer: 'channel' | 'element';
  /** Needs spatial feature maps (H × W > 1): on dense input it would normalize single values. */
  readonly spatialOnly: boolean;
  /** Used instead when a change of model leaves this normalizer without spatial input. */
  readonly denseStandIn?: string;
  readonly shares: StatisticsSet;
  /**
   * For a layer that changes x̂ after normalizing (x̂ ← r·x̂ + d): one sentence saying where r and
   * d come from, which the inspector adds to its arithmetic.
   */
  readonly correction?: string;
  /** The layer's eps and affine when its spec leaves them out (PyTorch; index.test.ts checks them). */
  readonly defaultEps: number;
  readonly defaultAffine: boolean;
  /** The colour it is drawn in: a key of the UI palette (app/colors.ts). */
  readonly color: string;
  /** Its own settings, beyond eps. */
  readonly knobs: readonly NormKnob<KnobKey>[];
  /** The spec an experiment builds from the knob values and eps. */
  spec(knobs: Readonly<Record<KnobKey, number>>, eps: number): Spec;
  create(spec: Spec, inShape: SampleShape, precision: Precision): L;
  /** Applies a live knob to a built layer. */
  readonly live?: Partial<Record<KnobKey, (layer: L, value: number) => void>>;
}

/** Declares one row (the const parameters keep its kind and knob keys as literal types). */
export function defineNorm<
  const Kind extends string,
  Spec extends { type: Kind },
  L,
  const KnobKey extends string = never,
>(entry: NormEntry<Kind, Spec, L, KnobKey>): NormEntry<Kind, Spec, L, KnobKey> {
  return entry;
}

/** Declares one knob. */
export function defineKnob<const Key extends string>(knob: NormKnob<Key>): NormKnob<Key> {
  return knob;
}

/** Running-statistics momentum of BatchNorm and its relatives (weight of the new batch, PyTorch). */
export const RUNNING_MOMENTUM_KNOB = defineKnob({
  key: 'bnMomentum',
  label: 'BN momentum',
  hint: 'Weight of the new batch in the running statistics (PyTorch convention).',
  min: 0.001,
  max: 1,
  integer: false,
  default: 0.1,
  control: { type: 'slider', min: 0.01, max: 1, step: 0.01 },
  live: true,
});

const GROUPS_KNOB = defineKnob({
  key: 'groups',
  label: 'Groups',
  min: 1,
  max: 64,
  integer: true,
  default: 4,
  control: { type: 'divisors' },
});

/** BatchNorm over ghost (virtual) batches: statistics per sub-batch of this many samples (0: off). */
const GHOST_BATCH_KNOB = defineKnob({
  key: 'ghostBatch',
  label: 'Ghost batch',
  hint: 'BN statistics over sub-batches of this many samples (0: the whole batch).',
  min: 0,
  max: 256,
  integer: true,
  default: 0,
  control: { type: 'slider', min: 0, max: 64, step: 1 },
  live: true,
});

/** What running-statistics normalizers share: the live momentum. */
const setMomentum = (layer: { momentum: number | null }, value: number) => {
  layer.momentum = value;
};

export const NORM_CATALOG = [
  defineNorm({
    kind: 'batchnorm',
    label: 'BatchNorm',
    short: 'BN',
    source: 'Ioffe & Szegedy 2015',
    runningStats: true,
    centers: true,
    beta: true,
    affinePer: 'channel',
    spatialOnly: false,
    shares: 'channel',
    defaultEps: DEFAULT_EPS,
    defaultAffine: true,
    color: 'blue',
    knobs: [RUNNING_MOMENTUM_KNOB, GHOST_BATCH_KNOB],
    spec: (k, eps): BatchNormSpec => ({
      type: 'batchnorm',
      eps,
      momentum: k.bnMomentum,
      ...(k.ghostBatch > 0 ? { ghostBatch: k.ghostBatch } : {}),
    }),
    create: (spec, inShape, precision) => new BatchNorm(inShape, spec, precision),
    live: {
      bnMomentum: setMomentum,
      ghostBatch: (layer: BatchNorm, value: number) => {
        layer.ghostBatch = value;
      },
    },
  }),
  defineNorm({
    kind: 'batchrenorm',
    label: 'Batch Renorm',
    short: 'BRN',
    source: 'Ioffe 2017',
    runningStats: true,
    centers: true,
    beta: true,
    affinePer: 'channel',
    spatialOnly: false,
    shares: 'channel',
    correction:
      'Batch Renorm then corrects it to x̂ = r · x̂ + d, with r = clip(σ_B / σ, 1/r_max, r_max) and d = clip((μ_B − μ) / σ, −d_max, d_max) from the running statistics, constants in the backward pass.',
    defaultEps: DEFAULT_EPS,
    defaultAffine: true,
    color: 'purple',
    knobs: [
      RUNNING_MOMENTUM_KNOB,
      defineKnob({
        key: 'rmax',
        label: 'r max',
        hint: 'Largest scale correction σ_B/σ (1: none).',
        min: 1,
        max: 10,
        integer: false,
        default: 3,
        control: { type: 'slider', min: 1, max: 5, step: 0.1 },
      }),
      defineKnob({
        key: 'dmax',
        label: 'd max',
        hint: 'Largest shift correction (μ_B − μ)/σ (0: none).',
        min: 0,
        max: 10,
        integer: false,
        default: 5,
        control: { type: 'slider', min: 0, max: 10, step: 0.5 },
      }),
      defineKnob({
        key: 'renormWarmup',
        label: 'Renorm warm-up',
        hint: 'Steps over which r max and d max ramp up from 1 and 0 (0: none).',
        min: 0,
        max: 100000,
        integer: true,
        default: 0,
        control: { type: 'slider', min: 0, max: 5000, step: 100 },
      }),
    ],
    spec: (k, eps): BatchRenormSpec => ({
      type: 'batchrenorm',
      eps,
      momentum: k.bnMomentum,
      rMax: k.rmax,
      dMax: k.dmax,
      warmup: k.renormWarmup,
    }),
    create: (spec, inShape, precision) => new BatchRenorm(inShape, spec, precision),
    live: { bnMomentum: setMomentum },
  }),
  defineNorm({
    kind: 'layernorm',
    label: 'LayerNorm',
    short: 'LN',
    source: 'Ba et al. 2016',
    runningStats: false,
    centers: true,
    beta: true,
    affinePer: 'element',
    spatialOnly: false,
    shares: 'sample',
    defaultEps: DEFAULT_EPS,
    defaultAffine: true,
    color: 'vermillion',
    knobs: [],
    spec: (_k, eps): LayerNormSpec => ({ type: 'layernorm', eps }),
    create: (spec, inShape, precision) => new LayerNorm(inShape, spec, precision),
  }),
  defineNorm({
    kind: 'groupnorm',
    label: 'GroupNorm',
    short: 'GN',
    source: 'Wu & He 2018',
    runningStats: false,
    centers: true,
    beta: true,
    affinePer: 'channel',
    spatialOnly: false,
    shares: 'group',
    defaultEps: DEFAULT_EPS,
    defaultAffine: true,
    color: 'green',
    knobs: [GROUPS_KNOB],
    spec: (k, eps): GroupNormSpec => ({ type: 'groupnorm', eps, groups: k.groups }),
    create: (spec, inShape, precision) => new GroupNorm(inShape, spec, precision),
  }),
  defineNorm({
    kind: 'instancenorm',
    label: 'InstanceNorm',
    short: 'IN',
    source: 'Ulyanov et al. 2016',
    runningStats: false,
    centers: true,
    beta: true,
    affinePer: 'channel',
    spatialOnly: true,
    // GroupNorm with G = C is InstanceNorm; on dense input it still trains.
    denseStandIn: 'groupnorm',
    shares: 'instance',
    defaultEps: DEFAULT_EPS,
    defaultAffine: false,
    color: 'pink',
    knobs: [],
    // The experiment trains γ and β (PyTorch's default for InstanceNorm is affine=False).
    spec: (_k, eps): InstanceNormSpec => ({ type: 'instancenorm', eps, affine: true }),
    create: (spec, inShape, precision) => new InstanceNorm(inShape, spec, precision),
  }),
  defineNorm({
    kind: 'rmsnorm',
    label: 'RMSNorm',
    short: 'RMS',
    source: 'Zhang & Sennrich 2019',
    runningStats: false,
    centers: false,
    beta: false,
    affinePer: 'element',
    spatialOnly: false,
    shares: 'sample',
    // float32 storage; float64 layers use 2^-52 (torch.finfo(dtype).eps).
    defaultEps: FLOAT32_EPSILON,
    defaultAffine: true,
    color: 'ochre',
    knobs: [],
    spec: (_k, eps): RmsNormSpec => ({ type: 'rmsnorm', eps }),
    create: (spec, inShape, precision) => new RmsNorm(inShape, spec, precision),
  }),
] as const;

type Row = (typeof NORM_CATALOG)[number];
/** The normalizer kinds, e.g. 'batchnorm'. */
export type NormKind = Row['kind'];
/** Any normalizer's JSON spec. */
export type NormSpec = ReturnType<Row['spec']>;
/** Any normalization layer; `kind` tells which. */
export type Norm = ReturnType<Row['create']>;
/** The config keys of every normalizer's own knobs, e.g. 'groups'. */
export type NormKnobKey = Row['knobs'][number]['key'];
/** Any row, with its kind-specific parts widened. */
export type NormInfo = NormEntry<NormKind, NormSpec, Norm, NormKnobKey>;

/** Every kind, in catalog order. */
export const NORM_KINDS = NORM_CATALOG.map((row) => row.kind) as readonly NormKind[] as readonly [
  NormKind,
  ...NormKind[],
];

const BY_KIND = new Map<string, NormInfo>(NORM_CATALOG.map((row) => [row.kind, row as unknown as NormInfo]));

export function isNormKind(kind: string): kind is NormKind {
  return BY_KIND.has(kind);
}

/** The row of a kind. Throws `unknown normalizer 'x'` for anything else. */
export function normInfo(kind: string): NormInfo {
  const row = BY_KIND.get(kind);
  if (!row) throw new Error(`unknown normalizer '${kind}'`);
  return row;
}

/** Whether a layer is a normalizer (any row of the catalog). */
export function isNorm(layer: { kind: string }): layer is Norm {
  return BY_KIND.has(layer.kind);
}

/**
 * Whether a layer keeps BatchNorm's running statistics (its row says runningStats; such layers are
 * BatchNorm or a subclass): what drift, restore, folding and the `channels` observation read.
 */
export function hasRunningStats(layer: { kind: string }): layer is BatchNorm<string> {
  return isNorm(layer) && normInfo(layer.kind).runningStats && layer instanceof BatchNorm;
}

/** Applies a live knob (`live` in its rows) to every normalizer of a list of layers that has it. */
export function applyLiveKnob(layers: readonly { kind: string }[], key: NormKnobKey, value: number): void {
  for (const layer of layers) {
    if (!isNorm(layer)) continue;
    const apply = normInfo(layer.kind).live?.[key];
    if (apply) apply(layer, value);
  }
}

/** Every distinct knob of the catalog, in catalog order (a shared knob once). */
export const NORM_KNOBS: readonly NormKnob<NormKnobKey>[] = [
  ...new Map(
    NORM_CATALOG.flatMap((row) => row.knobs as readonly NormKnob<NormKnobKey>[]).map((k) => [k.key, k]),
  ).values(),
];

/** The normalizer knobs that change live (their declaration says `live`), e.g. BN momentum. */
export const LIVE_NORM_KNOBS: readonly NormKnobKey[] = NORM_KNOBS.filter((k) => k.live).map((k) => k.key);

/**
 * Whether a kind keeps running statistics (its row says runningStats): a layer's kind or a config's
 * `norm`; false for 'none' and for layers that are not normalizers.
 */
export function keepsRunningStats(kind: string): boolean {
  return isNormKind(kind) && normInfo(kind).runningStats;
}

/** Whether a normalizer uses a knob. */
export function usesKnob(kind: string, key: string): boolean {
  return isNormKind(kind) && normInfo(kind).knobs.some((k) => k.key === key);
}

/**
 * Builds the normalizer a spec describes for samples of shape inShape ([C] or [C, H, W]).
 * Throws the constructors' named errors (e.g. `groups must divide channels (c=6, g=4)`).
 */
export function createNorm(spec: NormSpec, inShape: SampleShape, precision: Precision = 'float32'): Norm {
  const row = BY_KIND.get(spec.type);
  if (!row) throw new Error(`unknown normalizer type '${(spec as { type: string }).type}'`);
  return row.create(spec, inShape, precision);
}
