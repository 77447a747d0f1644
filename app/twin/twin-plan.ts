// The code twin's shared half: what one NormLab run trains, read from the same ModelSpec the
// engine builds from (experimentSpec), with every layer's input and output shape, plus the
// Python pieces both scripts share (numbers, the data set). pytorch.ts and keras.ts only spell it.

import {
  BLOB_CENTER_RADIUS,
  BLOB_STD,
  CIRCLE_INNER_RADIUS,
  CIRCLE_OUTER_RADIUS,
  DEFAULT_TOY_OPTIONS,
  type ExperimentConfig,
  experimentSpec,
  type LayerSpec,
  MNIST_CLASSES,
  MNIST_COLS,
  MNIST_ROWS,
  MNIST_TEST_FRACTION,
  MOON_CENTER_X,
  MOON_CENTER_Y,
  MOON_SCALE,
  type ModelSpec,
  SPIRAL_TURNS,
  TOY_DATA_SEED,
  TOY_FEATURES,
  TOY_SAMPLES,
  type ToyKind,
  toyClasses,
  XOR_MARGIN,
} from '#engine';

/** Steps a script trains when the experiment itself has no stopping point (the Lab trains until paused). */
export const TWIN_DEFAULT_STEPS = 1000;
/** Test digits served one at a time in the serving section. */
export const TWIN_SERVED = 100;

/** What a script is generated from: one run's config and what surrounds it. */
export interface TwinInput {
  /** One run's config (in a comparison: that run's, with the compared knob set). */
  config: ExperimentConfig;
  /** Steps to train; null: TWIN_DEFAULT_STEPS (the Lab trains until paused). */
  steps: number | null;
  /** Add the serving section (batch-size-1 requests in eval mode) as the serving panel does: MNIST runs only. */
  serving: boolean;
  /** Comment lines on the experiment around this run (other compared runs, a sweep). */
  context: string[];
}

export interface TwinLayer {
  spec: LayerSpec;
  /** One sample's shape before and after the layer, NormLab's layout: [features] or [C, H, W]. */
  inShape: number[];
  outShape: number[];
}

export interface TwinPlan extends TwinInput {
  spec: ModelSpec;
  layers: TwinLayer[];
  classes: number;
  steps: number;
  /** False when steps came from TWIN_DEFAULT_STEPS. */
  stepsChosen: boolean;
  mnist: boolean;
}

/** The input shape and class count of a config's data set (as experimentData produces them). */
export function dataShape(config: ExperimentConfig): { input: number[]; classes: number } {
  if (config.dataset === 'mnist') return { input: [1, MNIST_ROWS, MNIST_COLS], classes: MNIST_CLASSES };
  return { input: [TOY_FEATURES], classes: toyClasses(config.dataset) };
}

function outShape(layer: LayerSpec, s: number[]): number[] {
  switch (layer.type) {
    case 'dense':
      return [layer.units];
    case 'conv2d': {
      const stride = layer.stride ?? 1;
      const pad = layer.padding ?? 0;
      const side = (n: number) => Math.floor((n + 2 * pad - layer.kernel) / stride) + 1;
      return [layer.filters, side(s[1]), side(s[2])];
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      const stride = layer.stride ?? layer.size;
      const side = (n: number) => Math.floor((n - layer.size) / stride) + 1;
      return [s[0], side(s[1]), side(s[2])];
    }
    case 'flatten':
      return [s.reduce((a, b) => a * b, 1)];
    default:
      return s;
  }
}

/** The plan of one run: its ModelSpec (from experimentSpec, the engine's own builder) and the shapes. */
export function twinPlan(input: TwinInput): TwinPlan {
  const { input: shape, classes } = dataShape(input.config);
  const spec = experimentSpec(input.config, shape, classes);
  const layers: TwinLayer[] = [];
  let s = [...spec.input];
  for (const layer of spec.layers) {
    const next = outShape(layer, s);
    layers.push({ spec: layer, inShape: s, outShape: next });
    s = next;
  }
  return {
    ...input,
    spec,
    layers,
    classes,
    steps: input.steps ?? TWIN_DEFAULT_STEPS,
    stepsChosen: input.steps !== null,
    mnist: input.config.dataset === 'mnist',
    serving: input.serving && input.config.dataset === 'mnist',
  };
}

