// Lesson 7's predict-then-run exercises (app/lessons/predict.ts): the serving panel's question,
// train mode against eval mode, asked of the run's worker with the panel's serve request. Each
// expected answer is asserted on seeds 1, 2 and 3 by the claim test its `claims` name.

import type { PredictExercise } from '../predict.ts';
import { LESSON_7, LESSON_7_CLAIMS, LESSON_7_DENSE_BN } from './preset.ts';

/** All 2,000 test digits, as the [l7-drop] claim serves them. */
const TEST_DIGITS = 2000;
const near = (LESSON_7_CLAIMS.batchOneDrop * 100).toFixed(1);
const collapse = Math.round(
  (LESSON_7_CLAIMS.denseEvalAccuracy - LESSON_7_CLAIMS.denseBatchTwoAccuracy) * 100,
);

export const LESSON_7_PREDICT: readonly PredictExercise[] = [
  {
    id: 'cnn-batch-one',
    question:
      'The CNN trains 200 steps, then all 2,000 test digits are served one at a time in train mode (each normalized with its own statistics). Against eval mode, its accuracy will be…',
    experiment: { ...LESSON_7, stopAt: LESSON_7.stopAt ?? 0 },
    measure: { kind: 'trainModeServing', run: 'main', batchSize: 1, count: TEST_DIGITS },
    cuts: [-LESSON_7_CLAIMS.batchOneDrop, LESSON_7_CLAIMS.batchOneDrop],
    choices: [
      `Lower, by ${near} points or more`,
      `The same, to within ${near} points`,
      `Higher, by ${near} points or more`,
    ],
    expected: 0,
    explain:
      'A digit alone still gives each channel 784 (then 196) values, so train mode runs, but it normalizes with that one digit’s statistics instead of the population’s: answers change and accuracy drops. How far depends on the trained weights: 7.7 points on the default seed, about 1 and 3 on two others.',
    claims: ['l7-drop', 'l7-changed'],
  },
  {
    id: 'dense-batch-two',
    question:
      'Now BatchNorm sits in a dense network (784-64-64-10). After 200 steps the 2,000 test digits are served in train mode in batches of two. Against eval mode, its accuracy will be…',
    experiment: { ...LESSON_7_DENSE_BN, stopAt: LESSON_7_DENSE_BN.stopAt ?? 0 },
    measure: { kind: 'trainModeServing', run: 'main', batchSize: 2, count: TEST_DIGITS },
    cuts: [
      -(LESSON_7_CLAIMS.denseEvalAccuracy - LESSON_7_CLAIMS.denseBatchTwoAccuracy),
      -LESSON_7_CLAIMS.batchOneDrop,
    ],
    choices: [
      `Lower by ${collapse} points or more`,
      `Lower by less than ${collapse} points`,
      `About the same or higher (less than ${near} points lower)`,
    ],
    expected: 0,
    explain:
      'A dense BN layer normalizes each feature over the batch: with two samples every feature becomes ±1 whatever the digits (only which of the two is larger survives), so train-mode accuracy collapses, while eval mode, with the running statistics, stays high.',
    claims: ['l7-dense-two', 'l7-dense-pm1'],
  },
];
