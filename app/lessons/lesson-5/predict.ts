// Lesson 5's predict-then-run exercises (app/lessons/predict.ts): two races off the sweep's grid,
// read from the run table at the race's pause (step 300). Each expected answer is asserted on
// seeds 1, 2 and 3 by the claim test its `claims` name, with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_5, LESSON_5_STEPS } from './preset.ts';

/** The race at another learning rate (Play trains both networks, the sweep stays as it is). */
function raceAt(lr: number): PredictExercise['experiment'] {
  return { ...LESSON_5, config: { ...LESSON_5.config, lr }, stopAt: LESSON_5_STEPS };
}

export const LESSON_5_PREDICT: readonly PredictExercise[] = [
  {
    id: 'plain-at-one',
    question:
      'The plain network (no normalization) trains 300 steps at learning rate 1, twice the largest rate it survives in the sweep. What will its test accuracy be at step 300?',
    experiment: raceAt(1),
    measure: { kind: 'accuracy', run: 'norm=none' },
    cuts: [0.6, 0.9],
    choices: ['Below 60 % (two classes: 50 % is chance)', 'From 60 % to 90 %', '90 % or more'],
    expected: 0,
    explain:
      'Too large a rate need not explode. At 1 the plain network’s loss stays finite, but training collapses to chance, 50 %, and is still there at step 300, while the BN network beside it passes 95 % at the same rate.',
    claims: ['l5-collapse'],
  },
  {
    id: 'lead-at-half',
    question:
      'Now both networks race at learning rate 0.5, the largest rate the plain network survives. At step 300, how will BatchNorm’s test accuracy compare with the plain network’s?',
    experiment: raceAt(0.5),
    measure: { kind: 'lead', run: 'norm=batchnorm', over: 'norm=none' },
    cuts: [-0.05, 0.05],
    choices: [
      'The plain network ahead by 5 points or more',
      'Within 5 points of each other',
      'BatchNorm ahead by 5 points or more',
    ],
    expected: 1,
    explain:
      'At a rate both networks tolerate, both pass 95 % and BN adds little. What BN buys here is headroom: the rates above 0.5 where only the BN network still learns.',
    claims: ['l5-same-at-safe'],
  },
];
