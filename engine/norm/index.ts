// The normalization layers of the engine, with PyTorch's semantics: BatchNorm, LayerNorm,
// GroupNorm, InstanceNorm and RMSNorm, each a Layer over dense [C] or NCHW [C, H, W] samples.
// createNorm() builds one from its JSON spec (catalog.ts lists them all); the classes can also be
// used on their own.
//
// Common API of every class (see each module's header for its statistics and defaults):
//   new Xxx(inShape, options, precision = 'float32')   options = the spec without `type`
//   forward(x, nOrShape, mode): Arr    nOrShape = N, or [N, ...inShape] (checked: `shape mismatch:
//                                      expected [N, 4], got [8, 3]`); x.length must match
//   backward(dy): Arr                  dL/dx of the last forward; writes (not adds) param grads
//   params(): [gamma, beta]            Param objects (those that exist), decay false
//   getState() / setState(state)       plain-array, JSON-friendly parameters and running state
//   lastXhat, lastInvStd, lastN        the last forward's normalised values and 1/std per group
//   lastMean, lastVar                  per-group mean and biased variance (all but RMSNorm;
//                                      RMSNorm has lastMeanSquare)
// Buffers returned by forward/backward and the last* views belong to the layer: valid until the
// next forward with the same batch size (buffers are kept for the few most recent batch sizes,
// layers/batch-cache.ts); nothing is allocated per call once N has been seen.

export { BatchNorm, type BatchNormOptions, DEFAULT_MOMENTUM } from './batch-norm.ts';
export {
  applyLiveKnob,
  createNorm,
  hasRunningStats,
  isNorm,
  isNormKind,
  LIVE_NORM_KNOBS,
  NORM_CATALOG,
  NORM_KINDS,
  NORM_KNOBS,
  type Norm,
  type NormInfo,
  type NormKind,
  type NormKnob,
  type NormKnobKey,
  normInfo,
  type StatisticsSet,
  usesKnob,
} from './catalog.ts';
export { GroupNorm, type GroupNormOptions } from './group-norm.ts';
export {
  HALF_MAX,
  HALF_MIN_NORMAL,
  HALF_MIN_SUBNORMAL,
  halfFromBits,
  halfToBits,
  roundToHalf,
} from './half.ts';
export { InstanceNorm, type InstanceNormOptions } from './instance-norm.ts';
export { LayerNorm, type LayerNormOptions } from './layer-norm.ts';
export { type BatchShape, DEFAULT_EPS, type NormState, type NormStateInput } from './norm-layer.ts';
export { FLOAT32_EPSILON, RmsNorm, type RmsNormOptions } from './rms-norm.ts';
