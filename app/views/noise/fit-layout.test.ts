import { describe, expect, it } from 'vitest';
import type { FitResult } from '#engine';
import { accuracyGap, fitRows, lossGap } from './fit-layout.ts';

const fit: FitResult = {
  train: { loss: 0.15, accuracy: 0.9525 },
  test: { loss: 0.295, accuracy: 0.912 },
  weightNorm: 18.96,
  effectiveStep: 0.1874,
};

describe('fit table rows', () => {
  it('gap in points (train − test accuracy) and loss gap (test − train)', () => {
    expect(accuracyGap(fit)).toBeCloseTo(4.05, 10);
    expect(lossGap(fit)).toBeCloseTo(0.145, 10);
  });

  it('one column per run, metrics down; a run without a result or without BN says so', () => {
    const rows = fitRows([fit, null, { ...fit, effectiveStep: null }]);
    expect(rows.map((r) => r.label)).toEqual([
      'Train accuracy',
      'Test accuracy',
      'Gap (train − test)',
      'Loss gap (test − train)',
      'Weight norm ‖W‖',
      'Effective step η/‖w‖²',
    ]);
    expect(rows.map((r) => r.values[0])).toEqual(['95.3 %', '91.2 %', '4.0 points', '0.145', '19.0', '0.19']);
    expect(rows.every((r) => r.values[1] === '—')).toBe(true);
    expect(rows[5].values[2]).toBe('no BN');
  });
});
