// Saved progress in localStorage: each lesson's completion and screen, and the Lab's last
// experiment, kept as its canonical query so the URL codec validates it again on load.
// Reading is total and writing never throws: storage may be missing, full, throwing
// (Safari private mode) or hold anything at all. Storage is injected so node tests pass a fake.
// Writers change only what they own (`updateSavedState`): the Lab its experiment, a lesson its
// own entry, the theme toggle the reader's theme choice, each merged into what is stored at that
// moment, so other tabs' saves survive.

import { LESSON_STEP_LIMITS, MAX_QUERY_CHARS } from './url/link-limits.ts';

export const SAVED_STATE_KEY = 'normlab:saved-state';
export const SAVED_STATE_VERSION = 1;
/** Larger stored values are not parsed (a real one is a few kB at most). */
export const MAX_SAVED_CHARS = 64 * 1024;
/** Lesson ids, as in the `#/lessons/N` route. */
export const LESSON_ID_LIMITS = { min: 1, max: 999 } as const;
const MAX_LESSON_ENTRIES = 200;
/** The reader's theme choice: follow the system's `prefers-color-scheme`, or one theme always. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export const RESET_ISSUE = 'Saved progress could not be read and was reset';
export const PARTLY_RESET_ISSUE = 'Part of the saved progress could not be read and was reset';
export const NEWER_VERSION_ISSUE =
  'Your saved progress comes from a newer version of NormLab: it is kept untouched, and this version starts from the defaults without saving';

export interface LessonProgress {
  completed: boolean;
  /** The screen the reader was on (1-based, as the `step=` link parameter). */
  step: number;
  /** Whether the check-your-understanding question was answered. */
  answered?: boolean;
  /** Predict-then-run exercises (app/lessons/predict.ts) by exercise id: the committed guess, and the result once measured. */
  predictions?: Record<string, Prediction>;
}

/** A committed guess (a choice's index) and, once the run reached its checkpoint, the value it measured. */
export interface Prediction {
  guess: number;
  measured?: number;
}

const PREDICTION_ID = /^[a-z0-9-]{1,40}$/;
const MAX_PREDICTIONS = 20;
const MAX_CHOICES = 10;

export interface SavedState {
  version: typeof SAVED_STATE_VERSION;
  /** The Lab's experiment as formatExperimentParams() wrote it; parse it with the codec. */
  lab: { query: string } | null;
  lessons: Record<number, LessonProgress>;
  /** The theme toggle's choice (app/theme.ts); absent means 'system'. */
  theme?: ThemeChoice;
}

/** The slices of the DOM `Storage` this module uses (`localStorage` satisfies both). */
export type StorageReader = { getItem(key: string): string | null };
export type StorageWriter = { setItem(key: string, value: string): void };

export type SaveResult = { ok: true } | { ok: false; issue: string };

export function emptySavedState(): SavedState {
  return { version: SAVED_STATE_VERSION, lab: null, lessons: {} };
}

/** `localStorage`, or null where reading the property itself throws or it does not exist. */
export function browserStorage(): (StorageReader & StorageWriter) | null {
  try {
    return (globalThis as { localStorage?: StorageReader & StorageWriter }).localStorage ?? null;
  } catch {
    return null;
  }
}

/** What one writer changes: the Lab's experiment, some lessons' entries (by id), the theme. */
export interface SavedChange {
  lab?: SavedState['lab'];
  lessons?: Record<number, LessonProgress>;
  theme?: ThemeChoice;
}

/**
 * Reads the saved state. Nothing saved (or no storage) gives the empty state and no issues;
 * anything unreadable gives the empty state, or keeps the readable parts, and one issue. A save
 * written by a newer version is not read (its fields may mean something else) and is flagged
 * `newer`, so that no write of this version replaces it.
 */
