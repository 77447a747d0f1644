// Lesson 1's predict-then-run exercises (app/lessons/predict.ts), on the loss-landscape widget: Run
// shows the exercise's setup in the widget and measures it with the engine the widget draws with
// (makeLandscape, stepsToConverge, descend). Each expected answer is asserted on seeds 1, 2 and 3 by
// the claim tests its `claims` name, with the same outcome rule.

import { descend, type LandscapeOptions, makeLandscape, stepsToConverge } from '#engine';
import { formatLr } from '../../views/landscape/landscape-layout.ts';
import type { WidgetPredictExercise } from '../predict.ts';
import { LESSON_1_JUST_TOO_FAST, LESSON_1_RAW_LIMIT, LESSON_1_STANDARDIZED } from './preset.ts';

const count = (n: number) => n.toLocaleString('en-US');
/** The crawling rate, written as the widget's slider writes it. */
const rawRate = formatLr(LESSON_1_STANDARDIZED.lr);

/** The step the path diverged at, or one past its last step when it did not (the widget's path stops there either way). */
export function divergenceStep(options: LandscapeOptions): number {
  return descend(makeLandscape(options), options).divergedAt ?? options.steps + 1;
}

export const LESSON_1_PREDICT: readonly WidgetPredictExercise<LandscapeOptions>[] = [
  {
    id: 'standardize-same-lr',
    question: `Tick Standardize inputs but keep the learning rate at ${rawRate}, the rate at which the raw path crawls. How many steps will gradient descent need to reach the minimum?`,
    setup: LESSON_1_STANDARDIZED,
    measured: 'The number of steps descent needs to reach the minimum',
    measure: (o) => stepsToConverge(makeLandscape(o), o.lr, o.start),
    format: (steps) => `${count(steps)} steps`,
    cuts: [100, 5001],
    choices: ['Under 100 steps', 'From 100 to 5,000 steps', 'More than 5,000 steps'],
    expected: 2,
    explain: `Standardizing rounds the valley, but ${rawRate} is now a tiny step in every direction: the path goes straight and crawls, over 24,000 steps, about as many as on the raw features. What standardizing buys is the larger rate it makes safe: at 0.1 the minimum takes about 20 steps.`,
    claims: ['l1-same-lr', 'l1-fast-std'],
  },
  {
    id: 'just-too-fast',
    question: `Back to the raw features (feature 2 at 100×), where the largest stable learning rate 2/λmax is ${formatLr(LESSON_1_RAW_LIMIT)}. Set it 20 % higher, ${formatLr(LESSON_1_JUST_TOO_FAST.lr)}. Within the chart’s ${count(LESSON_1_JUST_TOO_FAST.steps)} steps, the path will…`,
    setup: LESSON_1_JUST_TOO_FAST,
    measured: 'The step at which the path diverged',
    measure: divergenceStep,
    format: (step) =>
      step > LESSON_1_JUST_TOO_FAST.steps
        ? `none (no divergence in ${count(LESSON_1_JUST_TOO_FAST.steps)} steps)`
        : `step ${count(step)}`,
    cuts: [50, LESSON_1_JUST_TOO_FAST.steps + 1],
    choices: [
      'Diverge within 50 steps',
      `Diverge between step 50 and step ${count(LESSON_1_JUST_TOO_FAST.steps)}`,
      'Not diverge: just bounce a little more',
    ],
    expected: 0,
    explain:
      'A little too large is not a little slower. Past 2/λmax every step across the valley overshoots by more than it corrects: the distance from the valley floor is multiplied by |1 − ηλmax| = 1.4 each step, so it grows geometrically, and after about 20 steps the loss is a million times where it started.',
    claims: ['l1-limit', 'l1-just-too-fast', 'l1-overshoot'],
  },
];
