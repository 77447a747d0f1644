// Lesson 10's predict-then-run exercises (app/lessons/predict.ts): how far apart the five
// normalizers end, and where the same CNN without any normalizer ends. Each expected answer is
// asserted on seeds 1, 2 and 3 by the claim test its `claims` name ([l10-five], [l10-none]), with
// the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_10, LESSON_10_CLAIMS, LESSON_10_WITH_NONE } from './preset.ts';

const close = Math.round(LESSON_10_CLAIMS.spreadAtStop * 100);
const FAR = 0.1;
/** The lowest cut of the no-normalizer question, in percent: well below where it lands (86–90 % measured). */
const LOW = 70;
const noneFloor = Math.floor(LESSON_10_CLAIMS.noneRange[0] * 100);

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
  {
    id: 'no-norm',
    question:
      'A sixth run joins the race: the same CNN with no normalization at all, same weights, same batches. What will its test accuracy be at step 100?',
    experiment: { ...LESSON_10_WITH_NONE, stopAt: LESSON_10_WITH_NONE.stopAt ?? 0 },
    measure: { kind: 'accuracy', run: 'norm=none' },
    cuts: [LOW / 100, noneFloor / 100],
    choices: [
      `Below ${LOW} %: without a normalizer it barely learns`,
      `From ${LOW} % to ${noneFloor} %`,
      `${noneFloor} % or more, like the five`,
    ],
    expected: 2,
    explain:
      'On a network this shallow, normalization barely matters: without any, the CNN ends within a few points of the best normalized run. Which normalizer, and whether one at all, starts to matter with depth, high learning rates and small batches.',
    claims: ['l10-none'],
  },
];
