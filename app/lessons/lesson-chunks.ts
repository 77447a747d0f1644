// Each written lesson's content is a chunk of its own, loaded with its page: opening
// `#/lessons/4` fetches lesson 4's text and widgets, not the other lessons'. main.tsx starts the
// address's lesson before the first render (pages/page-chunks.ts), and the other lessons are
// fetched at idle after the first paint, so following a lesson link waits for nothing.
// content.ts holds every lesson at once, for what needs them all (tests, the build, the course map).

import { type LazyChunk, lazyChunk } from '../ui/lazy-page.tsx';
import type { LessonContent } from './lesson-types.ts';

const LOADERS = import.meta.glob<LessonContent>('./lesson-*/content.tsx', { import: 'content' });

/** Each written lesson's content chunk, by lesson id. */
const CHUNKS = new Map<number, LazyChunk<LessonContent>>(
  Object.entries(LOADERS).map(([path, load]) => [Number(/lesson-(\d+)\//.exec(path)?.[1]), lazyChunk(load)]),
);

/** A written lesson's content chunk; undefined for a lesson not written (no folder). */
export function lessonChunk(id: number): LazyChunk<LessonContent> | undefined {
  return CHUNKS.get(id);
}

/** Starts loading a lesson's content (nothing for a lesson not written); resolves when it is in. */
export function preloadLesson(id: number): Promise<void> {
  const chunk = CHUNKS.get(id);
  return chunk ? chunk.load().then(() => undefined) : Promise.resolve();
}
