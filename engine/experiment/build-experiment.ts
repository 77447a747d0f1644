// Turns an ExperimentConfig into what a run trains: the data set (toy sets generated from a
// fixed data seed, so changing the seed changes initial weights and batches but not the
// data; MNIST parsed from its asset) and the ModelSpec. Pure; used by the worker session,
// the lesson-claim tests and the benchmarks alike.

import type { ModelSpec, NormSpec, OptimizerSpec } from '../core/spec.ts';
import { takeSubset } from '../data/batcher.ts';
import type { Dataset } from '../data/dataset.ts';
import type { MnistDataset } from '../data/mnist.ts';
import { makeToyDataset } from '../data/toy.ts';
import { normInfo } from '../norm/catalog.ts';
import { CNN_CHANNELS, configProblems, type ExperimentConfig } from './experiment.ts';
import { cnnSpec, mlpSpec } from './presets.ts';

/** Seed of the toy data sets (fixed: the run seed varies weights and batches, not the data). */
export const TOY_DATA_SEED = 7;
export const TOY_SAMPLES = 600;
/** Test images evaluated during training (the full 2,000 on demand). */
export const MNIST_EVAL_SUBSET = 500;

/** The normalizer a config trains with (the catalog row builds its spec from the knobs), or null. */
export function normSpec(config: ExperimentConfig): NormSpec | null {
  return config.norm === 'none' ? null : normInfo(config.norm).spec(config, config.eps);
}

export function optimizerSpec(config: ExperimentConfig): OptimizerSpec {
  const weightDecay = config.weightDecay;
  switch (config.optimizer) {
    case 'sgd':
      return { type: 'sgd', lr: config.lr, momentum: 0, weightDecay };
    case 'momentum':
      return { type: 'sgd', lr: config.lr, momentum: config.momentum, weightDecay };
    case 'adam':
      return { type: 'adam', lr: config.lr, weightDecay };
  }
}

/** The ModelSpec a config describes for the given input shape and class count. */
export function experimentSpec(
  config: ExperimentConfig,
  input: readonly number[],
  classes: number,
): ModelSpec {
  const problems = configProblems(config);
  if (problems.length > 0) throw new Error(`impossible experiment: ${problems.join('; ')}`);
  const common = {
    norm: normSpec(config),
    placement: config.placement,
    dropout: config.dropout,
    optimizer: optimizerSpec(config),
    init: config.init === 'normal' ? { type: 'normal' as const, std: config.initStd } : { type: config.init },
    seed: config.seed,
    normLogits: config.normLogits === 'on',
  };
  if (config.model === 'cnn') return cnnSpec({ ...common, input, classes, channels: CNN_CHANNELS });
  return mlpSpec({
    ...common,
    input,
    classes,
    hidden: Array(config.depth).fill(config.width),
    activation: config.activation,
    residual: config.residual,
  });
}

/** The data a config trains on, plus the evaluation subset used during training. */
export function experimentData(
  config: ExperimentConfig,
  mnist: MnistDataset | null,
): Dataset & { evalSplit: Dataset['test'] } {
  if (config.dataset === 'mnist') {
    if (!mnist) throw new Error('the MNIST digits are not loaded yet');
    return { ...mnist, evalSplit: takeSubset(mnist.test, MNIST_EVAL_SUBSET) };
  }
  const data = makeToyDataset(config.dataset, {
    count: TOY_SAMPLES,
    noise: config.noise,
    seed: TOY_DATA_SEED,
  });
  return { ...data, evalSplit: data.test };
}
