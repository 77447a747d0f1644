// Lesson 10's predict-then-run exercise (app/lessons/predict.ts): how far apart the five
// normalizers end. Its expected answer is asserted on seeds 1, 2 and 3 by the [l10-five] claim test,
// with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_10, LESSON_10_CLAIMS } from './preset.ts';

const close = Math.round(LESSON_10_CLAIMS.spreadAtStop * 100);
const FAR = 0.1;

export const LESSON_10_PREDICT: readonly PredictExercise[] = [
  {
    id: 'family-spread',
    question:
      'The same small CNN trains once with each of BatchNorm, LayerNorm, GroupNorm, InstanceNorm and RMSNorm, 100 steps at batch 16. How far apart will the best and the worst test accuracy be?',
    experiment: { ...LESSON_10, stopAt: LESSON_10.stopAt ?? 0 },
    measure: { kind: 'spread', runs: (LESSON_10.comparison?.values ?? []).map((v) => `norm=${v}`) },
    cuts: [LESSON_10_CLAIMS.spreadAtStop, FAR],
    choices: [
      `Less than ${close} points apart`,
      `${close} to ${FAR * 100} points apart`,
      `${FAR * 100} points or more apart`,
    ],
    expected: 0,
    explain:
      'On this small CNN at batch 16 every member of the family trains about equally well: they differ in which values share a mean and variance, and that matters for small batches, sequences and serving, not for accuracy here.',
    claims: ['l10-five'],
  },
];
