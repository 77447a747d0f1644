// The one Zustand store, built from typed slices. Middleware, if any, goes here only.

import { useStore as useZustand } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { resolveLayerIndex } from '#engine';
import { type ConfigSlice, createConfigSlice } from './config-slice.ts';
import { createLessonSlice, type LessonSlice } from './lesson-slice.ts';
import { createRunSlice, type RunSlice, type RunView } from './run-slice.ts';
import { createServingSlice, type ServingSlice } from './serving-slice.ts';
import { createViewSlice, type ViewSlice } from './view-slice.ts';

export type Store = ConfigSlice & RunSlice & ViewSlice & LessonSlice & ServingSlice;

/** Creates a fresh store (one per app; tests make their own). */
export function makeStore() {
  return createStore<Store>()((...a) => ({
    ...createConfigSlice(...a),
    ...createRunSlice(...a),
    ...createViewSlice(...a),
    ...createLessonSlice(...a),
    ...createServingSlice(...a),
  }));
}

export type AppStore = ReturnType<typeof makeStore>;

export const store: AppStore = makeStore();

/** Selector hook over the app store. */
export function useStore<T>(selector: (s: Store) => T): T {
  return useZustand(store, selector);
}

/**
 * The layer index run `r` observes: the store's request resolved in r's own model (in a
 * comparison a normalizer shifts the indices). Before r's network is built or a layer chosen:
 * the reader's pick, else the first run's.
 */
export function runLayer(s: Store, r: RunView): number | null {
  if (r.layers.length > 0 && s.observeLayer !== null) return resolveLayerIndex(r.layers, s.observeLayer);
  return s.selectedLayer ?? observedLayer(s);
}

/** The layer index the first run observes (what the network diagram marks); null until chosen. */
export function observedLayer(s: Store): number | null {
  const first = s.runs[0];
  if (!first || first.layers.length === 0 || s.observeLayer === null) return null;
  return resolveLayerIndex(first.layers, s.observeLayer);
}
