// Lesson 4's predict-then-run exercises (app/lessons/predict.ts): the race as the lesson runs it,
// and the same race with ReLU in place of every sigmoid. Each expected answer is asserted on seeds
// 1, 2 and 3 by the claim test its `claims` name ([l4-lead], [l4-relu]), with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_4, LESSON_4_CLAIMS, LESSON_4_RELU } from './preset.ts';

const lead = Math.round(LESSON_4_CLAIMS.leadAt150 * 100);
const reluLead = Math.round(LESSON_4_CLAIMS.reluLeadBelow * 100);

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
  {
    id: 'relu-lead',
    question:
      'The same race with every sigmoid swapped for a ReLU (nothing else changes). At step 150, where will BatchNorm’s test accuracy be against the plain network’s?',
    experiment: { ...LESSON_4_RELU, stopAt: LESSON_4_RELU.stopAt ?? 0 },
    measure: { kind: 'lead', run: 'norm=batchnorm', over: 'norm=none' },
    cuts: [0, LESSON_4_CLAIMS.reluLeadBelow],
    choices: [
      'Behind the plain network',
      `Ahead by less than ${reluLead} points`,
      `Ahead by ${reluLead} points or more`,
    ],
    expected: 1,
    explain: `With ReLU the plain network passes ${Math.round(LESSON_4_CLAIMS.reluPlainAt150 * 100)} % by step 150 as well, and BN leads by a few points only. Much of the sigmoid race’s gap is the plain sigmoids’ tiny gradients; a ReLU passes the gradient on with slope 1 wherever it is active. How much BN speeds training up depends on how badly the plain network’s units are placed.`,
    claims: ['l4-relu', 'l4-gradient'],
  },
];
