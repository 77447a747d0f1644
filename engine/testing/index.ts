// The engine run in-process, for node tests outside engine/ (the lessons' claims tests): the
// Session the worker runs, its command handler, the model behind a run, and the MNIST digits
// read from disk. Imported as '#engine/testing'; never from code the page ships.

export { experimentSpec, normSpec, optimizerSpec } from '../experiment/build-experiment.ts';
export { mlpSpec } from '../experiment/presets.ts';
export type { Model } from '../train/model.ts';
export { buildModel } from '../train/model.ts';
export { handleCommand } from '../worker/handle-command.ts';
export { resolveLayer } from '../worker/observe.ts';
export { type Run, Session } from '../worker/session.ts';
export { loadMnist } from './node-mnist.ts';
