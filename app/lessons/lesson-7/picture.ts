// Lesson 7's course-map picture: the lesson's CNN, trained as its preset says (the picture's
// steps), serves the first test digits in eval mode and in train mode at serving batch sizes 1 to
// 32, through the serving panel's own `serve` request. Eval mode is one flat line; train mode's
// accuracy depends on how many digits share the batch.

import { paletteColor } from '../../colors.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';
import { type PictureMaker, trainedSession } from '../lesson-pictures.ts';
import { askSession } from '../node-session.ts';

/** Test digits served per batch size (the panel's first page is 64; more steadies the numbers). */
export const PICTURE_SERVED = 512;
/** Serving batch sizes, left to right (the x axis is log2 of the size). */
export const PICTURE_BATCH_SIZES = [1, 2, 4, 8, 16, 32] as const;

const percent = (v: number) => `${(v * 100).toFixed(1)} %`;

export const picture: PictureMaker = (lesson, preset) => {
  const { session, ids, steps } = trainedSession(preset as LessonExperiment);
  const served = PICTURE_BATCH_SIZES.map((batchSize) => {
    const reply = askSession(session, {
      type: 'serve',
      runId: ids[0],
      mode: 'eval',
      batchSize,
      offset: 0,
      count: PICTURE_SERVED,
    });
    if (reply.type !== 'served' || reply.result.error || reply.result.otherError)
      throw new Error(`lesson 7 picture: serving at batch ${batchSize} failed`);
    return { batchSize, eval: reply.result.accuracy, train: reply.result.otherAccuracy };
  });
  const evalAccuracy = served[0].eval;
  const all = served.flatMap((s) => [s.eval, s.train]);
  const low = Math.max(0, Math.min(...all) - 0.05);
  const high = Math.min(1, Math.max(...all) + 0.02);
  const x = served.map((s) => Math.log2(s.batchSize));
  return {
    lesson,
    description: `After ${steps} training steps, ${PICTURE_SERVED} test digits served in eval mode score ${percent(evalAccuracy)} whatever the batch; in train mode, at serving batch sizes ${PICTURE_BATCH_SIZES.join(', ')}: ${served.map((s) => percent(s.train)).join(', ')}.`,
    x: [x[0] - 0.25, x[x.length - 1] + 0.25],
    y: [low, high],
    yLog: false,
    series: [
      {
        label: 'eval mode',
        color: paletteColor('blue'),
        kind: 'line',
        xy: served.flatMap((s, i) => [x[i], s.eval]),
      },
      {
        label: 'train mode, by serving batch size',
        color: paletteColor('vermillion'),
        kind: 'line',
        xy: served.flatMap((s, i) => [x[i], s.train]),
      },
    ],
  };
};