/**
 * Every layer's lines, with each residual block (a `skip` ... `add` pair of the spec) written as
 * one `open` line, its layers indented by `indent` more per nesting level, and one `close` line.
 */
export function nestedLines(
  layers: readonly TwinLayer[],
  lines: (layer: TwinLayer) => string[],
  open: string,
  close: string,
  indent: string,
): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const layer of layers) {
    if (layer.spec.type === 'add') depth--;
    const pad = indent.repeat(depth);
    if (layer.spec.type === 'skip') out.push(pad + open);
    else if (layer.spec.type === 'add') out.push(pad + close);
    else out.push(...lines(layer).map((line) => pad + line));
    if (layer.spec.type === 'skip') depth++;
  }
  return out;
}

/** Whether the run has residual blocks (the scripts then define their Residual wrapper). */
export function hasResidual(plan: TwinPlan): boolean {
  return plan.spec.layers.some((l) => l.type === 'skip');
}

/** A number as Python's repr writes it: decimals down to 1e-4, then an exponent of two digits or more (1e-05). */
export function pyNum(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`the code twin writes finite numbers only, got ${x}`);
  if (x === 0 || Math.abs(x) >= 1e-4) return String(x);
  const [mantissa, exponent] = x.toExponential().split('e');
  const digits = exponent.replace(/^[-+]/, '');
  return `${mantissa}e${exponent[0]}${digits.padStart(2, '0')}`;
}

/** 1 - m without float noise (1 - 0.99 = 0.01, not 0.010000000000000009). */
export function complement(m: number): number {
  return Number((1 - m).toPrecision(12));
}

/** Comment lines from text lines. */
export function comments(lines: string[], indent = ''): string[] {
  return lines.map((line) => `${indent}# ${line}`.trimEnd());
}

/** Keys of the notes a script has written (each is written once, at the first layer it concerns). */
export type Noted = Set<string>;

/** The note's comment lines the first time `key` comes up in a script, then nothing. */
export function noteOnce(noted: Noted, key: string, lines: string[], indent: string): string[] {
  if (noted.has(key)) return [];
  noted.add(key);
  return comments(lines, indent);
}

/** The hyper-parameter constants both scripts start with. */
export function constants(plan: TwinPlan): string[] {
  const c = plan.config;
  const o = plan.spec.optimizer;
  const lines = [
    `SEED = ${pyNum(plan.spec.seed)}`,
    `BATCH_SIZE = ${pyNum(c.batchSize)}`,
    `STEPS = ${pyNum(plan.steps)}${plan.stepsChosen ? '' : '  # NormLab trains until you pause; pick your own'}`,
    `LR = ${pyNum(o.lr)}`,
  ];
  if (o.type === 'sgd' && (o.momentum ?? 0) > 0) lines.push(`MOMENTUM = ${pyNum(o.momentum ?? 0)}`);
  if ((o.weightDecay ?? 0) > 0) lines.push(`WEIGHT_DECAY = ${pyNum(o.weightDecay ?? 0)}`);
  return lines;
}

/** Settings of the config the scripts leave out, said in the header so nobody is misled. */
function notCopied(c: TwinPlan['config']): string[] {
  const out: string[] = [];
  if (c.accumSteps > 1)
    out.push(
      `Not copied: NormLab accumulates ${c.accumSteps} micro-batches of BATCH_SIZE per optimizer step (average their gradients, then step).`,
    );
  if (c.norm === 'batchnorm' && c.ghostBatch > 0)
    out.push(
      `Not copied: NormLab's BatchNorm takes its training statistics over ghost batches of ${c.ghostBatch} samples.`,
    );
  return out;
}

