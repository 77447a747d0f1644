// Lesson progress: which lessons were completed and where the reader stopped. Persisted
// (app/persist.ts) so it survives a reload.

import type { StateCreator } from 'zustand';
import type { LessonProgress } from '../persist.ts';
import type { Store } from './index.ts';

export interface LessonSlice {
  lessons: Record<number, LessonProgress>;
  setLessonProgress: (id: number, patch: Partial<LessonProgress>) => void;
  loadLessons: (lessons: Record<number, LessonProgress>) => void;
}

export const createLessonSlice: StateCreator<Store, [], [], LessonSlice> = (set) => ({
  lessons: {},
  setLessonProgress: (id, patch) =>
    set((s) => ({
      lessons: { ...s.lessons, [id]: { ...(s.lessons[id] ?? { completed: false, step: 1 }), ...patch } },
    })),
  loadLessons: (lessons) => set({ lessons }),
});
