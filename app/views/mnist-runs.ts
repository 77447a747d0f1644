// The MNIST runs a digit panel (serving, domain shift, the noise panels' spread and fit) can show,
// and whether each has trained: one home for the list every such panel picks a run from.

import { useMemo } from 'react';
import { keepsRunningStats } from '#engine';
import { useStore } from '../store/index.ts';

export interface MnistRun {
  id: string;
  label: string;
  color: string;
  trained: boolean;
  /** Measured by itself when training pauses: the MLP (a few hundred ms); the CNN waits for a button. */
  auto: boolean;
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
            auto: r.config.model === 'mlp',
            runningStats: keepsRunningStats(r.config.norm),
          }),
        ),
    ),
  );
  return useMemo(() => JSON.parse(key) as MnistRun[], [key]);
}
