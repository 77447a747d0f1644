// What the runs' test accuracy is scored on while they train. On MNIST that is a fixed subset of
// the test digits (the engine's MNIST_EVAL_SUBSET), not the whole test split a lesson may quote
// (lesson 7: "93.7 % of the 2,000 test digits"), so the run table and the accuracy chart say so.

import { type ExperimentConfig, MNIST_EVAL_SUBSET } from '#engine';
import { type Store, useStore } from '../store/index.ts';

/** "500 test digits" when any run trains on MNIST, else null (a toy set's accuracy needs no note). */
export function evalSetText(configs: readonly Pick<ExperimentConfig, 'dataset'>[]): string | null {
  return configs.some((c) => c.dataset === 'mnist')
    ? `${MNIST_EVAL_SUBSET.toLocaleString('en-US')} test digits`
    : null;
}

/** The runs' configs, or before the first run the experiment's. */
const configsOf = (s: Store) => (s.runs.length ? s.runs.map((r) => r.config) : [s.config]);

/** evalSetText of the current runs. */
export function useEvalSetText(): string | null {
  return useStore((s) => evalSetText(configsOf(s)));
}
