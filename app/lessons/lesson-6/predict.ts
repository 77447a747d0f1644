// Lesson 6's predict-then-run exercises (app/lessons/predict.ts); each expected answer is asserted
// on seeds 1, 2 and 3 by the claim test its `claims` name, with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_6, LESSON_6_CLAIMS } from './preset.ts';

const experiment = { ...LESSON_6, stopAt: LESSON_6.stopAt ?? 0 };
const gap = Math.round(LESSON_6_CLAIMS.accuracyGapAt100 * 100);
const near = Math.round(LESSON_6_CLAIMS.kerasAccuracyGap * 100);

export const LESSON_6_PREDICT: readonly PredictExercise[] = [
  {
    id: 'slow-momentum',
    question:
      'The three runs train identically; only the running statistics’ momentum differs. At step 100, where will momentum 0.1’s test accuracy be against momentum 0.01’s?',
    experiment,
    measure: { kind: 'lead', run: 'bnMomentum=0.1', over: 'bnMomentum=0.01' },
    cuts: [0, LESSON_6_CLAIMS.accuracyGapAt100],
    choices: ['Behind 0.01', `Ahead by less than ${gap} points`, `Ahead by ${gap} points or more`],
    expected: 2,
    explain:
      'Test accuracy is measured in eval mode, with the running statistics: momentum 0.01’s still lag far behind the network’s real statistics, so its predictions are worse although its weights are the same.',
    claims: ['l6-accuracy', 'l6-same-loss'],
  },
  {
    id: 'fast-momentum',
    question:
      'Momentum 0.99 makes the running statistics little more than the last batch’s. At step 100, where will its test accuracy be against momentum 0.1’s?',
    experiment,
    measure: { kind: 'lead', run: 'bnMomentum=0.99', over: 'bnMomentum=0.1' },
    cuts: [-LESSON_6_CLAIMS.kerasAccuracyGap, LESSON_6_CLAIMS.kerasAccuracyGap],
    choices: [
      `Behind by more than ${near} points`,
      `Within ${near} points (from ${near} behind to under ${near} ahead)`,
      `Ahead by ${near} points or more`,
    ],
    expected: 1,
    explain:
      'Its running statistics jitter with every batch, but a batch of 60 shuffled digits is a fair sample: here the noisy estimate costs no visible accuracy.',
    claims: ['l6-keras-fine', 'l6-jitter'],
  },
];
