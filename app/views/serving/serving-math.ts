// Pure helpers of the serving view (lesson 7, "the eval() bug, live"): seeded batch-mate
// selection, per-image summaries of a ServeResult, and the sentences the view shows. No React,
// no DOM, so they are unit-tested in node.

import { Rng, type ServeResult, type ServingMode } from '#engine';

/** The served images: test images 0 … SERVE_COUNT - 1. */
export const SERVE_COUNT = 48;
/** How many random sets of batch-mates the selected image is served with. */
export const MATE_SETS = 4;
export const MAX_SERVE_BATCH = 64;
/** Base seed of the batch-mate draws; the same clicks give the same sets. */
export const MATE_SEED = 0x5e7e;

export const MODE_LABEL: Record<ServingMode, string> = { train: 'Train mode', eval: 'Eval mode' };
/** The modes in the order the toggle offers them and the summary reads them, whichever is selected. */
export const SERVING_MODES: readonly ServingMode[] = ['train', 'eval'];

export const PYTORCH_EXPLANATION =
  'This is the error PyTorch raises: in train mode BatchNorm normalizes with the batch’s own ' +
  'statistics, and a batch of one image has one value per channel in a dense layer, so BatchNorm ' +
  'cannot compute a variance from it. Switch to eval mode, or serve larger batches.';

/**
 * The test images served together with test image `digit` (itself among them): the panel serves
 * images 0 … SERVE_COUNT − 1 in consecutive batches of `batchSize`, as the engine's `serve` cuts
 * them; a digit past those starts its own batch. `total`: test images available.
 */
export function servingBatch(digit: number, batchSize: number, total: number): number[] {
  const size = Math.max(1, Math.floor(batchSize));
  const inPanel = digit < SERVE_COUNT;
  const start = inPanel ? Math.floor(digit / size) * size : digit;
  const end = Math.min(start + size, inPanel ? SERVE_COUNT : total, total);
  return Array.from({ length: Math.max(1, end - start) }, (_, k) => start + k);
}

/** One served image: its test index, true label, prediction (-1 when serving failed). */
export interface ServedImage {
  index: number;
  label: number;
  predicted: number;
  correct: boolean;
}

export function servedImages(result: ServeResult): ServedImage[] {
  return Array.from(result.indices, (index, k) => {
    const predicted = result.error ? -1 : result.predicted[k];
    const label = result.labels[k];
    return { index, label, predicted, correct: predicted === label };
  });
}

/** The digit button's accessible name: "Test digit 5, label 3, predicted 3 (correct)". */
export function digitName(image: ServedImage): string {
  const head = `Test digit ${image.index}, label ${image.label}`;
  if (image.predicted < 0) return `${head}, not predicted (serving failed)`;
  return `${head}, predicted ${image.predicted} (${image.correct ? 'correct' : 'wrong'})`;
}

