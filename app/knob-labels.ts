// What the screen calls each experiment knob and each of its named values. The Lab's controls
// label themselves from here and a comparison names its runs from here (runLabel), so a legend,
// the run table and the run picker say what the control beside them says ("BN momentum 0.01",
// never the config key). Normalizers and their own knobs keep their names in the engine's catalog.

import { type CompareKnob, type ExperimentConfig, NORM_KNOBS, NORM_LABEL } from '#engine';

/** Every knob's control label; a normalizer's own knobs take theirs from the catalog. */
export const KNOB_LABEL: Readonly<Record<keyof ExperimentConfig, string>> = {
  dataset: 'Data set',
  noise: 'Data noise',
  model: 'Model',
  depth: 'Hidden layers',
  width: 'Width',
  activation: 'Activation',
  init: 'Init',
  initStd: 'Init std',
  norm: 'Normalizer',
  placement: 'Placement',
  residual: 'Skip connections',
  normLogits: 'Norm on the logits',
  eps: 'eps',
  lr: 'Learning rate',
  batchSize: 'Batch size',
  accumSteps: 'Accumulated micro-batches',
  optimizer: 'Optimizer',
  momentum: 'Momentum',
  dropout: 'Dropout',
  weightDecay: 'Weight decay',
  seed: 'Seed',
  ...(Object.fromEntries(NORM_KNOBS.map((k) => [k.key, k.label])) as Record<
    (typeof NORM_KNOBS)[number]['key'],
    string
  >),
};

export const DATASET_LABEL: Readonly<Record<ExperimentConfig['dataset'], string>> = {
  spiral: 'Spiral (2-D)',
  circles: 'Circles (2-D)',
  xor: 'XOR (2-D)',
  blobs: 'Blobs (2-D)',
  moons: 'Moons (2-D)',
  mnist: 'MNIST digits',
};
export const MODEL_LABEL: Readonly<Record<ExperimentConfig['model'], string>> = {
  mlp: 'MLP (fully connected)',
  cnn: 'Small CNN (MNIST)',
};
export const OPTIMIZER_LABEL: Readonly<Record<ExperimentConfig['optimizer'], string>> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  adam: 'Adam',
};
export const PLACEMENT_LABEL: Readonly<Record<ExperimentConfig['placement'], string>> = {
  before: 'Before the activation',
  after: 'After the activation',
};
export const RESIDUAL_LABEL: Readonly<Record<ExperimentConfig['residual'], string>> = {
  none: 'None (plain stack)',
  post: 'Residual, post-activation',
  pre: 'Residual, pre-activation',
};
export const NORM_LOGITS_LABEL: Readonly<Record<ExperimentConfig['normLogits'], string>> = {
  off: 'Off (plain logits)',
  on: 'On (normalize the logits)',
};
export const INIT_LABEL: Readonly<Record<ExperimentConfig['init'], string>> = {
  kaiming: 'Kaiming (He)',
  xavier: 'Xavier (Glorot)',
  normal: 'Plain normal',
};

/** A knob's label inside a sentence or after "vs": "learning rate", but "BN momentum" as it is. */
export function knobInText(knob: keyof ExperimentConfig): string {
  const label = KNOB_LABEL[knob];
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

/** The knobs whose values have names of their own, each name saying which knob it sets. */
const VALUE_LABEL: Partial<Record<CompareKnob, Readonly<Record<string, string>>>> = {
  norm: NORM_LABEL,
  placement: PLACEMENT_LABEL,
  residual: RESIDUAL_LABEL,
  normLogits: NORM_LOGITS_LABEL,
  optimizer: OPTIMIZER_LABEL,
  init: INIT_LABEL,
};

/** A knob value in a label: three significant digits (0.01, not 0.0100000002). */
export const shortValue = (v: number | string): string =>
  typeof v === 'number' ? String(Number(v.toPrecision(3))) : v;

/**
 * A live knob change as the loss and accuracy curves mark it: the knob as the text names it and
 * its values, "learning rate 0.05 → 0.1"; `short`, for a plot too crowded for that, the values only.
 */
export function knobChangeLabel(
  knob: keyof ExperimentConfig,
  from: number,
  to: number,
  short = false,
): string {
  const values = `${shortValue(from)} → ${shortValue(to)}`;
  return short ? values : `${knobInText(knob)} ${values}`;
}

/**
 * The name of a comparison's run that sets `knob` to `value`: the value's own name where it has one
 * ("BatchNorm", "Residual, pre-activation"), else the knob's label and the value ("BN momentum 0.01").
 */
export function runLabel(knob: CompareKnob, value: number | string): string {
  const named = VALUE_LABEL[knob]?.[String(value)];
  return named ?? `${KNOB_LABEL[knob]} ${shortValue(value)}`;
}
