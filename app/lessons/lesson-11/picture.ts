// Lesson 11's course-map picture: the lesson's MLP, trained to its checkpoint (the picture's
// steps), measured by the shift panel's own `shifted` request on every shift of the panel: its
// accuracy on the shifted test digits, then after AdaBN on unlabeled shifted digits, beside its
// accuracy on clean ones. AdaBN wins back an affine shift, not an inversion or a move.

import { paletteColor } from '../../colors.ts';
import { ADAPT_BATCH, ADAPT_DEFAULT_BATCHES, SHIFTS } from '../../views/shift/shifts.ts';
import type { LessonExperiment } from '../lesson-experiment.ts';
import { type PictureMaker, trainedSession } from '../lesson-pictures.ts';
import { askSession } from '../node-session.ts';

const percent = (v: number) => `${Math.round(v * 100)} %`;

export const picture: PictureMaker = (lesson, preset) => {
  const { session, ids, steps } = trainedSession(preset as LessonExperiment);
  const rows = SHIFTS.map((shift) => {
    const reply = askSession(session, {
      type: 'shifted',
      runId: ids[0],
      shift: shift.spec,
      adaptBatches: ADAPT_DEFAULT_BATCHES,
      batchSize: ADAPT_BATCH,
    });
    if (reply.type !== 'shifted') throw new Error(`lesson 11 picture: no measurement for ${shift.label}`);
    return { label: shift.label, ...reply.result };
  });
  const clean = rows[0].cleanAccuracy;
  const last = rows.length - 1;
  return {
    lesson,
    description: `After ${steps} training steps, clean test digits score ${percent(clean)}; shifted, then after AdaBN on ${ADAPT_DEFAULT_BATCHES} batches of unlabeled shifted digits: ${rows.map((r) => `${r.label.toLowerCase()} ${percent(r.shiftedAccuracy)} → ${percent(r.adaptedAccuracy)}`).join(', ')}.`,
    x: [-0.4, last + 0.4],
    y: [0, 1],
    yLog: false,
    series: [
      {
        label: 'clean digits',
        color: paletteColor('grey'),
        kind: 'line',
        xy: [-0.4, clean, last + 0.4, clean],
      },
      {
        label: 'shifted',
        color: paletteColor('vermillion'),
        kind: 'dots',
        xy: rows.flatMap((r, i) => [i, r.shiftedAccuracy]),
      },
      {
        label: 'after AdaBN',
        color: paletteColor('blue'),
        kind: 'dots',
        xy: rows.flatMap((r, i) => [i, r.adaptedAccuracy]),
      },
    ],
  };
};
