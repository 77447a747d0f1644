// ModelSpec builders for the experiments the course runs: an MLP with an optional normalizer per
// hidden layer, and the small MNIST CNN. A Dense/Conv2d directly followed by a normalizer drops its
// bias (the norm's mean subtraction cancels it; beta takes its role). No norm after the last layer.

import type { InitSpec, LayerSpec, LossKind, ModelSpec, NormSpec, OptimizerSpec } from '../core/spec.ts';

export type ActivationKind = 'relu' | 'sigmoid' | 'tanh';
/** 'before': Linear -> Norm -> act (Ioffe & Szegedy). 'after': Linear -> act -> Norm. */
export type NormPlacement = 'before' | 'after';

/** Options shared by both presets; every one has a documented default. */
export interface PresetCommon {
  /** Normalizer of every hidden block, or null (default) for none. */
  norm?: NormSpec | null;
  /** Default 'before'. */
  placement?: NormPlacement;
  /** Dropout rate after every hidden block; 0 (default) adds no dropout layer. */
  dropout?: number;
  /** Default 'softmax-cross-entropy'. */
  loss?: LossKind;
  /** Default SGD, lr 0.1, no momentum. */
  optimizer?: OptimizerSpec;
  /** Default Kaiming normal. */
  init?: InitSpec;
  /** Default 1. */
  seed?: number;
  /** The normalizer also after the last layer, on the logits (default false; needs `norm`). */
  normLogits?: boolean;
}

/**
 * The MLP's hidden layers after the first as identity residual blocks (layers/residual.ts):
 * 'post' x -> act(x + norm(W x)) (the original ResNet order, activation after the addition);
 * 'pre' x -> x + W act(norm(x)) (pre-activation, He et al. 2016), with one more norm -> act
 * before the classifier. The first hidden layer (the stem) maps the input to the width.
 */
export type ResidualKind = 'none' | 'post' | 'pre';

export interface MlpPreset extends PresetCommon {
  /** Input features, or an image shape [C, H, W] (then a flatten layer comes first). */
  input: number | readonly number[];
  /** Units of each hidden layer, e.g. [100, 100, 100] for Ioffe & Szegedy's MNIST MLP. */
  hidden: readonly number[];
  /** Output units (logits). */
  classes: number;
  /** Default 'relu'. */
  activation?: ActivationKind;
  /** Default 'none' (a plain stack); residual blocks need every hidden width equal. */
  residual?: ResidualKind;
}

export interface CnnPreset extends PresetCommon {
  /** Default [1, 28, 28] (MNIST). */
  input?: readonly number[];
  /** Default 10. */
  classes?: number;
  /** Filters of the two conv blocks, default [8, 16]. */
  channels?: readonly [number, number];
}

const DEFAULT_OPTIMIZER: OptimizerSpec = { type: 'sgd', lr: 0.1 };

type LinearSpec = Extract<LayerSpec, { type: 'dense' | 'conv2d' }>;

/** Linear layer spec -> [norm] -> act, or -> act -> [norm], then optional dropout. */
function block(linear: LinearSpec, activation: ActivationKind, options: PresetCommon): LayerSpec[] {
  const norm = options.norm ?? null;
  const dropout = options.dropout ?? 0;
  const layers: LayerSpec[] = [];
  if (norm === null) {
    layers.push(linear, { type: activation });
  } else if ((options.placement ?? 'before') === 'before') {
    layers.push({ ...linear, bias: false }, { ...norm }, { type: activation });
  } else {
    layers.push(linear, { type: activation }, { ...norm });
  }
  if (dropout > 0) layers.push({ type: 'dropout', rate: dropout });
  return layers;
}

/** The classifier Dense(classes), followed by the normalizer when it also goes on the logits. */
function head(classes: number, options: PresetCommon): LayerSpec[] {
  const norm = options.norm ?? null;
  if (!options.normLogits) return [{ type: 'dense', units: classes }];
  if (norm === null) throw new Error('a normalizer on the logits needs a normalizer (norm)');
  return [{ type: 'dense', units: classes, bias: false }, { ...norm }];
}

