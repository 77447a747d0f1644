// Which run a per-run view shows in a comparison: the one rule behind every run picker
// (ui/RunPicker.tsx). The reader's pick is kept by run id, so it survives re-renders and runs
// being added or removed; when the picked run is gone the view falls back to its default.

import { useState } from 'react';

/**
 * The run a view shows out of `runs` (those it can show, in the experiment's order): the
 * reader's pick while it is still among them, else the first run `prefers` accepts (a BN view
 * in none vs BatchNorm starts on the BN run rather than on an empty view), else the first.
 */
export function pickedRun<R extends { id: string }>(
  runs: readonly R[],
  picked: string | null,
  prefers?: (run: R) => boolean,
): R | null {
  return runs.find((r) => r.id === picked) ?? (prefers ? runs.find(prefers) : undefined) ?? runs[0] ?? null;
}

/** `pickedRun` with the reader's pick held by the view; `pick` is the RunPicker's onChange. */
export function usePickedRun<R extends { id: string }>(
  runs: readonly R[],
  prefers?: (run: R) => boolean,
): { run: R | null; pick: (id: string) => void } {
  const [picked, setPicked] = useState<string | null>(null);
  return { run: pickedRun(runs, picked, prefers), pick: setPicked };
}
