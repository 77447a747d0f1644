// Keeps the URL, the saved state and the store in agreement for the Lab. Opening `#/lab?...`
// loads that experiment (bad keys fall back per key, with a notice); without a query the last
// saved Lab experiment is restored, and without one the Lab's starting experiment opens. Every config change rewrites the URL canonically and
// saves it (the Lab's experiment only: lesson progress is never written from here).
// Back/forward re-read the URL.

import { LAB_START_COMPARISON, LAB_START_CONFIG } from '#engine';
import { store } from '../store/index.ts';
import { loadSaved, saveProgress } from '../store/saved-progress.ts';
import {
  formatExperimentParams,
  type ParsedExperimentParams,
  parseExperimentParams,
} from '../url/experiment-codec.ts';
import { loadExperiment } from './actions.ts';

function hashQuery(): string {
  const hash = window.location.hash;
  const q = hash.indexOf('?');
  return q < 0 ? '' : hash.slice(q + 1);
}

function currentQuery(): string {
  const { config, comparison, sweep } = store.getState();
  return formatExperimentParams({ config, comparison, sweep });
}

/** Saves the current Lab experiment, keeping saved lesson progress as stored. */
export function persist(): void {
  saveProgress({ lab: { query: currentQuery() } });
}

/** Reads the experiment from the URL (or the saved state) into the store and applies it. */
export function readLabUrl(): void {
  const fromUrl = hashQuery();
  const saved = loadSaved();
  const query = fromUrl || saved.labQuery || '';
  // No link and nothing saved: the Lab's starting experiment (a link's missing keys mean DEFAULT_CONFIG's).
  if (query === '')
    openLabExperiment({
      config: LAB_START_CONFIG,
      comparison: LAB_START_COMPARISON,
      sweep: null,
      issues: [],
    });
  else openLabExperiment(parseExperimentParams(query));
}

/**
 * Loads a parsed experiment into the Lab (a link, the saved state or an imported file): its
 * repair notices, sweep, config and comparison; then the URL and the saved state follow.
 */
export function openLabExperiment(parsed: Omit<ParsedExperimentParams, 'lessonStep'>): void {
  if (parsed.issues.length) store.getState().addNotices(parsed.issues);
  store.getState().setSweep(parsed.sweep);
  loadExperiment(parsed.config, parsed.comparison);
  writeLabUrl(true);
  persist();
}

/** Rewrites the URL to the canonical form of the store's experiment. */
export function writeLabUrl(replace = true): void {
  const next = `#/lab?${currentQuery()}`;
  if (window.location.hash === next) return;
  if (replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
}

/** Starts syncing while the Lab is open; returns the stop function. */
export function startLabSync(): () => void {
  readLabUrl();
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.config === prev.config && s.comparison === prev.comparison && s.sweep === prev.sweep) return;
    writeLabUrl(true);
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(persist, 300);
  });
  const onHash = () => {
    if (!window.location.hash.startsWith('#/lab')) return;
    if (hashQuery() !== currentQuery()) readLabUrl();
  };
  window.addEventListener('hashchange', onHash);
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHash);
    if (saveTimer) {
      clearTimeout(saveTimer);
      persist();
    }
  };
}
