// The engine's public face: everything the main thread may use, and the only engine module
// app/ imports (as '#engine', package.json "imports"; Biome rejects deep engine paths in app/).
// Networks train in the worker (worker/runtime.worker.ts, which the page starts by URL); the page
// speaks the worker protocol, validates experiment configs, and calls the engine directly only for
// small pure helpers and three lesson widgets. Node tests that run the engine in-process import
// '#engine/testing' (testing/index.ts) instead.

// Core vocabulary: the seeded PRNG, the JSON model spec, shapes and precision.
export { Rng } from './core/rng.ts';
export type {
  InitSpec,
  LayerSpec,
  LossKind,
  ModelSpec,
  NormKind,
  NormSpec,
  OptimizerSpec,
} from './core/spec.ts';
export type { Arr, Mode, Precision, SampleShape } from './core/types.ts';
// Data the page draws or fetches itself: plot extents, the MNIST asset, toy-set geometry.
export { BOUNDARY_PAD, type Extent, pointsExtent } from './data/extent.ts';
export {
  applyShift,
  MNIST_ASSET_PATH,
  type MnistDataset,
  parseMnist,
  SPIRAL_TURNS,
  type Split,
} from './data/index.ts';
export { MNIST_CLASSES, MNIST_COLS, MNIST_ROWS, MNIST_TEST_FRACTION } from './data/mnist.ts';
export {
  BLOB_CENTER_RADIUS,
  BLOB_STD,
  CIRCLE_INNER_RADIUS,
  CIRCLE_OUTER_RADIUS,
  DEFAULT_TOY_OPTIONS,
  MOON_CENTER_X,
  MOON_CENTER_Y,
  MOON_SCALE,
  TOY_FEATURES,
  type ToyKind,
  toyClasses,
  XOR_MARGIN,
} from './data/toy.ts';
// The data set an experiment trains on (the decision-boundary view plots its points).
export {
  experimentData,
  experimentSpec,
  MNIST_EVAL_SUBSET,
  TOY_DATA_SEED,
  TOY_SAMPLES,
} from './experiment/build-experiment.ts';
// Contract 1, whole: the experiment config (URL-friendly, validated).
export * from './experiment/experiment.ts';
export { CNN_ACTIVATION } from './experiment/presets.ts';
// Lesson 1's widget, computed on the main thread: the two-weight loss landscape and its descent.
export {
  CONVERGED_TOLERANCE,
  type Descent,
  DIVERGED_FACTOR,
  descend,
  excessLossAt,
  LANDSCAPE_DEFAULTS,
  LANDSCAPE_LIMITS,
  type Landscape,
  type LandscapeOptions,
  levelSet,
  makeLandscape,
  stepsToConverge,
} from './lessons/landscape.ts';
// Lesson 10's sequence study: its options and result cross the worker protocol.
export type {
  SequenceStudy,
  SequenceStudyOptions,
  SequenceStudyRow,
  TokenNorm,
} from './lessons/token-model.ts';
export {
  isNormKind,
  keepsRunningStats,
  LIVE_NORM_KNOBS,
  NORM_CATALOG,
  NORM_KINDS,
  NORM_KNOBS,
  type NormKnob,
  normInfo,
  usesKnob,
} from './norm/catalog.ts';
// Lesson 13's precision widget: float16 rounding (the same emulation as halfPrecision statistics).
export { HALF_MAX, roundToHalf } from './norm/half.ts';
// Lesson 3's widget, computed on the main thread: one BatchNorm step on a handful of values.
export { BatchNorm, createNorm } from './norm/index.ts';
export { type FitResult, SPREAD_BATCH_SIZES, SPREAD_DRAWS, type SpreadResult } from './train/noise.ts';
export { SMOOTHNESS_EVERY, SMOOTHNESS_STEP_FACTORS } from './train/smoothness.ts';
// Which layer a view observes, and how much of it the worker sends.
export {
  CELL_MAX_CHANNELS,
  CELL_MAX_SAMPLES,
  defaultLayerIndex,
  resolveLayerIndex,
} from './worker/observe.ts';
// Contract 2, whole: the worker protocol (commands, events, snapshots).
export * from './worker/protocol.ts';
