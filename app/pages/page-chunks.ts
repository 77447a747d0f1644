// The one home of which page lives in which chunk. Each page is its own chunk, so the first load
// carries the shell and the page in the address only (KaTeX and the lessons load with a lesson,
// the Lab's views with the Lab, the engine in its worker). main.tsx starts the address's page
// before the first render; after the first paint, at idle, the other pages are fetched one at a
// time, so following a link later waits for nothing.

import type { Route } from '../route.ts';
import { lazyPage } from '../ui/lazy-page.tsx';

export const Home = lazyPage(() => import('./Home.tsx'), 'Home');
export const LessonsIndex = lazyPage(() => import('./LessonsIndex.tsx'), 'LessonsIndex');
export const LessonPage = lazyPage(() => import('./LessonPage.tsx'), 'LessonPage');
export const Lab = lazyPage(() => import('./Lab.tsx'), 'Lab');

const CHUNKED = { home: Home, lessons: LessonsIndex, lesson: LessonPage, lab: Lab } as const;

/** Starts loading the chunk of a route's page (not-found is in the entry); resolves when it is in. */
export function preloadRoute(route: Route): Promise<void> {
  return route.page === 'not-found' ? Promise.resolve() : CHUNKED[route.page].preload();
}

/** Every chunked page, in the order they are fetched at idle: the ones a reader most likely opens next first. */
export const PREFETCH_ORDER = [LessonPage, LessonsIndex, Lab, Home];

/**
 * Fetches every page's chunk, one at a time, each when the main thread is idle (a failure is left
 * for the page itself to report if the reader opens it).
 */
export function prefetchPages(): void {
  const idle = (run: () => void) =>
    'requestIdleCallback' in window
      ? window.requestIdleCallback(run, { timeout: 2000 })
      : setTimeout(run, 200);
  const next = (i: number) => {
    if (i >= PREFETCH_ORDER.length) return;
    idle(() => {
      PREFETCH_ORDER[i].preload().then(
        () => next(i + 1),
        () => next(i + 1),
      );
    });
  };
  next(0);
}
