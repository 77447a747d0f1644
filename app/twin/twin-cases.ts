// The experiments the code-twin tests generate scripts for: the default Lab, every network
// lesson's preset (and try-this variants), and a matrix of knob changes covering every layer,
// normalizer, placement, optimizer, init and data set the config can express. Test-only.

import { DEFAULT_CONFIG, type ExperimentConfig } from '#engine';
import { LESSON_2, LESSON_2_TRY_SIGMOID, LESSON_2_TRY_XAVIER } from '../lessons/lesson-2/preset.ts';
import { LESSON_4 } from '../lessons/lesson-4/preset.ts';
import { LESSON_5 } from '../lessons/lesson-5/preset.ts';
import { LESSON_6 } from '../lessons/lesson-6/preset.ts';
import { LESSON_7, LESSON_7_DENSE_BN, LESSON_7_GROUPNORM } from '../lessons/lesson-7/preset.ts';
import { LESSON_8, LESSON_8_LOGITS, LESSON_8_PLACEMENT } from '../lessons/lesson-8/preset.ts';
import {
  LESSON_9,
  LESSON_9_ACCUMULATE,
  LESSON_9_GHOST,
  LESSON_9_RENORM,
} from '../lessons/lesson-9/preset.ts';
import type { LessonExperiment } from '../lessons/lesson-experiment.ts';
import { type TwinExperiment, type TwinRun, twinRuns } from './twin-runs.ts';

export interface TwinCase {
  name: string;
  experiment: TwinExperiment;
  steps: number | null;
  serving: boolean;
}

/** The Lab shows the serving panel; a lesson shows it when its views include 'serving' (lesson 7). */
function lesson(name: string, preset: LessonExperiment, serving: boolean): TwinCase {
  return { name, experiment: preset, steps: preset.stopAt, serving };
}

/** Snapshotted: the default Lab and each network lesson's preset. */
export const SNAPSHOT_CASES: TwinCase[] = [
  {
    name: 'lab-default',
    experiment: { config: DEFAULT_CONFIG, comparison: null, sweep: null },
    steps: null,
    serving: true,
  },
  lesson('lesson-2', LESSON_2, false),
  lesson('lesson-4', LESSON_4, false),
  lesson('lesson-5', LESSON_5, false),
  lesson('lesson-6', LESSON_6, false),
  lesson('lesson-7', LESSON_7, true),
  lesson('lesson-8', LESSON_8, false),
];

const VARIANTS: [string, Partial<ExperimentConfig>][] = [
  ['sgd-wd-dropout', { optimizer: 'sgd', weightDecay: 0.001, dropout: 0.3 }],
  ['adam-xavier', { optimizer: 'adam', init: 'xavier' }],
  ['normal-init', { init: 'normal', initStd: 0.5 }],
  ['layernorm-after', { norm: 'layernorm', placement: 'after' }],
  ['groupnorm', { norm: 'groupnorm', groups: 8 }],
  ['rmsnorm', { norm: 'rmsnorm', activation: 'relu' }],
  ['no-norm-sigmoid', { norm: 'none', activation: 'sigmoid' }],
  ['circles', { dataset: 'circles' }],
  ['xor', { dataset: 'xor' }],
  ['blobs', { dataset: 'blobs', noise: 0.2 }],
  ['moons', { dataset: 'moons' }],
  ['mnist-mlp', { dataset: 'mnist', depth: 2, width: 64 }],
  ['residual-pre', { residual: 'pre', depth: 4, activation: 'relu' }],
  ['residual-post-logits', { residual: 'post', depth: 3, normLogits: 'on' }],
  ['cnn-bn', { dataset: 'mnist', model: 'cnn', activation: 'relu' }],
  ['cnn-layernorm', { dataset: 'mnist', model: 'cnn', norm: 'layernorm' }],
  [
    'cnn-groupnorm-after',
    { dataset: 'mnist', model: 'cnn', norm: 'groupnorm', groups: 4, placement: 'after' },
  ],
  ['cnn-instancenorm', { dataset: 'mnist', model: 'cnn', norm: 'instancenorm' }],
  ['cnn-rmsnorm', { dataset: 'mnist', model: 'cnn', norm: 'rmsnorm' }],
  ['cnn-none-dropout', { dataset: 'mnist', model: 'cnn', norm: 'none', dropout: 0.5 }],
  ['mlp-batchrenorm', { norm: 'batchrenorm', rmax: 2, dmax: 1, renormWarmup: 500 }],
  ['cnn-batchrenorm', { dataset: 'mnist', model: 'cnn', norm: 'batchrenorm' }],
];

/** Every case: the snapshots, the lessons' try-this variants and the knob matrix. */
export const ALL_CASES: TwinCase[] = [
  ...SNAPSHOT_CASES,
  lesson('lesson-2-xavier', LESSON_2_TRY_XAVIER, false),
  lesson('lesson-2-sigmoid', LESSON_2_TRY_SIGMOID, false),
  lesson('lesson-7-dense-bn', LESSON_7_DENSE_BN, true),
  lesson('lesson-7-groupnorm', LESSON_7_GROUPNORM, true),
  lesson('lesson-8-placement', LESSON_8_PLACEMENT, false),
  lesson('lesson-8-logits', LESSON_8_LOGITS, false),
  lesson('lesson-9', LESSON_9, false),
  lesson('lesson-9-accumulate', LESSON_9_ACCUMULATE, false),
  lesson('lesson-9-ghost', LESSON_9_GHOST, false),
  lesson('lesson-9-renorm', LESSON_9_RENORM, false),
  ...VARIANTS.map(([name, change]) => ({
    name: `lab-${name}`,
    experiment: { config: { ...DEFAULT_CONFIG, ...change }, comparison: null, sweep: null },
    steps: null,
    serving: true,
  })),
];

/** A case's runs (one per compared value). */
export function caseRuns(c: TwinCase): TwinRun[] {
  return twinRuns(c.experiment, c.steps, c.serving);
}
