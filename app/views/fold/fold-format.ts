// The fold view's words and numbers (lesson 13), pure: a FoldResult as the rows of a before/after
// table and the sentences under it. Tested in node; FoldView only lays them out.

import { type FoldResult, normInfo } from '#engine';

/** Test images the panel folds and compares on (the first ones of the test split). */
export const FOLD_IMAGES = 500;
/** Train-mode batch size of the comparison that shows what a fold does not reproduce. */
export const FOLD_TRAIN_BATCH = 32;

const count = (n: number) => n.toLocaleString('en-US');
/** A percentage; the no-break space keeps the sign with its number on a narrow screen. */
const percent = (x: number) => `${(100 * x).toFixed(1)}\u00a0%`;

/** A small positive number in scientific notation with one decimal ("1.9 × 10⁻⁶"), 0 as "0". */
export function formatTiny(x: number): string {
  if (x === 0) return '0';
  if (x >= 0.01) return x.toFixed(2);
  const [mantissa, exponent] = x.toExponential(1).split('e');
  const superscript = exponent
    .replace('+', '')
    .replace(/[-0-9]/g, (d) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(d)]);
  return `${mantissa} × 10${superscript}`;
}

export interface FoldRow {
  label: string;
  before: string;
  after: string;
  /** A second line under `after` (the saving). */
  note?: string;
}

export function foldRows(r: FoldResult): FoldRow[] {
  const saved = r.multipliesBefore - r.multipliesAfter;
  const savedText =
    saved > 0 ? `−${count(saved)} (${((100 * saved) / r.multipliesBefore).toFixed(1)}\u00a0%)` : 'no change';
  return [
    { label: 'Layers', before: count(r.layersBefore), after: count(r.layersAfter) },
    { label: 'BatchNorm layers', before: count(r.batchNormsBefore), after: count(r.batchNormsAfter) },
    {
      label: 'Multiplies per image',
      before: count(r.multipliesBefore),
      after: count(r.multipliesAfter),
      note: savedText,
    },
    {
      label: `Accuracy on ${count(r.images)} test images`,
      before: percent(r.accuracy),
      after: percent(r.foldedAccuracy),
    },
  ];
}

/** Said instead of the comparisons when the model's outputs are not finite (a diverged run). */
export const NOT_FINITE =
  'The model’s outputs are not finite numbers (the run diverged): press Reset and train again before folding.';

/** The fold's promise: eval-mode logits before and after agree up to float32 rounding. */
export function evalLine(r: FoldResult): string {
  if (!Number.isFinite(r.maxDifference)) return NOT_FINITE;
  return `Largest logit difference, folded vs unfolded in eval mode: ${formatTiny(r.maxDifference)} · ${percent(r.changedFromEval)} of answers change`;
}

/** What folding does not reproduce: the same model in train mode (batch statistics). */
export function trainLine(r: FoldResult): string | null {
  if (!Number.isFinite(r.maxDifference) || !Number.isFinite(r.trainModeDifference)) return null;
  return `Folded vs the unfolded model in train mode (batches of ${r.batchSize}): largest logit difference ${formatTiny(r.trainModeDifference)} · ${percent(r.changedFromTrainMode)} of answers differ · train-mode accuracy ${percent(r.trainModeAccuracy)}`;
}

/** Why nothing (or not everything) folded, or null when every normalizer folded away. */
export function leftNote(r: FoldResult): string | null {
  const perInput = [...new Set(r.normalizersLeft.filter((k) => !normInfo(k).runningStats))];
  if (perInput.length > 0) {
    const names = perInput.map((k) => normInfo(k).label).join(', ');
    return `${names} stays: it computes its statistics from each input at inference, so there is no fixed scale and shift to fold.`;
  }
  if (r.batchNormsAfter > 0)
    return 'A BatchNorm that does not directly follow a dense or conv layer (here: after the activation) stays as it is: this fold only merges a layer with the BatchNorm right after it.';
  if (r.batchNormsBefore === 0) return 'This model has no BatchNorm: there is nothing to fold.';
  return null;
}
