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
