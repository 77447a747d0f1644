// Lesson 3's course-map picture: the preset's mini-batch before and after one training-mode
// forward of the engine's BatchNorm (the numbers the lesson's table shows), one row per feature.

import { NORM_COLOR, paletteColor } from '../../colors.ts';
import { makeBatch, runBatchStep } from '../../views/bn-step/batch-step.ts';
import type { PictureMaker } from '../lesson-pictures.ts';
import type { Lesson3Example } from './preset.ts';

export const picture: PictureMaker = (lesson, preset) => {
  const { example, seed } = preset as Lesson3Example;
  const step = runBatchStep(makeBatch(example, seed));
  const { shape } = step.batch;
  const C = shape.c;
  const perChannel = step.batch.x.length / C;
  // Rows top to bottom: each feature's input values, then the same features' outputs.
  const rows = (values: Float64Array, first: number): number[] =>
    Array.from(values).flatMap((v, i) => [v, first - (Math.floor(i / (perChannel / shape.n)) % C)]);
  const all = [...step.batch.x, ...step.y];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const pad = (high - low) * 0.04;
  return {
    lesson,
    description: `The lesson's mini-batch of ${shape.n} samples × ${C} features: the input values (grey, top rows) and BatchNorm's output (bottom rows), one row per feature.`,
    x: [low - pad, high + pad],
    y: [-0.8, 2 * C - 0.2],
    yLog: false,
    series: [
      { label: 'batch input', color: paletteColor('grey'), kind: 'dots', xy: rows(step.batch.x, 2 * C - 1) },
      { label: 'BatchNorm output', color: NORM_COLOR.batchnorm, kind: 'dots', xy: rows(step.y, C - 1) },
    ],
  };
};
