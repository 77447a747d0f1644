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
