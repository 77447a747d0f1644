// Lesson 12's course-map picture: the lesson's BatchNorm MLP, trained to its checkpoint (the
// picture's steps), asked the spread panel's own `spread` request: how far one test digit's logits
// move over random batch-mates, at each batch size, against the 1/√B a mean of B samples would give.

import { SPREAD_BATCH_SIZES, SPREAD_DRAWS } from '#engine';
import { paletteColor } from '../../colors.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';
import { type PictureMaker, trainedSession } from '../lesson-pictures.ts';
import { askSession } from '../node-session.ts';

/** The followed digit and the batch-mates' seed: the panel's first digit and seed. */
const IMAGE = 0;
const SEED = 1;

export const picture: PictureMaker = (lesson, preset) => {
  const { session, ids, steps } = trainedSession(preset as LessonExperiment);
  const reply = askSession(session, {
    type: 'spread',
    runId: ids[0],
    image: IMAGE,
    batchSizes: [...SPREAD_BATCH_SIZES],
    draws: SPREAD_DRAWS,
    seed: SEED,
  });
  if (reply.type !== 'spread' || !reply.result.batchStatistics)
    throw new Error('lesson 12 picture: no batch-mate spread');
  const { batchSizes, spread } = reply.result;
  const x = batchSizes.map((b) => Math.log2(b));
  // The 1/√B line through the first point.
  const reference = batchSizes.flatMap((b, i) => [x[i], spread[0] * Math.sqrt(batchSizes[0] / b)]);
  const ys = [...spread, ...reference.filter((_, i) => i % 2 === 1)];
  return {
    lesson,
    description: `After ${steps} training steps, one test digit's logits spread over ${SPREAD_DRAWS} random sets of batch-mates by ${batchSizes.map((b, i) => `${spread[i].toFixed(2)} at batch ${b}`).join(', ')}: less noise as the batch grows, close to 1/√B.`,
    x: [x[0] - 0.3, x[x.length - 1] + 0.3],
    y: [Math.min(...ys) * 0.8, Math.max(...ys) * 1.15],
    yLog: true,
    series: [
      { label: '1/√B', color: paletteColor('grey'), kind: 'guide', xy: reference },
      {
        label: 'logit spread',
        color: paletteColor('blue'),
        kind: 'line',
        xy: batchSizes.flatMap((_, i) => [x[i], spread[i]]),
      },
    ],
  };
};
