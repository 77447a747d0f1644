// Lesson 13's predict-then-run exercise (app/lessons/predict.ts): folding BatchNorm into the
// convolutions, asked of the run's worker with the fold view's request. Its expected answer is
// asserted on seeds 1, 2 and 3 by the [l13-fold-exact] claim test, with the same outcome rule.

import { FOLD_IMAGES } from '../../views/fold/fold-format.ts';
import type { PredictExercise } from '../predict.ts';
import { LESSON_13 } from './preset.ts';

export const LESSON_13_PREDICT: readonly PredictExercise[] = [
  {
    id: 'fold-answers',
    question: `The CNN trains 200 steps; then both BatchNorms are folded into the convolutions before them (new weights and biases, two layers fewer). Of the first ${FOLD_IMAGES} test digits, how many answers will the folded model change?`,
    experiment: { ...LESSON_13, stopAt: LESSON_13.stopAt ?? 0 },
    measure: { kind: 'foldChanged', run: 'main', count: FOLD_IMAGES },
    cuts: [1, 11],
    choices: ['None', 'From 1 to 10', 'More than 10'],
    expected: 0,
    explain:
      'In eval mode BatchNorm is a fixed affine map per channel, and so is a convolution: two affine maps compose into one. The folded logits match the original to float32 rounding, so no answer changes.',
    claims: ['l13-fold-exact'],
  },
];
