// The one Zustand store, built from typed slices. Middleware, if any, goes here only.

import { useStore as useZustand } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { type ConfigSlice, createConfigSlice } from './config-slice.ts';
import { createLessonSlice, type LessonSlice } from './lesson-slice.ts';
import { createRunSlice, type RunSlice, type RunView } from './run-slice.ts';
import { createViewSlice, type ViewSlice } from './view-slice.ts';

export type Store = ConfigSlice & RunSlice & ViewSlice & LessonSlice;

/** Creates a fresh store (one per app; tests make their own). */
export function makeStore() {
  return createStore<Store>()((...a) => ({
    ...createConfigSlice(...a),
    ...createRunSlice(...a),
    ...createViewSlice(...a),
    ...createLessonSlice(...a),
  }));
}

export type AppStore = ReturnType<typeof makeStore>;

export const store: AppStore = makeStore();

/** Selector hook over the app store. */
export function useStore<T>(selector: (s: Store) => T): T {
  return useZustand(store, selector);
}

/**
 * The layer run `r`'s views show: the one its network resolved the runtime's request to (in a
 * comparison a normalizer shifts the indices), else the reader's pick, else the default.
 */
export function runLayer(s: Store, r: RunView): number | null {
  return r.observedLayer ?? s.selectedLayer ?? s.observedLayer;
}
