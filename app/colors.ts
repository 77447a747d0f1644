// Colour meanings, in one place. One colour per normalizer, used by every view; values are
// CSS custom properties (defined in styles.css for light and dark themes) drawn from the
// Okabe–Ito palette, which stays distinguishable under common colour-vision deficiencies.

import type { NormChoice } from '#engine';

export const NORM_COLOR: Record<NormChoice, string> = {
  none: 'var(--c-none)',
  batchnorm: 'var(--c-batchnorm)',
  layernorm: 'var(--c-layernorm)',
  groupnorm: 'var(--c-groupnorm)',
  instancenorm: 'var(--c-instancenorm)',
  rmsnorm: 'var(--c-rmsnorm)',
};

/** For comparisons over a knob other than the normalizer: series colours by position. */
export const SERIES_COLORS = [
  'var(--c-s0)',
  'var(--c-s1)',
  'var(--c-s2)',
  'var(--c-s3)',
  'var(--c-s4)',
  'var(--c-s5)',
] as const;

export const NORM_LABEL: Record<NormChoice, string> = {
  none: 'No norm',
  batchnorm: 'BatchNorm',
  layernorm: 'LayerNorm',
  groupnorm: 'GroupNorm',
  instancenorm: 'InstanceNorm',
  rmsnorm: 'RMSNorm',
};