/** The header comment: what this is and what it cannot copy. */
export function header(plan: TwinPlan, framework: string): string[] {
  const c = plan.config;
  return comments([
    `NormLab experiment in ${framework}, generated from the config the in-browser engine trains.`,
    `Data ${c.dataset}, model ${c.model}, norm ${c.norm}${c.norm === 'none' ? '' : ` (${c.placement} the activation)`}, optimizer ${c.optimizer}, init ${c.init}.`,
    'Same network, hyper-parameters and seed; not the same numbers: NormLab draws its weights, batches',
    'and (2-D sets) points from its own seeded generator, so curves match in shape, not digit for digit.',
    ...plan.context,
    ...notCopied(c),
  ]);
}

function toyPoints(kind: ToyKind): string[] {
  switch (kind) {
    case 'spiral':
      return [
        '    t = rng.uniform(size=n)  # radius in [0, 1]',
        `    angle = ${pyNum(SPIRAL_TURNS)} * 2 * np.pi * t + c * np.pi`,
        '    return np.stack([t * np.sin(angle), t * np.cos(angle)], axis=1)',
      ];
    case 'circles':
      return [
        `    r = ${pyNum(CIRCLE_INNER_RADIUS)} if c == 0 else ${pyNum(CIRCLE_OUTER_RADIUS)}`,
        '    angle = 2 * np.pi * rng.uniform(size=n)',
        '    return np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)',
      ];
    case 'xor':
      return [
        '    # class 0: both coordinates have the same sign; class 1: opposite signs',
        '    s1 = rng.choice([-1.0, 1.0], size=n)',
        '    s2 = s1 if c == 0 else -s1',
        `    a = ${pyNum(XOR_MARGIN)} + ${pyNum(complement(XOR_MARGIN))} * rng.uniform(size=(n, 2))`,
        '    return np.stack([s1 * a[:, 0], s2 * a[:, 1]], axis=1)',
      ];
    case 'blobs':
      return [
        '    angle = np.pi / 2 + 2 * np.pi * c / CLASSES',
        `    center = ${pyNum(BLOB_CENTER_RADIUS)} * np.array([np.cos(angle), np.sin(angle)])`,
        `    return center + ${pyNum(BLOB_STD)} * rng.normal(size=(n, 2))`,
      ];
    case 'moons':
      return [
        '    t = np.pi * rng.uniform(size=n)  # scikit-learn make_moons, centred and scaled',
        '    mx = np.cos(t) if c == 0 else 1 - np.cos(t)',
        '    my = np.sin(t) if c == 0 else 0.5 - np.sin(t)',
        `    return ${pyNum(MOON_SCALE)} * np.stack([mx - ${pyNum(MOON_CENTER_X)}, my - ${pyNum(MOON_CENTER_Y)}], axis=1)`,
      ];
  }
}

/**
 * numpy code defining x_train, y_train, x_test, y_test (float32 features, int64 labels) for a toy
 * set: the same shapes, sizes, noise and class balance as engine/data/toy.ts.
 */
export function toyDataPython(config: ExperimentConfig): string[] {
  if (config.dataset === 'mnist') throw new Error('toyDataPython: mnist is not a toy set');
  const kind = config.dataset;
  const classes = toyClasses(kind);
  return [
    ...comments([
      `The ${kind} set, generated like NormLab's (engine/data/toy.ts): ${TOY_SAMPLES} points, noise ${pyNum(config.noise)},`,
      `${Math.round(DEFAULT_TOY_OPTIONS.testFraction * 100)} % held out for test. NormLab samples with its own seeded generator (data seed ${TOY_DATA_SEED}),`,
      'so these are different points of the same distribution unless you port that sampler exactly.',
    ]),
    `COUNT, NOISE, CLASSES = ${TOY_SAMPLES}, ${pyNum(config.noise)}, ${classes}`,
    `rng = np.random.default_rng(${TOY_DATA_SEED})`,
    '',
    '',
    'def clean_points(c, n):',
    ...toyPoints(kind),
    '',
    '',
    'xs, ys = [], []',
    'for c in range(CLASSES):',
    '    n = COUNT // CLASSES + (1 if c < COUNT % CLASSES else 0)',
    '    xs.append(clean_points(c, n) + NOISE * rng.normal(size=(n, 2)))',
    '    ys.append(np.full(n, c))',
    'x_all = np.concatenate(xs).astype(np.float32)',
    'y_all = np.concatenate(ys).astype(np.int64)',
    'order = rng.permutation(COUNT)',
    `n_test = round(COUNT * ${pyNum(DEFAULT_TOY_OPTIONS.testFraction)})  # NormLab holds out this share of EACH class`,
    'x_test, y_test = x_all[order[:n_test]], y_all[order[:n_test]]',
    'x_train, y_train = x_all[order[n_test:]], y_all[order[n_test:]]',
  ];
}

