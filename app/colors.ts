// Colour meanings, in one place. One colour per normalizer (its catalog row names a palette key,
// engine/norm/catalog.ts), used by every view; values are CSS custom properties (the palette in
// styles.css, light and dark themes) drawn from the Okabe–Ito palette, which stays
// distinguishable under common colour-vision deficiencies.

import { NORMS, type NormChoice, normInfo } from '#engine';

/** The palette's keys: each is a custom property `--c-<key>` in styles.css. */
export const PALETTE = ['blue', 'vermillion', 'green', 'pink', 'ochre', 'grey', 'purple'] as const;

/** The CSS value of a palette key: `var(--c-blue)`. */
export const paletteColor = (key: string): string => `var(--c-${key})`;

/** 'No norm' is drawn in grey; every normalizer in its catalog colour. */
export const NORM_COLOR = Object.fromEntries(
  NORMS.map((n) => [n, paletteColor(n === 'none' ? 'grey' : normInfo(n).color)]),
) as Record<NormChoice, string>;

/** For comparisons over a knob other than the normalizer: series colours by position. */
export const SERIES_COLORS = [
  'var(--c-s0)',
  'var(--c-s1)',
  'var(--c-s2)',
  'var(--c-s3)',
  'var(--c-s4)',
  'var(--c-s5)',
] as const;

/**
 * The diagnostics' layer lines (layer 1 → output), one list per theme: every pair differs by at
 * least LAYER_COLOR_MIN_DELTA_E (CIEDE2000), and each has 3:1 contrast against its theme's card
 * (white; #1c2028). Chosen by maximin search over CIE LCh colours; a network with more weight
 * layers than colours repeats them (the legend and the read-out still name each line).
 */
export const LAYER_COLORS = {
  light: ['#eb4348', '#6e3704', '#a67c06', '#4a942a', '#055235', '#2f919d', '#164b75', '#975ec6', '#821d49'],
  dark: ['#f35d3f', '#ea9819', '#e9e846', '#8c955e', '#0ce47b', '#57f9fe', '#249bdb', '#c5c1fb', '#e75ea5'],
} as const;

/** The smallest CIEDE2000 difference between two layer colours of one theme (tested). */
export const LAYER_COLOR_MIN_DELTA_E = 20;

/**
 * The diverging scale of signed maps (feature maps, unit pictures): Okabe–Ito blue below zero,
 * vermillion above, white at zero. RGB, for canvas pixels.
 */
export const DIVERGING_NEGATIVE_RGB: readonly [number, number, number] = [0, 114, 178];
export const DIVERGING_POSITIVE_RGB: readonly [number, number, number] = [213, 94, 0];

/** The diverging scale as a CSS gradient, left (negative) to right (positive), for legends. */
export const DIVERGING_GRADIENT = `linear-gradient(to right, rgb(${DIVERGING_NEGATIVE_RGB.join(' ')}), rgb(255 255 255), rgb(${DIVERGING_POSITIVE_RGB.join(' ')}))`;

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
    out[4 * p] = 255 + (end[0] - 255) * t;
    out[4 * p + 1] = 255 + (end[1] - 255) * t;
    out[4 * p + 2] = 255 + (end[2] - 255) * t;
    out[4 * p + 3] = 255;
  }
  return out;
}
