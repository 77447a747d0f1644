// The written lessons by id. A lesson listed 'available' in the catalog has content here (a
// unit test checks both ways).

import type { LessonContent } from '../lesson-types.ts';

export const LESSON_CONTENT: Partial<Record<number, LessonContent>> = {};
