// What the reader is looking at: the selected layer and unit for the activation, channel
// and inspector views, and chart options.

import type { StateCreator } from 'zustand';
import type { Store } from './index.ts';

export interface ViewSlice {
  /** The layer the reader picked, or null for the automatic choice. */
  selectedLayer: number | null;
  /** The layer the views actually watch in the first run (the pick, or the automatic choice). */
  observedLayer: number | null;
  setObservedLayer: (layer: number | null) => void;
  selectedUnit: number;
  logScale: boolean;
  selectLayer: (layer: number | null) => void;
  selectUnit: (unit: number) => void;
  setLogScale: (on: boolean) => void;
}

export const createViewSlice: StateCreator<Store, [], [], ViewSlice> = (set) => ({
  selectedLayer: null,
  observedLayer: null,
  setObservedLayer: (observedLayer) => set({ observedLayer }),
  selectedUnit: 0,
  logScale: true,
  selectLayer: (selectedLayer) => set({ selectedLayer }),
  selectUnit: (selectedUnit) => set({ selectedUnit }),
  setLogScale: (logScale) => set({ logScale }),
});
