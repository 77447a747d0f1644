// Lesson 11's domain shifts: the one list of shifted-digit variants the shift panel offers and the
// lesson's claims measure (engine/data/shift.ts runs them; pixels in [0, 1] before the shift).
// Darker and washed out are exact affine maps of every pixel (no clamping at these settings).

import type { ShiftMeasurement, ShiftSpec } from '#engine';

export type ShiftId = 'washed' | 'dark' | 'noise' | 'invert' | 'translate';

export interface ShiftRow {
  id: ShiftId;
  label: string;
  /** What the shift does to a pixel p, in words and symbols. */
  formula: string;
  spec: ShiftSpec;
}

export const SHIFTS: readonly ShiftRow[] = [
  {
    id: 'washed',
    label: 'Washed out',
    formula: 'p → 0.5 p + 0.5 (grey background, faint digit)',
    spec: { type: 'brightnessContrast', brightness: 0.25, contrast: 0.5 },
  },
  {
    id: 'dark',
    label: 'Darker',
    formula: 'p → 0.3 p (ink at 30 %)',
    spec: { type: 'brightnessContrast', brightness: -0.35, contrast: 0.3 },
  },
  {
    id: 'noise',
    label: 'Noisy',
    formula: 'p → clip(p + 0.4 z), z ~ N(0, 1) per pixel',
    spec: { type: 'noise', std: 0.4, seed: 5 },
  },
  { id: 'invert', label: 'Inverted', formula: 'p → 1 − p (black digit on white)', spec: { type: 'invert' } },
  {
    id: 'translate',
    label: 'Moved 3 px',
    formula: 'every digit 3 pixels right and 3 down',
    spec: { type: 'translate', dx: 3, dy: 3 },
  },
];

export function shiftRow(id: ShiftId): ShiftRow {
  const row = SHIFTS.find((s) => s.id === id);
  if (!row) throw new Error(`unknown shift "${id}"`);
  return row;
}

/** AdaBN averages over batches of this many unlabeled target digits (the lesson's training batch). */
export const ADAPT_BATCH = 32;
/** The target-batches slider: 1 … ADAPT_MAX_BATCHES batches; the panel opens at ADAPT_DEFAULT_BATCHES. */
export const ADAPT_MAX_BATCHES = 32;
export const ADAPT_DEFAULT_BATCHES = 8;

/**
 * Share of the accuracy the shift cost that AdaBN wins back: (adapted − shifted) / (clean − shifted);
 * null when the shift cost (almost) nothing, where a share means nothing.
 */
export function recoveredShare(
  m: Pick<ShiftMeasurement, 'cleanAccuracy' | 'shiftedAccuracy' | 'adaptedAccuracy'>,
): number | null {
  const lost = m.cleanAccuracy - m.shiftedAccuracy;
  if (lost < 0.01) return null;
  return (m.adaptedAccuracy - m.shiftedAccuracy) / lost;
}

/** A fraction as a whole percentage ("92 %"), the panel's resolution. */
export function percent(x: number): string {
  return `${(100 * x).toFixed(0)} %`;
}

/** The panel's one-line verdict on a measurement. */
export function shiftSummary(m: ShiftMeasurement): string {
  if (!m.adaptable)
    return 'This model keeps no running statistics (GroupNorm): there is nothing for AdaBN to re-estimate.';
  const lost = m.cleanAccuracy - m.shiftedAccuracy;
  const share = recoveredShare(m);
  if (share === null) return 'This shift costs this model (almost) nothing.';
  const points = `${(100 * lost).toFixed(0)} points`;
  if (share <= 0.02) return `The shift costs ${points}; AdaBN wins back none of it.`;
  return `The shift costs ${points}; AdaBN wins back ${percent(Math.min(share, 1))} of them, with no label and no gradient step.`;
}
