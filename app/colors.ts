// Colour meanings, in one place: which token colour stands for what. The values themselves are
// design tokens (app/tokens.ts: the Okabe–Ito palette per theme, the layer lines, the diverging
// scale), here named by meaning. One colour per normalizer (its catalog row names a palette key,
// engine/norm/catalog.ts), used by every view.

import { NORMS, type NormChoice, normInfo } from '#engine';
import {
  cssVar,
  DIVERGING_NEGATIVE_RGB,
  DIVERGING_POSITIVE_RGB,
  DIVERGING_ZERO_RGB,
  PALETTE,
  SERIES_ORDER,
} from './tokens.ts';

export {
  DIVERGING_NEGATIVE_RGB,
  DIVERGING_POSITIVE_RGB,
  LAYER_COLOR_MIN_DELTA_E,
  LAYER_COLORS,
} from './tokens.ts';
export { PALETTE };

/** The CSS value of a palette key: `var(--c-blue)`. */
export const paletteColor = (key: string): string => cssVar(`c-${key}`);

/** 'No norm' is drawn in grey; every normalizer in its catalog colour. */
export const NORM_COLOR = Object.fromEntries(
  NORMS.map((n) => [n, paletteColor(n === 'none' ? 'grey' : normInfo(n).color)]),
) as Record<NormChoice, string>;

/** For comparisons over a knob other than the normalizer: series colours by position. */
export const SERIES_COLORS: readonly string[] = SERIES_ORDER.map((_, i) => cssVar(`c-s${i}`));

/** The diverging scale as a CSS gradient, left (negative) to right (positive), for legends. */
export const DIVERGING_GRADIENT = `linear-gradient(to right, rgb(${DIVERGING_NEGATIVE_RGB.join(' ')}), rgb(${DIVERGING_ZERO_RGB.join(' ')}), rgb(${DIVERGING_POSITIVE_RGB.join(' ')}))`;

/**
 * RGBA pixels of values[start … start + count - 1] on the diverging scale ±`scale`: 0 is white,
 * −scale (and below) full blue, +scale (and above) full vermillion.
 */
export function divergingPixels(
  values: ArrayLike<number>,
  start: number,
  count: number,
  scale: number,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(4 * count));
  for (let p = 0; p < count; p++) {
    const v = values[start + p] / scale;
    const t = Math.min(1, Math.abs(v));
    const end = v < 0 ? DIVERGING_NEGATIVE_RGB : DIVERGING_POSITIVE_RGB;
    for (let k = 0; k < 3; k++) out[4 * p + k] = DIVERGING_ZERO_RGB[k] + (end[k] - DIVERGING_ZERO_RGB[k]) * t;
    out[4 * p + 3] = 255;
  }
  return out;
}
