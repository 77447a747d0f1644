// Lesson 4's predict-then-run exercise (app/lessons/predict.ts); its expected answer is asserted
// on seeds 1, 2 and 3 by the [l4-lead] claim test, with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_4, LESSON_4_CLAIMS } from './preset.ts';

const lead = Math.round(LESSON_4_CLAIMS.leadAt150 * 100);

export const LESSON_4_PREDICT: readonly PredictExercise[] = [
  {
    id: 'bn-lead',
    question:
      'Both networks train 150 steps from the same weights. At step 150, where will BatchNorm’s test accuracy be against the plain network’s?',
    experiment: { ...LESSON_4, stopAt: LESSON_4.stopAt ?? 0 },
    measure: { kind: 'lead', run: 'norm=batchnorm', over: 'norm=none' },
    cuts: [0, LESSON_4_CLAIMS.leadAt150],
    choices: [
      'Behind the plain network',
      `Ahead by less than ${lead} points`,
      `Ahead by ${lead} points or more`,
    ],
    expected: 2,
    explain:
      'BatchNorm keeps every sigmoid’s input near its steep part, so its first layer gets a far larger gradient and it learns in far fewer steps.',
    claims: ['l4-lead', 'l4-gradient'],
  },
];
