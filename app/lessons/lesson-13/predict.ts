// Lesson 13's predict-then-run exercises (app/lessons/predict.ts): folding BatchNorm into the
// convolutions, asked of the run's worker with the fold view's request, once with settled running
// statistics and once with stale ones. Each expected answer is asserted on seeds 1, 2 and 3 by the
// claim test its `claims` name ([l13-fold-exact], [l13-slow-stats]), with the same outcome rule.

import { FOLD_IMAGES } from '../../views/fold/fold-format.ts';
import type { PredictExercise } from '../predict.ts';
import { LESSON_13, LESSON_13_SLOW_STATS } from './preset.ts';

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
  {
    id: 'fold-stale-stats',
    question: `Now with BN momentum 0.001: after 200 steps the running statistics still owe 82 % of their weight to their starting values (mean 0, variance 1). Folded as before, how many of the first ${FOLD_IMAGES} test digits will the folded model answer differently from the unfolded one in eval mode?`,
    experiment: { ...LESSON_13_SLOW_STATS, stopAt: LESSON_13_SLOW_STATS.stopAt ?? 0 },
    measure: { kind: 'foldChanged', run: 'main', count: FOLD_IMAGES },
    cuts: [1, 11],
    choices: ['None', 'From 1 to 10', 'More than 10'],
    expected: 0,
    explain:
      'The fold copies the eval-mode model exactly, stale statistics and all, so no answer changes. What the stale statistics cost is already in that eval model: it scores 1.4 to 4.4 points below the same weights with batch statistics (three seeds). Fold once the statistics have settled.',
    claims: ['l13-slow-stats'],
  },
];
