// Saved progress bound to the store. Lesson progress is read once per page, whatever page comes
// first, and again whenever another tab writes it (the `storage` event). Each writer saves only
// what it owns, merged into what is stored at that moment (persist.ts `updateSavedState`): the Lab
// its experiment, a lesson its own entry. A failed save becomes one notice per page.

import {
  browserStorage,
  loadSavedState,
  SAVED_STATE_KEY,
  type SavedChange,
  updateSavedState,
} from '../persist.ts';
import { store } from './index.ts';

let loaded = false;
const reported = new Set<string>();

/** Loads saved lesson progress into the store once per page; returns the saved Lab experiment. */
export function loadSaved(): { labQuery: string | null } {
  const { state, issues } = loadSavedState(browserStorage());
  if (!loaded) {
    loaded = true;
    store.getState().loadLessons(state.lessons);
    report(issues);
    if (typeof window !== 'undefined') window.addEventListener('storage', onOtherTab);
  }
  return { labQuery: state.lab?.query ?? null };
}

/** Saves one writer's change, keeping everything else that is stored. */
export function saveProgress(change: SavedChange): void {
  const result = updateSavedState(browserStorage(), change);
  if (!result.ok) report([result.issue]);
}

/** Another tab saved (or cleared storage): take its lesson progress, which includes ours. */
function onOtherTab(event: StorageEvent): void {
  if (event.key !== SAVED_STATE_KEY && event.key !== null) return;
  store.getState().loadLessons(loadSavedState(browserStorage()).state.lessons);
}

function report(issues: string[]): void {
  const fresh = issues.filter((issue) => !reported.has(issue));
  for (const issue of fresh) reported.add(issue);
  if (fresh.length) store.getState().addNotices(fresh);
}
