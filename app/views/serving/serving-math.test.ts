import { describe, expect, it } from 'vitest';
import type { ServeResult } from '#engine';
import {
  accuracyText,
  DIGIT_PIXELS,
  digitName,
  digitPixels,
  driftWarning,
  formatDrift,
  formatMates,
  mateRowText,
  mateSeed,
  mateSummary,
  pickBatchMates,
  servedImages,
  servingBatch,
} from './serving-math.ts';

function result(patch: Partial<ServeResult> = {}): ServeResult {
  return {
    mode: 'train',
    indices: Int32Array.from([0, 1, 2, 3]),
    batchSize: 1,
    predicted: Int32Array.from([7, 2, 1, 9]),
    labels: Int32Array.from([7, 2, 1, 0]),
    accuracy: 0.61,
    otherAccuracy: 0.97,
    otherError: null,
    runningStatsDrift: 0,
    error: null,
    ...patch,
  };
}

describe('pickBatchMates', () => {
  it('same seed, same sets; each set starts with the selected image and never repeats it', () => {
    const a = pickBatchMates(5, 8, 100, 4, mateSeed(5, 8, 0));
    const b = pickBatchMates(5, 8, 100, 4, mateSeed(5, 8, 0));
    expect(a).toEqual(b);
    expect(a).toHaveLength(4);
    for (const set of a) {
      expect(set).toHaveLength(8);
      expect(set[0]).toBe(5);
      expect(set.slice(1)).not.toContain(5);
      expect(new Set(set).size).toBe(8);
      for (const i of set) expect(i >= 0 && i < 100).toBe(true);
    }
  });

  it('another press (round) or another image gives other sets', () => {
    const first = pickBatchMates(5, 8, 100, 4, mateSeed(5, 8, 0));
    expect(pickBatchMates(5, 8, 100, 4, mateSeed(5, 8, 1))).not.toEqual(first);
    expect(mateSeed(6, 8, 0)).not.toBe(mateSeed(5, 8, 0));
  });

  it('batch size 1 has no batch-mates; a batch larger than the pool is capped', () => {
    expect(pickBatchMates(3, 1, 10, 2, 1)).toEqual([[3], [3]]);
    const capped = pickBatchMates(0, 64, 5, 1, 1)[0];
    expect(capped.slice().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects a selection outside the test set by name', () => {
    expect(() => pickBatchMates(10, 4, 10, 1, 1)).toThrow('selected image 10 is not a test image (0 … 9)');
  });
});

describe('result summaries', () => {
  it('marks each image correct or wrong and names it for screen readers', () => {
    const images = servedImages(result());
    expect(images.map((i) => i.correct)).toEqual([true, true, true, false]);
    expect(digitName(images[0])).toBe('Test digit 0, label 7, predicted 7 (correct)');
    expect(digitName(images[3])).toBe('Test digit 3, label 0, predicted 9 (wrong)');
  });

  it('a failed pass predicts nothing', () => {
    const images = servedImages(result({ error: 'boom', predicted: new Int32Array(4).fill(-1) }));
    expect(images.every((i) => i.predicted === -1 && !i.correct)).toBe(true);
    expect(digitName(images[0])).toBe('Test digit 0, label 7, not predicted (serving failed)');
  });

  it('accuracy text reads train mode, then eval mode, as the toggle does, whichever mode is served', () => {
    expect(accuracyText(result())).toBe('Train mode: 61\u00a0% · Eval mode: 97\u00a0%');
    expect(accuracyText(result({ mode: 'eval', accuracy: 0.97, otherAccuracy: 0.61 }))).toBe(
      'Train mode: 61\u00a0% · Eval mode: 97\u00a0%',
    );
    expect(accuracyText(result({ error: 'x', accuracy: 0 }))).toBe(
      'Train mode: fails (error below) · Eval mode: 97\u00a0%',
    );
    // Eval mode served, train mode impossible at this batch size: say so, not "0 %".
    expect(accuracyText(result({ mode: 'eval', accuracy: 0.94, otherAccuracy: 0, otherError: 'x' }))).toBe(
      'Train mode: fails at this batch size · Eval mode: 94\u00a0%',
    );
  });

  it('drift warning names the largest change', () => {
    expect(formatDrift(0.03137)).toBe('0.031');
    expect(formatDrift(0.00002)).toBe('2.0e-5');
    expect(driftWarning(0.031)).toBe(
      'Serving in train mode just changed the running statistics (largest change 0.031): the model itself is now different. Press Reset to rebuild it.',
    );
  });
});

describe('batch-mate rows', () => {
  it('lists mates compactly and marks predictions', () => {
    expect(formatMates([12, 40, 7])).toBe('12, 40, 7');
    expect(formatMates(Array.from({ length: 10 }, (_, i) => i))).toBe('0, 1, 2, 3, 4 and 5 more');
    expect(mateRowText({ mates: [12, 40, 7], train: 3, eval: 8 }, 8)).toBe(
      'with batch-mates 12, 40, 7: train mode predicts 3 ✗, eval mode 8 ✓',
    );
    expect(mateRowText({ mates: [1], train: null, eval: -1 }, 8)).toBe(
      'with batch-mates 1: train mode predicts …, eval mode error',
    );
  });

  it('summarises only when every row arrived', () => {
    expect(mateSummary([{ mates: [1], train: 3, eval: null }])).toBeNull();
    const changed = mateSummary([
      { mates: [1], train: 3, eval: 8 },
      { mates: [2], train: 8, eval: 8 },
    ]);
    expect(changed).toMatch(/^In train mode its prediction changed with its batch-mates \(2 different/);
    expect(changed).toMatch(/In eval mode it was the same every time/);
  });
});

describe('digitPixels', () => {
  it('slices one image and undoes standardization', () => {
    const x = new Float32Array(2 * DIGIT_PIXELS).map((_, i) => (i < DIGIT_PIXELS ? 0 : 1));
    expect(digitPixels(x, 1)?.[0]).toBe(1);
    expect(digitPixels(x, 2)).toBeNull();
    expect(digitPixels(x, 1, { mean: 0.5, std: 0.25 })?.[0]).toBeCloseTo(0.75);
  });
});

describe('servingBatch', () => {
  it('cuts the panel digits into consecutive batches, the last one short', () => {
    expect(servingBatch(5, 1, 2000)).toEqual([5]);
    expect(servingBatch(5, 4, 2000)).toEqual([4, 5, 6, 7]);
    expect(servingBatch(47, 10, 2000)).toEqual([40, 41, 42, 43, 44, 45, 46, 47]);
    expect(servingBatch(0, 64, 2000)).toHaveLength(48);
  });

  it('starts a batch at a digit past the panel, within the test images', () => {
    expect(servingBatch(100, 3, 2000)).toEqual([100, 101, 102]);
    expect(servingBatch(1999, 3, 2000)).toEqual([1999]);
  });
});
