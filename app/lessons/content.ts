// The written lessons, found by folder: `lesson-N/content.tsx` exports `content`. A lesson is
// available exactly when its folder has content (the catalog derives its status from this).

import type { LessonContent } from './lesson-types.ts';

const modules = import.meta.glob<LessonContent>('./lesson-*/content.tsx', { eager: true, import: 'content' });

export const LESSON_CONTENT: Partial<Record<number, LessonContent>> = Object.fromEntries(
  Object.values(modules).map((content) => [content.id, content]),
);
