// Lesson 1's course-map picture: the loss above its minimum, step by step, for the preset's
// descent on the raw features and for the same start on standardized features, each at 0.9× its
// own largest stable learning rate (the lesson's headline comparison), trained by the engine's
// gradient descent (the descent the lesson's widget draws).

import { descend, type LandscapeOptions, makeLandscape } from '#engine';
import { paletteColor } from '../../colors.ts';
import type { PictureMaker } from '../lesson-pictures.ts';
import type { PictureSeries } from '../picture.ts';

/** Each descent runs at this share of its own largest stable rate (the preset's is 0.9 × 1e-4). */
const SHARE_OF_STABLE = 0.9;

export const picture: PictureMaker = (lesson, preset) => {
  const options = preset as LandscapeOptions;
  const curve = (standardize: boolean, label: string, color: string): PictureSeries => {
    const landscape = makeLandscape({ ...options, standardize });
    const lr = standardize ? SHARE_OF_STABLE * landscape.maxStableLr : options.lr;
    const descent = descend(landscape, { ...options, lr });
    return {
      label,
      color,
      kind: 'line',
      xy: descent.points.flatMap((p, k) => [k, p.loss - landscape.minLoss]),
    };
  };
  const raw = curve(false, `features ${options.scale}× apart`, paletteColor('grey'));
  const standardized = curve(true, 'standardized', paletteColor('blue'));
  const ys = [...raw.xy, ...standardized.xy].filter((_, i) => i % 2 === 1).filter((v) => v > 0);
  return {
    lesson,
    description: `Loss above its minimum over ${options.steps} steps of gradient descent from the same start, each at 0.9× its own largest stable learning rate: features ${options.scale}× apart vs standardized.`,
    x: [0, options.steps],
    y: [Math.min(...ys), Math.max(...ys)],
    yLog: true,
    series: [raw, standardized],
  };
};
