// What is being served (lesson 7's eval() panel) and which digit the reader follows: the serving
// panel's mode and batch size and the picked digit, kept once here because two views read them
// (the serving panel serves with them; the feature-map view shows what flows through the CNN for
// that digit, in that mode, in that digit's serving batch).

import type { StateCreator } from 'zustand';
import type { ServingMode } from '#engine';
import type { Store } from './index.ts';

export interface ServingSlice {
  servingMode: ServingMode;
  /** Test digits are served in batches of this size. */
  servingBatchSize: number;
  /** The test-image index of the digit the reader picked, or null (the views then follow the first served digit). */
  servedDigit: number | null;
  setServingMode: (mode: ServingMode) => void;
  setServingBatchSize: (batchSize: number) => void;
  selectDigit: (digit: number | null) => void;
}

export const createServingSlice: StateCreator<Store, [], [], ServingSlice> = (set) => ({
  servingMode: 'eval',
  servingBatchSize: 1,
  servedDigit: null,
  setServingMode: (servingMode) => set({ servingMode }),
  setServingBatchSize: (servingBatchSize) => set({ servingBatchSize }),
  selectDigit: (servedDigit) => set({ servedDigit }),
});