/** NormLab's MNIST asset holds 10,000 digits (scripts/build-mnist.mjs); its train and test split sizes. */
const MNIST_DIGITS = 10_000;
export const MNIST_TRAIN = Math.round(MNIST_DIGITS * (1 - MNIST_TEST_FRACTION));
export const MNIST_TEST = MNIST_DIGITS - MNIST_TRAIN;

/** The MNIST note both scripts carry. */
export function mnistNote(): string[] {
  return comments([
    `NormLab trains on ${MNIST_TRAIN.toLocaleString('en-US')} digits and tests on ${MNIST_TEST.toLocaleString('en-US')} (its 10,000 digits, ${Math.round(MNIST_TEST_FRACTION * 100)} % of each class held out);`,
    'here: the first ones of the standard MNIST train and test sets, pixels / 255 in [0, 1] (not standardized).',
  ]);
}

/** Why serving needs eval mode, in comment lines; `lead` names the wrong mode ("Without it, "). */
export function servingReason(plan: TwinPlan, lead: string): string[] {
  const bn = plan.layers.filter((l) => l.spec.type === 'batchnorm');
  if (bn.length === 0) {
    return ['No BatchNorm here: train and eval mode serve the same predictions (dropout aside).'];
  }
  return [
    `${lead}BatchNorm normalizes each request with its own statistics,`,
    'and every request moves the running statistics.',
    ...(bn.some((l) => l.inShape.length === 1)
      ? [
          'In PyTorch a batch of one through BatchNorm1d in train mode is even an error ("Expected more than 1 value per channel").',
        ]
      : []),
  ];
}

/** Why the evaluation switches mode (or why it would not matter here). */
export function evalReason(plan: TwinPlan): string {
  const bn = plan.spec.layers.some((l) => l.type === 'batchnorm');
  const dropout = plan.spec.layers.some((l) => l.type === 'dropout');
  if (bn && dropout) return 'BatchNorm uses its running statistics, dropout is off';
  if (bn) return 'BatchNorm normalizes with its running statistics, not the batch';
  if (dropout) return 'dropout is off';
  return 'no BatchNorm or dropout here, so the mode changes nothing; kept as the habit that matters';
}

/** Comment lines for NormLab options no framework layer has (float16 statistics). */
export function halfPrecisionNote(layer: LayerSpec): string[] {
  if (!('halfPrecision' in layer) || !layer.halfPrecision) return [];
  return [
    `NormLab rounds this ${layer.type}'s statistics through float16 (an emulation); no framework flag does that:`,
    'mixed precision keeps normalizer statistics in float32, so this layer runs in float32 here.',
  ];
}

/** Python call arguments: the given ones, in order, without the nulls. */
export const pyArgs = (list: (string | null)[]) => list.filter((a): a is string => a !== null).join(', ');

/**
 * What a Batch Renormalization layer does that the BatchNorm written in its place does not
 * (Ioffe 2017), with the framework's own situation (`framework`) in one line.
 */
export function batchRenormNote(
  norm: { rMax?: number; dMax?: number; warmup?: number },
  framework: string,
): string[] {
  const ramp = norm.warmup ? `, ramped up over ${norm.warmup} steps` : '';
  return [
    `Batch Renormalization (Ioffe 2017): r_max ${pyNum(norm.rMax ?? 3)}, d_max ${pyNum(norm.dMax ?? 5)}${ramp}.`,
    framework,
    'Below: BatchNorm, which is what it computes in eval mode; in training it also corrects',
    'x_hat <- r * x_hat + d, r = clip(sigma_B / sigma, 1/r_max, r_max), d = clip((mu_B - mu) / sigma, -d_max, d_max),',
    'from the running statistics, with no gradient through r and d.',
  ];
}
