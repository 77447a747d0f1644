// The written lessons by id. A lesson listed 'available' in the catalog has content here (a
// unit test checks both ways).

import type { LessonContent } from '../lesson-types.ts';
import { LESSON_2_CONTENT } from './lesson-2.tsx';
import { LESSON_4_CONTENT } from './lesson-4.tsx';
import { LESSON_5_CONTENT } from './lesson-5.tsx';
import { LESSON_6_CONTENT } from './lesson-6.tsx';

export const LESSON_CONTENT: Partial<Record<number, LessonContent>> = {
  2: LESSON_2_CONTENT,
  4: LESSON_4_CONTENT,
  5: LESSON_5_CONTENT,
  6: LESSON_6_CONTENT,
};