/** One residual block of width `units` (see ResidualKind), then optional dropout. */
function residualBlock(
  units: number,
  kind: 'post' | 'pre',
  activation: ActivationKind,
  options: PresetCommon,
) {
  const norm = options.norm ?? null;
  const dense: LayerSpec = {
    type: 'dense',
    units,
    ...(norm !== null && kind === 'post' ? { bias: false } : {}),
  };
  const layers: LayerSpec[] =
    kind === 'post'
      ? [{ type: 'skip' }, dense, ...(norm ? [{ ...norm }] : []), { type: 'add' }, { type: activation }]
      : [{ type: 'skip' }, ...(norm ? [{ ...norm }] : []), { type: activation }, dense, { type: 'add' }];
  if ((options.dropout ?? 0) > 0) layers.push({ type: 'dropout', rate: options.dropout ?? 0 });
  return layers;
}

function finish(input: readonly number[], layers: LayerSpec[], options: PresetCommon): ModelSpec {
  return {
    input: [...input],
    layers,
    loss: options.loss ?? 'softmax-cross-entropy',
    optimizer: { ...(options.optimizer ?? DEFAULT_OPTIMIZER) },
    init: { ...(options.init ?? { type: 'kaiming' }) },
    seed: options.seed ?? 1,
  };
}

/**
 * MLP: [flatten] -> (Dense(h) -> [norm] -> act [-> dropout]) per hidden h -> Dense(classes).
 * E.g. mlpSpec({ input: 784, hidden: [100, 100, 100], classes: 10, activation: 'sigmoid',
 * norm: { type: 'batchnorm' } }) is Ioffe & Szegedy's MNIST experiment (lesson 4).
 */
export function mlpSpec(options: MlpPreset): ModelSpec {
  const input = typeof options.input === 'number' ? [options.input] : [...options.input];
  const layers: LayerSpec[] = input.length > 1 ? [{ type: 'flatten' }] : [];
  const activation = options.activation ?? 'relu';
  const residual = options.residual ?? 'none';
  if (residual !== 'none' && options.hidden.some((units) => units !== options.hidden[0])) {
    throw new Error(`residual blocks need equal hidden widths, got [${options.hidden.join(', ')}]`);
  }
  options.hidden.forEach((units, i) => {
    if (residual === 'none' || i === 0) {
      // The stem of a pre-activation stack is a bare Dense: the first block's norm follows it.
      if (residual === 'pre') layers.push({ type: 'dense', units });
      else layers.push(...block({ type: 'dense', units }, activation, options));
    } else {
      layers.push(...residualBlock(units, residual, activation, options));
    }
  });
  if (residual === 'pre') {
    // The last block's sum is normalized and activated once more before the classifier.
    if (options.norm) layers.push({ ...options.norm });
    layers.push({ type: activation });
  }
  layers.push(...head(options.classes, options));
  return finish(input, layers, options);
}

/** The small CNN's activation: its blocks are fixed to it, whatever an MLP's config says. */
export const CNN_ACTIVATION: ActivationKind = 'relu';

/**
 * The small MNIST CNN: conv3x3(c1, pad 1) -> [norm] -> ReLU -> maxpool 2 -> conv3x3(c2, pad 1) ->
 * [norm] -> ReLU -> maxpool 2 -> flatten -> dense(classes); with 'after' placement the norm follows
 * the ReLU. On [1, 28, 28]: 8 x 28 x 28 -> 8 x 14 x 14 -> 16 x 14 x 14 -> 16 x 7 x 7 -> 784 -> 10.
 */
export function cnnSpec(options: CnnPreset = {}): ModelSpec {
  const [c1, c2] = options.channels ?? [8, 16];
  const layers: LayerSpec[] = [];
  for (const filters of [c1, c2]) {
    layers.push(...block({ type: 'conv2d', filters, kernel: 3, padding: 1 }, CNN_ACTIVATION, options));
    layers.push({ type: 'maxpool2d', size: 2 });
  }
  layers.push({ type: 'flatten' }, ...head(options.classes ?? 10, options));
  return finish(options.input ?? [1, 28, 28], layers, options);
}
