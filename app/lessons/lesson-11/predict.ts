// Lesson 11's predict-then-run exercises (app/lessons/predict.ts): AdaBN on two shifts, asked of the
// run's worker with the shift panel's request. Each expected answer is asserted on seeds 1, 2 and 3
// by the claim test its `claims` name, with the same outcome rule.

import { ADAPT_DEFAULT_BATCHES } from '../../views/shift/shifts.ts';
import type { PredictExercise } from '../predict.ts';
import { LESSON_11, LESSON_11_CLAIMS } from './preset.ts';

const experiment = { ...LESSON_11, stopAt: LESSON_11.stopAt ?? 0 };
const most = Math.round(LESSON_11_CLAIMS.washedRecovered * 100);
const cuts = [0.5, LESSON_11_CLAIMS.washedRecovered];
const choices = ['Less than half of it', `Half or more, but less than ${most} %`, `${most} % or more`];

export const LESSON_11_PREDICT: readonly PredictExercise[] = [
  {
    id: 'washed-out',
    question: `The trained network meets washed-out digits (p → 0.5 p + 0.5) and loses most of its accuracy. AdaBN re-estimates BatchNorm’s statistics on ${ADAPT_DEFAULT_BATCHES} batches of 32 unlabeled washed-out digits. How much of the lost accuracy comes back?`,
    experiment,
    measure: { kind: 'adaBN', run: 'main', shift: 'washed', adaptBatches: ADAPT_DEFAULT_BATCHES },
    cuts,
    choices,
    expected: 2,
    explain:
      'Washing out is an affine change of every pixel, so it shifts and scales what the first layer computes; statistics re-estimated on the new digits cancel exactly that, with no label and no weight changed.',
    claims: ['l11-recover', 'l11-affine'],
  },
  {
    id: 'inverted',
    question: `Now the digits are inverted (p → 1 − p: black ink on white). The same AdaBN, ${ADAPT_DEFAULT_BATCHES} batches of unlabeled inverted digits. How much of the lost accuracy comes back?`,
    experiment,
    measure: { kind: 'adaBN', run: 'main', shift: 'invert', adaptBatches: ADAPT_DEFAULT_BATCHES },
    cuts,
    choices,
    expected: 0,
    explain:
      'Inversion flips the sign of what the first layer sees (Σwᵢ − h): new statistics can re-centre and re-scale it, but not undo a sign. That needs new weights, not new statistics.',
    claims: ['l11-nohelp'],
  },
];
