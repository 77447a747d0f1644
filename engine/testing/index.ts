// The engine run in-process, for tests outside engine/ (the lessons' claims tests, and browser
// tests that train in the page): the Session the worker runs, its command handler, the model
// behind a run. Imported as '#engine/testing'; never from code the page ships. Reading the MNIST
// digits from disk needs node: that is '#engine/testing/node' (node-mnist.ts).

export {
  makeSequences,
  padBatch,
  SEQUENCE_VOCAB,
  type SequenceSet,
  TOKEN_A,
  TOKEN_B,
  type TokenBatch,
} from '../data/sequences.ts';
export { experimentSpec, normSpec, optimizerSpec } from '../experiment/build-experiment.ts';
export { mlpSpec } from '../experiment/presets.ts';
export {
  type SequenceStudy,
  studySequences,
  TOKEN_NORMS,
  TokenModel,
  type TokenNorm,
} from '../lessons/token-model.ts';
export { GroupNorm, InstanceNorm, LayerNorm, RmsNorm } from '../norm/index.ts';
export { measureShift, targetImages } from '../train/domain-shift.ts';
export type { Model } from '../train/model.ts';
export { buildModel } from '../train/model.ts';
export { handleCommand } from '../worker/handle-command.ts';
export { PROBE_MODE, probeLayerInput, probeUnitPercentiles, resolveLayer } from '../worker/observe.ts';
export { type Run, Session } from '../worker/session.ts';
export { NodeWorker } from './node-worker.ts';
