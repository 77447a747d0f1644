// What the build computes in node for the pages (scripts/lesson-pictures-plugin.ts loads this
// module with Vite's module runner): the lesson pictures' jobs, and each shared page's title and
// description for its share preview, as its tab names it (page-meta.ts). Not part of the app bundle.

import { LESSON_CONTENT } from '../lessons/content.ts';
import type { ShareMeta } from '../lessons/picture.ts';
import { pageMeta } from './page-meta.ts';

export { pictureJobs } from '../lessons/lesson-pictures.ts';

/** The home page's and each written lesson's share preview text. */
export function shareMeta(): ShareMeta[] {
  const lessons = Object.keys(LESSON_CONTENT)
    .map(Number)
    .sort((a, b) => a - b);
  return [
    { lesson: null, ...pageMeta({ page: 'home' }) },
    ...lessons.map((id) => ({ lesson: id, ...pageMeta({ page: 'lesson', id }) })),
  ];
}
