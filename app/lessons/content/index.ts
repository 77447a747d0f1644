// The written lessons by id. A lesson listed 'available' in the catalog has content here (a
// unit test checks both ways).

import type { LessonContent } from '../lesson-types.ts';
import { LESSON_1_CONTENT } from './lesson-1.tsx';
import { LESSON_2_CONTENT } from './lesson-2.tsx';
import { LESSON_3_CONTENT } from './lesson-3.tsx';
import { LESSON_4_CONTENT } from './lesson-4.tsx';
import { LESSON_5_CONTENT } from './lesson-5.tsx';
import { LESSON_6_CONTENT } from './lesson-6.tsx';
import { LESSON_7_CONTENT } from './lesson-7.tsx';

export const LESSON_CONTENT: Partial<Record<number, LessonContent>> = {
  1: LESSON_1_CONTENT,
  2: LESSON_2_CONTENT,
  3: LESSON_3_CONTENT,
  4: LESSON_4_CONTENT,
  5: LESSON_5_CONTENT,
  6: LESSON_6_CONTENT,
  7: LESSON_7_CONTENT,
};
