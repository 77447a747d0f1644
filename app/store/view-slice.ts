// What the reader is looking at: the layer the views watch (the one home of the observed
// layer: each run's index is derived from it by `runLayer`), the reader's and a lesson's pick of
// it, the tracked unit, and chart options (log scale, the unit pictures shown).

import type { StateCreator } from 'zustand';
import type { ObserveRequest } from '#engine';
import type { Store } from './index.ts';

/**
 * Where a lesson wants the views to look, until the reader picks a layer, and whether the tracked
 * unit's percentiles are over a fixed probe set (kept whichever layer the reader picks).
 */
export type PreferredObserve = Pick<ObserveRequest, 'layer' | 'unit' | 'probe'>;

export interface ViewSlice {
  /** The layer the reader picked, or null for the automatic choice. */
  selectedLayer: number | null;
  /**
   * The layer every run observes, as the runtime asks the engine for it: an index, or the k-th
   * activation of each run's own model (in a comparison a normalizer shifts the indices); null
   * until the runtime has chosen one.
   */
  observeLayer: ObserveRequest['layer'] | null;
  setObserveLayer: (layer: ObserveRequest['layer'] | null) => void;
  /** A lesson's choice of layer and unit (used until the reader picks a layer); null in the Lab. */
  preferredObserve: PreferredObserve | null;
  setPreferredObserve: (preferred: PreferredObserve | null) => void;
  selectedUnit: number;
  logScale: boolean;
  /**
   * Whether the network diagram shows its unit pictures (its toggle; kept while the page lives, so
   * a reader who hid them finds them hidden when back in the Lab).
   */
  unitPictures: boolean;
  setUnitPictures: (on: boolean) => void;
  selectLayer: (layer: number | null) => void;
  selectUnit: (unit: number) => void;
  setLogScale: (on: boolean) => void;
}

export const createViewSlice: StateCreator<Store, [], [], ViewSlice> = (set) => ({
  selectedLayer: null,
  observeLayer: null,
  setObserveLayer: (observeLayer) => set({ observeLayer }),
  preferredObserve: null,
  setPreferredObserve: (preferredObserve) => set({ preferredObserve }),
  selectedUnit: 0,
  logScale: true,
  unitPictures: true,
  setUnitPictures: (unitPictures) => set({ unitPictures }),
  selectLayer: (selectedLayer) => set({ selectedLayer }),
  selectUnit: (selectedUnit) => set({ selectedUnit }),
  setLogScale: (logScale) => set({ logScale }),
});
