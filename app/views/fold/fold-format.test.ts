import { describe, expect, it } from 'vitest';
import { FOLDED } from './fixtures.ts';
import { evalLine, foldRows, formatTiny, leftNote, NOT_FINITE, trainLine } from './fold-format.ts';

describe('fold view text', () => {
  it.each([
    [0, '0'],
    [1.9073486328125e-6, '1.9 × 10⁻⁶'],
    [2.5e-3, '2.5 × 10⁻³'],
    [1.3407, '1.34'],
    [12.5, '12.50'],
  ])('formatTiny(%s) = %s', (x, text) => {
    expect(formatTiny(x)).toBe(text);
  });

  it('the before/after table of the lesson-7 CNN: layers, BN layers, multiplies with the saving, accuracy', () => {
    expect(foldRows(FOLDED)).toEqual([
      { label: 'Layers', before: '10', after: '8' },
      { label: 'BatchNorm layers', before: '2', after: '0' },
      { label: 'Multiplies per image', before: '299,488', after: '290,080', note: '−9,408 (3.1\u00a0%)' },
      { label: 'Accuracy on 500 test images', before: '93.2\u00a0%', after: '93.2\u00a0%' },
    ]);
    expect(evalLine(FOLDED)).toBe(
      'Largest logit difference, folded vs unfolded in eval mode: 1.9 × 10⁻⁶ · 0.0\u00a0% of answers change',
    );
    expect(trainLine(FOLDED)).toBe(
      'Folded vs the unfolded model in train mode (batches of 32): largest logit difference 1.34 · 1.4\u00a0% of answers differ · train-mode accuracy 92.4\u00a0%',
    );
    expect(leftNote(FOLDED)).toBeNull();
  });

  it('says why a normalizer stays: GroupNorm and LayerNorm compute statistics per input; BN after the activation; no BN', () => {
    const gn = {
      ...FOLDED,
      batchNormsBefore: 0,
      layersAfter: 10,
      multipliesAfter: 299_488,
      normalizersLeft: ['groupnorm', 'groupnorm'],
    };
    expect(leftNote(gn)).toMatch(/^GroupNorm stays: it computes its statistics from each input at inference/);
    expect(foldRows(gn)[2].note).toBe('no change');
    const after = { ...FOLDED, batchNormsAfter: 2, normalizersLeft: ['batchnorm', 'batchnorm'] };
    expect(leftNote(after)).toMatch(/^A BatchNorm that does not directly follow a dense or conv layer/);
    expect(leftNote({ ...FOLDED, batchNormsBefore: 0 })).toBe(
      'This model has no BatchNorm: there is nothing to fold.',
    );
  });

  it('a diverged run (non-finite logits): one sentence with a way back instead of NaN', () => {
    const diverged = { ...FOLDED, maxDifference: Number.NaN, trainModeDifference: Number.NaN };
    expect(evalLine(diverged)).toBe(NOT_FINITE);
    expect(trainLine(diverged)).toBeNull();
  });
});
