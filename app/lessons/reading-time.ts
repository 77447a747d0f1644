// How long a lesson takes, as the course map shows it: its words read at WORDS_PER_MINUTE, plus
// a minute for each run its try-this prompts start (the course's rule: every lesson experiment
// shows its effect within a minute). Counted from the lesson's own content, so the estimate
// follows the text as it is edited. Formulas (no text children) are not counted.

import { isValidElement, type ReactNode } from 'react';
import type { LessonContent } from './lesson-types.ts';

/** An unhurried reading pace for technical prose. */
export const WORDS_PER_MINUTE = 200;
/** Minutes allowed for each try-this run. */
export const MINUTES_PER_RUN = 1;

/** The words of a React node's text, through its elements' children. */
export function countWords(node: ReactNode): number {
  if (node === null || node === undefined || typeof node === 'boolean') return 0;
  if (typeof node === 'string' || typeof node === 'number') {
    return String(node)
      .split(/\s+/)
      .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  }
  if (Array.isArray(node)) return node.reduce((sum: number, n: ReactNode) => sum + countWords(n), 0);
  if (isValidElement<{ children?: ReactNode }>(node)) return countWords(node.props.children);
  return 0;
}

/** Every word a reader meets in a lesson: screens, prompts, takeaway and question. */
export function lessonWords(content: LessonContent): number {
  const prompts = content.live.tryThis.map((t) => `${t.label} ${t.look}`);
  const quiz = content.quiz.options.map((o) => `${o.text} ${o.feedback}`);
  return (
    countWords(content.screens.map((s) => [s.title, s.body])) +
    countWords(prompts) +
    countWords(content.takeaway) +
    countWords([content.quiz.question, ...quiz])
  );
}

/** The lesson's time in whole minutes. */
export function lessonMinutes(content: LessonContent): number {
  return Math.max(
    1,
    Math.round(lessonWords(content) / WORDS_PER_MINUTE + content.live.tryThis.length * MINUTES_PER_RUN),
  );
}
