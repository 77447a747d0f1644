// Lesson 12's predict-then-run exercises (app/lessons/predict.ts): the try-this comparisons with and
// without BatchNorm, and with and without dropout. Each expected answer is asserted on seeds 1, 2 and
// 3 by the claim test its `claims` name, on the test accuracy the run table shows.

import type { PredictExercise } from '../predict.ts';
import { LESSON_12_CLAIMS, LESSON_12_DROPOUT, LESSON_12_NORM } from './preset.ts';

const better = LESSON_12_CLAIMS.bnTestBetter;
const cost = LESSON_12_CLAIMS.dropoutTestCost;

export const LESSON_12_PREDICT: readonly PredictExercise[] = [
  {
    id: 'bn-vs-plain',
    question:
      'BatchNorm’s batch-mate noise is said to regularize. The same MLP without and with BatchNorm, 300 steps of plain SGD: at step 300, where will BatchNorm’s test accuracy be against the plain network’s?',
    experiment: { ...LESSON_12_NORM, stopAt: LESSON_12_NORM.stopAt ?? 0 },
    measure: { kind: 'lead', run: 'norm=batchnorm', over: 'norm=none' },
    cuts: [0, better / 100],
    choices: [
      'Behind the plain network',
      `Ahead by less than ${better} point`,
      `Ahead by ${better} point or more`,
    ],
    expected: 2,
    explain:
      'BatchNorm is ahead, but mostly because it learns faster: its gap between training and test accuracy is wider, not narrower, so here the lead is not a regularizer’s.',
    claims: ['l12-gap-bn'],
  },
  {
    id: 'dropout',
    question:
      'Dropout is the classic regularizer. The BatchNorm MLP without and with dropout 0.3 after each hidden block: at step 300, where will the dropout run’s test accuracy be?',
    experiment: { ...LESSON_12_DROPOUT, stopAt: LESSON_12_DROPOUT.stopAt ?? 0 },
    measure: { kind: 'lead', run: 'dropout=0.3', over: 'dropout=0' },
    cuts: [-cost / 100, cost / 100],
    choices: [
      `Behind, by ${cost} points or more`,
      `Within ${cost} points either way`,
      `Ahead, by ${cost} points or more`,
    ],
    expected: 0,
    explain:
      'Dropout does narrow the gap between training and test loss, but it also slows training down: after 300 steps the run without it is still ahead on the test set.',
    claims: ['l12-dropout'],
  },
];