export function loadSavedState(storage: StorageReader | null): {
  state: SavedState;
  issues: string[];
  newer?: true;
} {
  let text: string | null;
  try {
    text = storage?.getItem(SAVED_STATE_KEY) ?? null;
  } catch {
    return reset();
  }
  if (text === null) return { state: emptySavedState(), issues: [] };
  if (typeof text !== 'string' || text.length > MAX_SAVED_CHARS) return reset();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return reset();
  }
  if (isRecord(data) && Number.isInteger(data.version) && (data.version as number) > SAVED_STATE_VERSION)
    return { state: emptySavedState(), issues: [NEWER_VERSION_ISSUE], newer: true };
  if (!isRecord(data) || data.version !== SAVED_STATE_VERSION) return reset();

  let damaged = false;
  let lab: SavedState['lab'] = null;
  if (isRecord(data.lab) && typeof data.lab.query === 'string' && data.lab.query.length <= MAX_QUERY_CHARS) {
    lab = { query: data.lab.query };
  } else if (data.lab !== null) {
    damaged = true;
  }
  const lessons: Record<number, LessonProgress> = {};
  if (isRecord(data.lessons)) {
    const entries = Object.entries(data.lessons);
    if (entries.length > MAX_LESSON_ENTRIES) damaged = true;
    for (const [key, value] of entries.slice(0, MAX_LESSON_ENTRIES)) {
      const id = readLessonId(key);
      const progress = readLessonProgress(value);
      if (id === null || progress === null) damaged = true;
      else lessons[id] = progress;
    }
  } else {
    damaged = true;
  }
  let theme: ThemeChoice | undefined;
  if (THEME_CHOICES.includes(data.theme as ThemeChoice)) theme = data.theme as ThemeChoice;
  else if (data.theme !== undefined) damaged = true;
  return {
    state: { version: SAVED_STATE_VERSION, lab, lessons, ...(theme && { theme }) },
    issues: damaged ? [PARTLY_RESET_ISSUE] : [],
  };
}

/** Writes the state. Never throws: a missing, full or throwing storage comes back as an issue. */
export function saveState(storage: StorageWriter | null, state: SavedState): SaveResult {
  if (storage === null) return { ok: false, issue: 'Progress cannot be saved in this browser' };
  try {
    const { lab, lessons, theme } = state;
    storage.setItem(SAVED_STATE_KEY, JSON.stringify({ version: SAVED_STATE_VERSION, lab, lessons, theme }));
    return { ok: true };
  } catch {
    return { ok: false, issue: 'Progress could not be saved (browser storage is unavailable or full)' };
  }
}

/**
 * Merges one writer's change into what is stored now and writes it: `lab` replaces the Lab's
 * experiment, each lesson in `lessons` replaces that lesson's entry, `theme` the theme choice, everything else stays as
 * stored (another tab may have written it). A newer version's save is never overwritten.
 */
export function updateSavedState(
  storage: (StorageReader & StorageWriter) | null,
  change: SavedChange,
): SaveResult {
  const { state, newer } = loadSavedState(storage);
  if (newer) return { ok: false, issue: NEWER_VERSION_ISSUE };
  return saveState(storage, {
    version: SAVED_STATE_VERSION,
    lab: change.lab === undefined ? state.lab : change.lab,
    lessons: { ...state.lessons, ...change.lessons },
    theme: change.theme ?? state.theme,
  });
}

function reset(): { state: SavedState; issues: string[] } {
  return { state: emptySavedState(), issues: [RESET_ISSUE] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readLessonId(key: string): number | null {
  if (!/^[1-9]\d{0,2}$/.test(key)) return null;
  const id = Number(key);
  return id >= LESSON_ID_LIMITS.min && id <= LESSON_ID_LIMITS.max ? id : null;
}

function readLessonProgress(value: unknown): LessonProgress | null {
  if (!isRecord(value) || typeof value.completed !== 'boolean') return null;
  const { step, answered } = value;
  if (typeof step !== 'number' || !Number.isInteger(step)) return null;
  if (step < LESSON_STEP_LIMITS.min || step > LESSON_STEP_LIMITS.max) return null;
  if (answered !== undefined && typeof answered !== 'boolean') return null;
  const progress: LessonProgress = { completed: value.completed, step };
  if (answered !== undefined) progress.answered = answered;
  if (value.predictions !== undefined) {
    const predictions = readPredictions(value.predictions);
    if (predictions === null) return null;
    progress.predictions = predictions;
  }
  return progress;
}

function readPredictions(value: unknown): Record<string, Prediction> | null {
  if (!isRecord(value)) return null;
  const entries = Object.entries(value);
  if (entries.length > MAX_PREDICTIONS) return null;
  const predictions: Record<string, Prediction> = {};
  for (const [id, p] of entries) {
    if (!PREDICTION_ID.test(id) || !isRecord(p)) return null;
    const { guess, measured } = p;
    if (typeof guess !== 'number' || !Number.isInteger(guess) || guess < 0 || guess >= MAX_CHOICES)
      return null;
    if (measured !== undefined && (typeof measured !== 'number' || !Number.isFinite(measured))) return null;
    predictions[id] = measured === undefined ? { guess } : { guess, measured };
  }
  return predictions;
}
