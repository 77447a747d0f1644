// Lesson 12's fit table, pure: each run's train/test accuracy and loss, the gap between them, and
// the hidden weights' norm and effective step, as the rows the table shows (metrics down, runs across,
// so a comparison still fits a phone).

import type { FitResult } from '#engine';

export interface FitRow {
  label: string;
  values: string[];
}

export const formatAccuracy = (a: number): string => `${(100 * a).toFixed(1)} %`;
/** Train minus test accuracy, in percentage points. */
export const accuracyGap = (f: FitResult): number => 100 * (f.train.accuracy - f.test.accuracy);
/** Test minus train loss. */
export const lossGap = (f: FitResult): number => f.test.loss - f.train.loss;
export const formatGap = (f: FitResult): string => `${accuracyGap(f).toFixed(1)} points`;

export function fitRows(fits: readonly (FitResult | null)[]): FitRow[] {
  const cell = (g: (f: FitResult) => string) => fits.map((f) => (f ? g(f) : '—'));
  return [
    { label: 'Train accuracy', values: cell((f) => formatAccuracy(f.train.accuracy)) },
    { label: 'Test accuracy', values: cell((f) => formatAccuracy(f.test.accuracy)) },
    { label: 'Gap (train − test)', values: cell(formatGap) },
    { label: 'Loss gap (test − train)', values: cell((f) => lossGap(f).toFixed(3)) },
    { label: 'Weight norm ‖W‖', values: cell((f) => f.weightNorm.toFixed(1)) },
    {
      label: 'Effective step η/‖w‖²',
      values: cell((f) => (f.effectiveStep === null ? 'no BN' : f.effectiveStep.toFixed(2))),
    },
  ];
}
