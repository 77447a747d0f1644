// A lesson's link and saved progress. The link is `#/lessons/N?<experiment>&step=S`: the
// experiment part only when the reader changed the lesson's setup (so a plain lesson link stays
// short), `step` always. Progress (screen, answered, completed, predictions) is saved beside the Lab's last
// experiment, which a lesson never overwrites.

import type { Prediction } from '../persist.ts';
import { parseRoute } from '../route.ts';
import { store } from '../store/index.ts';
import { loadSaved, saveProgress } from '../store/saved-progress.ts';

let lastRead: string | null = null;

/** The query part of the current hash ('' when none), which the lesson now reads its link from. */
export function hashQuery(): string {
  const hash = window.location.hash;
  lastRead = hash;
  const q = hash.indexOf('?');
  return q < 0 ? '' : hash.slice(q + 1);
}

let lastWritten: string | null = null;

/** Whether the address bar shows lesson `id` (any screen, any query, any spelling such as `04`). */
export function isLessonHash(id: number): boolean {
  const route = parseRoute(window.location.hash);
  return route.page === 'lesson' && route.id === id;
}

/** The lesson's canonical hash for a screen and the experiment's query pairs ('' = the preset). */
export function lessonHash(id: number, step: number, experimentQuery: string): string {
  return `#/lessons/${id}?${experimentQuery ? `${experimentQuery}&` : ''}step=${step}`;
}

/** Rewrites the address bar (no history entry) to the lesson's canonical link. */
export function writeLessonUrl(id: number, step: number, experimentQuery: string): void {
  // Only while the address still shows this lesson (a click to another page has won).
  // Nor over a link that arrived after the lesson read its own (it loads afresh: LessonPage).
  if (!isLessonHash(id) || isNewLink()) return;
  const next = lessonHash(id, step, experimentQuery);
  lastWritten = next;
  if (window.location.hash !== next) window.history.replaceState(null, '', next);
}

/** Whether the current hash is one this page wrote (false: the reader typed or pasted a link). */
export function isOwnHash(): boolean {
  return window.location.hash === lastWritten;
}

/**
 * Whether the address shows a link the lesson has neither read nor written: one typed, pasted or
 * followed while the lesson was starting, before it listened for address changes (a reload
 * followed at once by another link).
 */
export function isNewLink(): boolean {
  const hash = window.location.hash;
  return lastRead !== null && hash !== lastRead && hash !== lastWritten;
}

/** Loads saved progress into the store (once per page, then on other tabs' saves; a corrupt save becomes a notice). */
export function loadLessonProgress(): void {
  loadSaved();
}

/** Saves lesson `id`'s progress, keeping everything else that is stored (other lessons, the Lab). */
function persistLesson(id: number): void {
  const progress = store.getState().lessons[id];
  if (progress) saveProgress({ lessons: { [id]: progress } });
}

/** Records the screen the reader is on. */
export function saveLessonStep(id: number, step: number): void {
  const current = store.getState().lessons[id];
  if (current?.step === step) return;
  store.getState().setLessonProgress(id, { step });
  persistLesson(id);
}

/** Records an answer to the lesson's question; a correct one completes the lesson. */
export function saveLessonAnswer(id: number, correct: boolean): void {
  const completed = correct || (store.getState().lessons[id]?.completed ?? false);
  store.getState().setLessonProgress(id, { answered: true, completed });
  persistLesson(id);
}

/** Records a predict-then-run exercise's committed guess and result (null: forgets them). */
export function saveLessonPrediction(id: number, exerciseId: string, prediction: Prediction | null): void {
  const { [exerciseId]: _, ...others } = store.getState().lessons[id]?.predictions ?? {};
  const predictions = prediction ? { ...others, [exerciseId]: prediction } : others;
  store.getState().setLessonProgress(id, { predictions });
  persistLesson(id);
}