export function mark(correct: boolean): string {
  return correct ? '✓' : '✗';
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}\u00a0%`;
}

/**
 * "Train mode: 61 % · Eval mode: 97 %", always in the toggle's order (SERVING_MODES), so the two
 * read the same way in either mode; a mode that cannot serve at this batch size (BN in a dense
 * layer, train mode, batch 1) reads "fails", never "0 %".
 */
export function accuracyText(result: ServeResult): string {
  const text = (mode: ServingMode): string => {
    if (mode === result.mode) return result.error ? 'fails (error below)' : formatPercent(result.accuracy);
    return result.otherError ? 'fails at this batch size' : formatPercent(result.otherAccuracy);
  };
  return SERVING_MODES.map((mode) => `${MODE_LABEL[mode]}: ${text(mode)}`).join(' · ');
}

/** The setting a result was served with, shown beside its accuracies: "batch size 8". */
export function servedSettings(result: ServeResult): string {
  return `batch size ${result.batchSize}`;
}

export function formatDrift(drift: number): string {
  if (drift === 0) return '0';
  if (Math.abs(drift) < 1e-3) return drift.toExponential(1);
  return String(Number(drift.toPrecision(2)));
}

export function driftWarning(drift: number): string {
  return (
    `Serving in train mode just changed the running statistics (largest change ${formatDrift(drift)}): ` +
    'the model itself is now different. Press Reset to rebuild it.'
  );
}

/** Mixes the selection, batch size and press number into one 32-bit seed. */
export function mateSeed(selected: number, batchSize: number, round: number): number {
  let h = MATE_SEED >>> 0;
  for (const v of [selected, batchSize, round]) {
    h = Math.imul(h ^ (v >>> 0), 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
  }
  return h;
}

/**
 * `sets` random sets of `batchSize - 1` distinct batch-mates for test image `selected`, drawn
 * from test images 0 … total - 1 without `selected`; seeded, so the same arguments give the same
 * sets. Each set is returned as the serve command's `indices`: `[selected, ...mates]`.
 */
export function pickBatchMates(
  selected: number,
  batchSize: number,
  total: number,
  sets: number,
  seed: number,
): number[][] {
  if (!Number.isInteger(selected) || selected < 0 || selected >= total)
    throw new Error(`selected image ${selected} is not a test image (0 … ${total - 1})`);
  const mates = Math.max(0, Math.min(batchSize - 1, total - 1));
  const rng = new Rng(seed);
  const out: number[][] = [];
  for (let s = 0; s < sets; s++) {
    const chosen = new Set<number>([selected]);
    const indices = [selected];
    while (indices.length < mates + 1) {
      const i = rng.int(total);
      if (chosen.has(i)) continue;
      chosen.add(i);
      indices.push(i);
    }
    out.push(indices);
  }
  return out;
}

/** "12, 40, 7" or, for long lists, "12, 40, 7, 3, 9 and 58 more". */
export function formatMates(mates: readonly number[], shown = 5): string {
  if (mates.length <= shown + 1) return mates.join(', ');
  return `${mates.slice(0, shown).join(', ')} and ${mates.length - shown} more`;
}

/** One batch-mate set's outcome for the selected image. */
export interface MateRow {
  mates: number[];
  /** Prediction in train mode with these batch-mates (null while pending, -1 on error). */
  train: number | null;
  /** Prediction in eval mode with the same batch (null while pending). */
  eval: number | null;
}

/** "with batch-mates 12, 40, 7: train mode predicts 3 ✗, eval mode 8 ✓". */
export function mateRowText(row: MateRow, label: number): string {
  const part = (p: number | null) => (p === null ? '…' : p < 0 ? 'error' : `${p} ${mark(p === label)}`);
  return `with batch-mates ${formatMates(row.mates)}: train mode predicts ${part(row.train)}, eval mode ${part(row.eval)}`;
}

/** The sentence under the batch-mate rows, once all have arrived. */
export function mateSummary(rows: readonly MateRow[]): string | null {
  if (rows.length === 0 || rows.some((r) => r.train === null || r.eval === null)) return null;
  const train = new Set(rows.map((r) => r.train));
  const evals = new Set(rows.map((r) => r.eval));
  const trainPart =
    train.size > 1
      ? `In train mode its prediction changed with its batch-mates (${train.size} different answers).`
      : 'In train mode its prediction happened to stay the same with these batch-mates; try again or a smaller batch.';
  const evalPart =
    evals.size === 1
      ? 'In eval mode it was the same every time: it uses the running statistics, not the batch.'
      : 'In eval mode it changed too, which should not happen.';
  return `${trainPart} ${evalPart}`;
}

/** Pixels per digit (28 × 28). */
export const DIGIT_PIXELS = 28 * 28;

/**
 * Test image `index` of a row-major pixel array as values in [0, 1] for drawing; undoes
 * standardization ((p - mean) / std) when `stats` is given. Null when out of range.
 */
export function digitPixels(
  x: Float32Array,
  index: number,
  stats: { mean: number; std: number } | null = null,
): Float32Array | null {
  const start = index * DIGIT_PIXELS;
  if (!Number.isInteger(index) || index < 0 || start + DIGIT_PIXELS > x.length) return null;
  const view = x.subarray(start, start + DIGIT_PIXELS);
  if (!stats) return view;
  return Float32Array.from(view, (v) => v * stats.std + stats.mean);
}
