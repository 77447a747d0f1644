// Store hooks shared by the BN views: which runs watch the observed layer (and what kind of layer
// it is; which of them a view shows is ui/use-picked-run.ts's rule), and a snapshot of live data
// refreshed at most every `intervalMs` (for numbers people read) that a "freeze" toggle can stop.

import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { runLayer, useStore } from '../../store/index.ts';
import { subscribeLive } from '../../ui/live.ts';
import { layerText } from '../layer-names.ts';

/** What a view needs to know about one run at the observed layer. */
export interface ObservedRun {
  id: string;
  label: string;
  color: string;
  /**
   * The layer this run observes: in a comparison the runtime resolves one request per model
   * (the first activation sits at another index when a normalizer precedes it).
   */
  layer: number | null;
  /** That layer as a reader counts layers ("Layer 2", "Output"; views/layer-names.ts), null until built. */
  layerName: string | null;
  /** Kind of the observed layer ('batchnorm', 'dense', …), null until the network is built. */
  kind: string | null;
  /** Channels (features) of the observed layer and values per channel per sample (H × W, 1 dense). */
  channels: number;
  spatial: number;
  batchSize: number;
  bnMomentum: number;
  groups: number;
  norm: string;
}

export interface Observed {
  unit: number;
  runs: ObservedRun[];
}

/**
 * The tracked unit and every run's view of the layer it observes (`runLayer`). Re-renders only
 * when one of these changes (not per training round): the selector returns a string.
 */
export function useObserved(): Observed {
  const key = useStore((s) =>
    JSON.stringify({
      unit: s.selectedUnit,
      runs: s.runs.map((r): ObservedRun => {
        const own = runLayer(s, r);
        const info = own === null ? undefined : r.layers[own];
        const shape = info?.shape ?? [];
        return {
          id: r.id,
          layer: own,
          layerName: own === null ? null : layerText(r.layers, own),
          label: r.label,
          color: r.color,
          kind: info?.kind ?? null,
          channels: shape[0] ?? 0,
          spatial: shape.length === 3 ? shape[1] * shape[2] : 1,
          batchSize: r.config.batchSize,
          bnMomentum: r.config.bnMomentum,
          groups: r.config.groups,
          norm: r.config.norm,
        };
      }),
    }),
  );
  return useMemo(() => JSON.parse(key) as Observed, [key]);
}

/**
 * A snapshot of `read()` refreshed when the store's tick changes, at most once per
 * `intervalMs`; frozen while `paused`. A new `resetKey` (another run, layer or unit) re-reads
 * at once, even when paused, because the old numbers no longer belong to what is shown.
 * With `onScreen`, ticks are skipped while that element is off screen and caught up when it
 * scrolls into view (an unseen view costs the page nothing): see `subscribeLive`.
 */
export function useThrottledSnapshot<T>(
  read: () => T,
  intervalMs: number,
  paused: boolean,
  resetKey: string,
  onScreen?: RefObject<Element | null>,
): T {
  const readRef = useRef(read);
  readRef.current = read;
  const [snapshot, setSnapshot] = useState<{ key: string; value: T }>(() => ({
    key: resetKey,
    value: read(),
  }));
  useEffect(() => {
    setSnapshot({ key: resetKey, value: readRef.current() });
  }, [resetKey]);
  useEffect(() => {
    if (paused) return;
    const refresh = () => setSnapshot((s) => ({ key: s.key, value: readRef.current() }));
    refresh();
    return subscribeLive(onScreen?.current ?? null, () => flushSync(refresh), intervalMs, performance.now());
  }, [intervalMs, paused, onScreen]);
  return snapshot.key === resetKey ? snapshot.value : read();
}
