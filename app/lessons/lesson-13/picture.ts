// Lesson 13's course-map picture: its precision figure, the running mean of a BatchNorm updated
// toward a batch mean of 100 with every operation rounded to float16 and to float32 (precision.ts,
// the engine's float16 rounding): float32 all but closes the gap, float16 stalls well short of the target. The
// same numbers as the lesson's chart, from the same preset (LESSON_13_PRECISION).

import { paletteColor } from '../../colors.ts';
import type { PictureMaker } from '../lesson-pictures.ts';
import { PICTURE_POINTS } from '../picture.ts';
import { runningMeanTrace } from './precision.ts';
import { LESSON_13_PRECISION as P } from './preset.ts';

/** The gap's floor on the log axis (float32's gap falls below it; the lesson's chart uses the same). */
const GAP_FLOOR = 1e-4;

export const picture: PictureMaker = (lesson) => {
  const every = Math.max(1, Math.floor(P.stallUpdates / PICTURE_POINTS));
  const gaps = (format: 'float16' | 'float32') => {
    const { values } = runningMeanTrace(P.stallTarget, P.stallMomentum, P.stallUpdates, format);
    return values.flatMap((v, k) =>
      k % every === 0 || k === values.length - 1 ? [k, Math.max(GAP_FLOOR, P.stallTarget - v)] : [],
    );
  };
  const half = runningMeanTrace(P.stallTarget, P.stallMomentum, P.stallUpdates, 'float16');
  const single = runningMeanTrace(P.stallTarget, P.stallMomentum, P.stallUpdates, 'float32');
  const stalled = half.values[half.values.length - 1];
  const singleGap = P.stallTarget - single.values[single.values.length - 1];
  return {
    lesson,
    description: `A BatchNorm running mean over ${P.stallUpdates} update steps toward a batch mean of ${P.stallTarget} (momentum ${P.stallMomentum}), every operation rounded: in float32 it ends ${singleGap.toPrecision(2)} short of it; in float16 it stalls at ${stalled}${half.stalledAt === null ? '' : ` after ${half.stalledAt} updates`}.`,
    x: [0, P.stallUpdates],
    y: [GAP_FLOOR, P.stallTarget],
    yLog: true,
    series: [
      { label: 'float32', color: paletteColor('blue'), kind: 'line', xy: gaps('float32') },
      { label: 'float16', color: paletteColor('vermillion'), kind: 'line', xy: gaps('float16') },
    ],
  };
};
