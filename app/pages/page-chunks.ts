// The one home of which page lives in which chunk. Each page is its own chunk, and so is each
// lesson's content (lessons/lesson-chunks.ts), so the first load carries the shell and the page
// in the address only (KaTeX with a lesson's first formula, the Lab's views with the Lab or a
// lesson, a specialised view when one shows, the engine in its worker). main.tsx starts the
// address's page (and lesson) before the first render; after the first paint, at idle, the rest
// is fetched one chunk at a time, so following a link later waits for nothing.

import { LESSONS } from '../lessons/catalog.ts';
import { preloadLesson } from '../lessons/lesson-chunks.ts';
import type { Route } from '../route.ts';
import { codeTabs } from '../twin/code-tabs-chunk.ts';
import { lazyPage } from '../ui/lazy-page.tsx';
import { loadTex, prefetchTexCode } from '../ui/Tex.tsx';

export const Home = lazyPage(() => import('./Home.tsx'), 'Home');
export const LessonsIndex = lazyPage(() => import('./LessonsIndex.tsx'), 'LessonsIndex');
export const LessonPage = lazyPage(() => import('./LessonPage.tsx'), 'LessonPage');
export const Lab = lazyPage(() => import('./Lab.tsx'), 'Lab');

const CHUNKED = { home: Home, lessons: LessonsIndex, lesson: LessonPage, lab: Lab } as const;

/**
 * Starts loading what a route's first render needs (not-found is in the entry): its page's chunk
 * and, for a lesson, the lesson's content; resolves when they are in. A lesson's formulas start
 * loading KaTeX too, without holding the first render (until it is in they show their source).
 */
export function preloadRoute(route: Route): Promise<void> {
  if (route.page === 'not-found') return Promise.resolve();
  if (route.page !== 'lesson') return CHUNKED[route.page].preload();
  loadTex().catch(() => {
    // A formula that renders later tries again.
  });
  return Promise.all([LessonPage.preload(), preloadLesson(route.id)]).then(() => undefined);
}

/**
 * What is fetched at idle after the first paint, in order: the lesson page and every lesson's
 * content (the next lesson first when a lesson is open) before the course map, whose chunk imports
 * every lesson's content too (the minutes on its cards): once the course map is in, a lesson link
 * opens its lesson at once. Then the other pages, the Code panel's scripts and KaTeX's code (not its stylesheet,
 * which a page applies with its first formula: a new sheet re-lays out the whole page).
 */
export function prefetchOrder(route: Route): (() => Promise<unknown>)[] {
  const written = LESSONS.filter((l) => l.status === 'available').map((l) => l.id);
  const from = route.page === 'lesson' ? route.id : 0;
  const lessons = [...written.filter((id) => id > from), ...written.filter((id) => id <= from)];
  return [
    LessonPage.preload,
    // One step: thirteen small chunks, fetched in parallel (the next lesson's first).
    () => Promise.all(lessons.map((id) => preloadLesson(id))),
    LessonsIndex.preload,
    Lab.preload,
    Home.preload,
    // The specialised views' chunks (lab/views.tsx lazyView), which few screens show.
    () => import('../lab/views.tsx').then((views) => views.preloadViews()),
    codeTabs.load,
    prefetchTexCode,
  ];
}

/**
 * Fetches the chunks of `prefetchOrder`, one at a time, each when the main thread is idle (a
 * failure is left for the page itself to report if the reader opens it).
 */
export function prefetchPages(route: Route): void {
  const order = prefetchOrder(route);
  const idle = (run: () => void) =>
    'requestIdleCallback' in window
      ? window.requestIdleCallback(run, { timeout: 2000 })
      : setTimeout(run, 200);
  const next = (i: number) => {
    if (i >= order.length) return;
    idle(() => {
      order[i]().then(
        () => next(i + 1),
        () => next(i + 1),
      );
    });
  };
  next(0);
}
