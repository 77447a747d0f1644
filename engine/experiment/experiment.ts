// The experiment config: the single source of truth for what a run trains. It is flat and
// readable so it maps one-to-one onto URL parameters (app/url), travels through the worker
// protocol, and is turned into a ModelSpec + data set by the engine (build-experiment.ts).
// Limits live here, beside the fields, so the URL codec and the controls share them.

export const DATASETS = ['spiral', 'circles', 'xor', 'blobs', 'moons', 'mnist'] as const;
export const MODELS = ['mlp', 'cnn'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid'] as const;
export const NORMS = ['none', 'batchnorm', 'layernorm', 'groupnorm', 'instancenorm', 'rmsnorm'] as const;
export const PLACEMENTS = ['before', 'after'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export const INITS = ['kaiming', 'xavier', 'normal'] as const;

export type DatasetKind = (typeof DATASETS)[number];
export type ModelKind = (typeof MODELS)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type NormChoice = (typeof NORMS)[number];
export type Placement = (typeof PLACEMENTS)[number];
export type OptimizerChoice = (typeof OPTIMIZERS)[number];
export type InitChoice = (typeof INITS)[number];

export interface ExperimentConfig {
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
  /** GroupNorm group count; must divide the channel count of every normalized layer. */
  groups: number;
  optimizer: OptimizerChoice;
  lr: number;
  /** SGD momentum (PyTorch convention); used when optimizer = 'momentum'. */
  momentum: number;
  weightDecay: number;
  batchSize: number;
  /** BatchNorm running-statistics momentum (weight of the new batch, PyTorch). */
  bnMomentum: number;
  eps: number;
  init: InitChoice;
  /** Standard deviation for init = 'normal'. */
  initStd: number;
  dropout: number;
  seed: number;
}

export const DEFAULT_CONFIG: ExperimentConfig = {
  dataset: 'spiral',
  noise: 0.1,
  model: 'mlp',
  depth: 3,
  width: 16,
  activation: 'tanh',
  norm: 'batchnorm',
  placement: 'before',
  groups: 4,
  optimizer: 'momentum',
  lr: 0.05,
  momentum: 0.9,
  weightDecay: 0,
  batchSize: 32,
  bnMomentum: 0.1,
  eps: 1e-5,
  init: 'kaiming',
  initStd: 1,
  dropout: 0,
  seed: 1,
};

/** Numeric fields: inclusive range and whether they must be integers. */
export const NUMERIC_LIMITS = {
  noise: { min: 0, max: 1, integer: false },
  depth: { min: 1, max: 10, integer: true },
  width: { min: 2, max: 256, integer: true },
  groups: { min: 1, max: 64, integer: true },
  lr: { min: 1e-5, max: 10, integer: false },
  momentum: { min: 0, max: 0.999, integer: false },
  weightDecay: { min: 0, max: 0.1, integer: false },
  batchSize: { min: 1, max: 256, integer: true },
  bnMomentum: { min: 0.001, max: 1, integer: false },
  eps: { min: 1e-8, max: 0.1, integer: false },
  initStd: { min: 1e-4, max: 10, integer: false },
  dropout: { min: 0, max: 0.9, integer: false },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
} as const satisfies Partial<Record<keyof ExperimentConfig, { min: number; max: number; integer: boolean }>>;

/** Enumerated fields and their allowed values. */
export const ENUM_VALUES = {
  dataset: DATASETS,
  model: MODELS,
  activation: ACTIVATIONS,
  norm: NORMS,
  placement: PLACEMENTS,
  optimizer: OPTIMIZERS,
  init: INITS,
} as const satisfies Partial<Record<keyof ExperimentConfig, readonly string[]>>;

/** Channel counts of the normalized layers: the MLP's hidden width, or the CNN's 8 and 16. */
export function normalizedChannels(config: ExperimentConfig): number[] {
  return config.model === 'cnn' ? [...CNN_CHANNELS] : [config.width];
}

/** The small MNIST CNN's conv widths (conv3x3(8) -> pool -> conv3x3(16) -> pool -> dense 10). */
export const CNN_CHANNELS = [8, 16] as const;

/**
 * Cross-field problems of a config, as user-facing sentences (empty when valid). Checked at
 * the boundary (URL parse, configure command) so the engine never sees an impossible run.
 */
export function configProblems(config: ExperimentConfig): string[] {
  const problems: string[] = [];
  if (config.norm === 'groupnorm') {
    for (const c of normalizedChannels(config)) {
      if (c % config.groups !== 0) problems.push(`groups must divide channels (c=${c}, g=${config.groups})`);
    }
  }
  if (config.model === 'cnn' && config.dataset !== 'mnist')
    problems.push('the CNN needs image data: use dataset=mnist');
  if (config.norm === 'instancenorm' && config.model !== 'cnn')
    problems.push('instancenorm needs spatial feature maps: use model=cnn');
  return problems;
}
