// Lesson 9's predict-then-run exercises (app/lessons/predict.ts): the batch-2 race and gradient
// accumulation. Each expected answer is asserted on seeds 1, 2 and 3 by the claim test its `claims`
// name, on the test accuracy the run table shows, with the same outcome rule.

import type { PredictExercise } from '../predict.ts';
import { LESSON_9, LESSON_9_ACCUMULATE, LESSON_9_CLAIMS, LESSON_9_SAMPLES } from './preset.ts';

const images = LESSON_9_SAMPLES.toLocaleString('en-US');
const gap = LESSON_9_CLAIMS.gapAtTwo;
/** BN accumulated: test error at least accumAtLeast %, so accuracy below 100 − that. */
const accumCut = (100 - LESSON_9_CLAIMS.accumAtLeast) / 100;
const accumPct = 100 - LESSON_9_CLAIMS.accumAtLeast;

export const LESSON_9_PREDICT: readonly PredictExercise[] = [
  {
    id: 'batch-two',
    question: `BatchNorm and GroupNorm train the same MNIST network at batch size 2, each on ${images} images. When they stop, where will GroupNorm’s test accuracy be against BatchNorm’s?`,
    // The lesson's own setup, its sweep included: Run trains the race, as Play does.
    experiment: { ...LESSON_9, stopAt: LESSON_9.stopAt ?? 0 },
    measure: { kind: 'lead', run: 'norm=groupnorm', over: 'norm=batchnorm' },
    cuts: [0, gap / 100],
    choices: ['Behind BatchNorm', `Ahead by less than ${gap} points`, `Ahead by ${gap} points or more`],
    expected: 2,
    explain:
      'With two samples, BatchNorm maps every feature to ±1 in training but eval mode uses running averages of those two-sample statistics: train and test see different networks. GroupNorm computes each sample’s own statistics, the same in both modes, whatever the batch.',
    claims: ['l9-race', 'l9-sweep', 'l9-two'],
  },
  {
    id: 'accumulate',
    question:
      'Gradient accumulation: 16 micro-batches of 2 per optimizer step, so each step averages the gradients of 32 images. BatchNorm’s test accuracy when the run stops?',
    experiment: { ...LESSON_9_ACCUMULATE, stopAt: LESSON_9_ACCUMULATE.stopAt ?? 0 },
    measure: { kind: 'accuracy', run: 'norm=batchnorm' },
    cuts: [accumCut, 0.85],
    choices: [
      `Below ${accumPct} % (no better than batch 2)`,
      `From ${accumPct} % to 85 %`,
      '85 % or more (as good as a batch of 32)',
    ],
    expected: 0,
    explain:
      'Accumulation averages gradients, not statistics: BatchNorm still normalizes each micro-batch of 2 on its own, so it trains exactly as badly as at batch 2.',
    claims: ['l9-race', 'l9-accum'],
  },
];
