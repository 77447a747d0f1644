// The page's colour theme: the reader's choice (System, Light or Dark, saved with the progress in
// persist.ts) resolved against the system's `prefers-color-scheme`, and set as `data-theme` on
// <html>, which styles.css keys its dark tokens on. main.tsx starts it before React renders and the
// entry script is render-blocking (vite.config.ts), so the first frame already has the right
// background without an inline script. Canvas charts resolve colours once, so they repaint
// through `subscribeTheme` (ui/live.ts does it for every live chart).

import { useSyncExternalStore } from 'react';
import {
  browserStorage,
  loadSavedState,
  SAVED_STATE_KEY,
  THEME_CHOICES,
  type ThemeChoice,
  updateSavedState,
} from './persist.ts';

export { THEME_CHOICES, type ThemeChoice };
export type Theme = 'light' | 'dark';

/** What the page shows for a choice: 'system' follows the system's preference. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  if (choice === 'system') return systemDark ? 'dark' : 'light';
  return choice;
}

let choice: ThemeChoice = 'system';
let theme: Theme = 'light';
let started = false;
let systemScheme: MediaQueryList | null = null;
const listeners = new Set<() => void>();

/** Sets `data-theme` for the current choice; tells the listeners if the choice or theme changed. */
function apply(next: ThemeChoice): void {
  const resolved = resolveTheme(next, systemScheme?.matches ?? false);
  document.documentElement.dataset.theme = resolved;
  if (next === choice && resolved === theme) return;
  choice = next;
  theme = resolved;
  for (const listener of listeners) listener();
}

function storedChoice(): ThemeChoice {
  return loadSavedState(browserStorage()).state.theme ?? 'system';
}

/**
 * Applies the saved choice and follows the system's preference and other tabs' choices from now
 * on. Call once, before the first render; later calls do nothing.
 */
export function startTheme(): void {
  if (started) return;
  started = true;
  systemScheme = window.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
  systemScheme?.addEventListener('change', () => apply(choice));
  window.addEventListener('storage', (event) => {
    if (event.key === SAVED_STATE_KEY) apply(storedChoice());
  });
  apply(storedChoice());
}

/** The toggle: applies `next` at once and saves it (merged into the saved progress). */
export function setThemeChoice(next: ThemeChoice): void {
  if (!started) startTheme();
  apply(next);
  updateSavedState(browserStorage(), { theme: next });
}

export const themeChoice = (): ThemeChoice => choice;
export const currentTheme = (): Theme => theme;

/** Calls `listener` after the choice or the shown theme changes. Returns the unsubscribe. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The theme the page shows now, re-rendering on a change (for canvases drawn in effects). */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribeTheme, currentTheme, currentTheme);
}

/** The reader's choice, re-rendering on a change (for the toggle). */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribeTheme, themeChoice, themeChoice);
}
