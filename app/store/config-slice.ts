// The experiment definition: the single source of truth, mirrored in the URL. Setters here
// are pure; app/runtime/controller.ts reacts to changes (reconfigure or live update).

import type { StateCreator } from 'zustand';
import { type Comparison, DEFAULT_CONFIG, type ExperimentConfig, type Sweep } from '#engine';
import type { Store } from './index.ts';

export interface ConfigSlice {
  config: ExperimentConfig;
  comparison: Comparison | null;
  sweep: Sweep | null;
  /** Problems found in a link or saved state, shown in a dismissible notice. */
  notices: string[];
  setConfig: (config: ExperimentConfig) => void;
  setComparison: (comparison: Comparison | null) => void;
  setSweep: (sweep: Sweep | null) => void;
  addNotices: (notices: string[]) => void;
  dismissNotices: () => void;
}

export const createConfigSlice: StateCreator<Store, [], [], ConfigSlice> = (set) => ({
  config: DEFAULT_CONFIG,
  comparison: null,
  sweep: null,
  notices: [],
  setConfig: (config) => set({ config }),
  setComparison: (comparison) => set({ comparison }),
  setSweep: (sweep) => set({ sweep }),
  // The same sentence twice says nothing new (a link re-read, a render run twice in development).
  addNotices: (notices) => set((s) => ({ notices: [...new Set([...s.notices, ...notices])].slice(-8) })),
  dismissNotices: () => set({ notices: [] }),
});
