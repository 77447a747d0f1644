// Lesson 2's predict-then-run exercises (app/lessons/predict.ts). Each expected answer is asserted
// on seeds 1, 2 and 3 by the claim test its `claims` name, with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_2, LESSON_2_STOP_AT, LESSON_2_TRY_XAVIER } from './preset.ts';

const ACCURACY_CHOICES = ['Below 60 % (two classes: 50 % is chance)', 'From 60 % to 90 %', '90 % or more'];

export const LESSON_2_PREDICT: readonly PredictExercise[] = [
  {
    id: 'plain-accuracy',
    question:
      'The plain network (no normalization, init std 2) trains for 500 steps. What will its test accuracy be at step 500?',
    experiment: { ...LESSON_2, stopAt: LESSON_2_STOP_AT },
    measure: { kind: 'accuracy', run: 'norm=none' },
    cuts: [0.6, 0.9],
    choices: ACCURACY_CHOICES,
    expected: 0,
    explain: 'Its tanh units saturate, the first layers’ gradients vanish and the loss stays at chance.',
    claims: ['l2-stalled'],
  },
  {
    id: 'xavier-accuracy',
    question:
      'Same plain network, but with Xavier initialization (weights scaled to the layer width). Its test accuracy at step 500?',
    experiment: { ...LESSON_2_TRY_XAVIER, stopAt: LESSON_2_STOP_AT },
    measure: { kind: 'accuracy', run: 'norm=none' },
    cuts: [0.6, 0.9],
    choices: ACCURACY_CHOICES,
    expected: 2,
    explain:
      'With weights scaled to the layer width few units saturate and the gradient reaches the first layer: at this depth a careful init is enough.',
    claims: ['l2-xavier'],
  },
];
