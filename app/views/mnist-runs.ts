// The MNIST runs a digit panel (serving, domain shift) can show, and whether each has trained:
// one home for the list both panels pick a run from.

import { useMemo } from 'react';
import { keepsRunningStats } from '#engine';
import { useStore } from '../store/index.ts';

export interface MnistRun {
  id: string;
  label: string;
  color: string;
  trained: boolean;
  /**
   * Its normalizer keeps running statistics: the runs whose train and eval modes differ (serving)
   * and whose statistics AdaBN re-estimates (shift).
   */
  runningStats: boolean;
}

/**
 * The current MNIST runs, in the experiment's order. Keyed on which runs exist and whether each
 * has trained, not on their per-round numbers, so a panel does not re-render every round.
 */
export function useMnistRuns(): MnistRun[] {
  const key = useStore((s) =>
    JSON.stringify(
      s.runs
        .filter((r) => r.config.dataset === 'mnist')
        .map(
          (r): MnistRun => ({
            id: r.id,
            label: r.label,
            color: r.color,
            trained: r.step > 0,
            runningStats: keepsRunningStats(r.config.norm),
          }),
        ),
    ),
  );
  return useMemo(() => JSON.parse(key) as MnistRun[], [key]);
}
