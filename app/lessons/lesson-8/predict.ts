// Lesson 8's predict-then-run exercises (app/lessons/predict.ts): depth with and without residual
// blocks, and BN before vs after the activation. Each expected answer is asserted on seeds 1, 2 and
// 3 by the claim test its `claims` name, with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_8, LESSON_8_CLAIMS, LESSON_8_PLACEMENT } from './preset.ts';

const lead = Math.round((LESSON_8_CLAIMS.preAccuracy - LESSON_8_CLAIMS.plainAccuracy) * 100);
const gap = Math.round(LESSON_8_CLAIMS.placementGap * 100);

export const LESSON_8_PREDICT: readonly PredictExercise[] = [
  {
    id: 'deep-residual',
    question:
      'Both 32-layer networks have BatchNorm before every ReLU; one adds pre-activation residual blocks. At step 600, where will the residual stack’s test accuracy be against the plain stack’s?',
    experiment: { ...LESSON_8, stopAt: LESSON_8.stopAt ?? 0 },
    measure: { kind: 'lead', run: 'residual=pre', over: 'residual=none' },
    cuts: [0, LESSON_8_CLAIMS.preAccuracy - LESSON_8_CLAIMS.plainAccuracy],
    choices: [
      'Behind the plain stack (BN alone is enough)',
      `Ahead by less than ${lead} points`,
      `Ahead by ${lead} points or more`,
    ],
    expected: 2,
    explain:
      'BatchNorm keeps each layer’s activations in range but not the gradient’s path through 32 layers: the plain stack’s first-layer gradient starts over 100 times the output layer’s. Skip connections give the gradient a short path, and the residual stack trains further in the same steps.',
    claims: ['l8-deep', 'l8-init'],
  },
  {
    id: 'placement',
    question:
      'A shallow MNIST network with BatchNorm before the ReLU, and the same with BatchNorm after it. At step 400, how far apart will their test accuracies be?',
    experiment: { ...LESSON_8_PLACEMENT, stopAt: LESSON_8_PLACEMENT.stopAt ?? 0 },
    measure: { kind: 'lead', run: 'placement=after', over: 'placement=before' },
    cuts: [-LESSON_8_CLAIMS.placementGap, LESSON_8_CLAIMS.placementGap],
    choices: [
      `Before is ahead by ${gap} points or more`,
      `Within ${gap} points of each other`,
      `After is ahead by ${gap} points or more`,
    ],
    expected: 1,
    explain:
      'Both placements train this network well: the endless debate is about a difference smaller than what the seed decides (after leads on one seed, before on two others).',
    claims: ['l8-placement'],
  },
];
