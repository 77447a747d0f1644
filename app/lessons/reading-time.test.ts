import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { LESSON_CONTENT } from './content.ts';
import type { LessonContent } from './lesson-types.ts';
import { countWords, lessonMinutes, lessonWords } from './reading-time.ts';

const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe('reading time', () => {
  it('counts the words of nested elements, not markup, punctuation or formulas', () => {
    const node = h(
      'p',
      null,
      'Two words, ',
      h('em', null, 'then three more'),
      ' and ',
      h('span', { title: 'not counted' }, ['a', 'list']),
      ' — 1 number',
      h('span', { tex: 'x^2' }),
    );
    expect(countWords(node)).toBe(10);
    expect(countWords(null)).toBe(0);
  });

  it('a lesson’s minutes: every word it shows at 200 a minute, plus a minute per try-this run', () => {
    const content = {
      id: 99,
      screens: [
        { title: 'One', body: h('p', null, words(300)) },
        { title: 'Two', body: h('div', null, h('p', null, words(95))) },
      ],
      live: {
        tryThis: [
          { label: 'Do it', look: 'Look here' },
          { label: 'Again', look: 'And there' },
        ],
      },
      takeaway: words(1),
      quiz: { question: 'Why', options: [{ text: 'Yes', feedback: 'Right' }] },
    } as unknown as LessonContent;
    // 2 titles + 395 + prompts 7 + 1 + quiz 3 = 408 words: 2.04 minutes, plus 2 runs.
    expect(lessonWords(content)).toBe(408);
    expect(lessonMinutes(content)).toBe(4);
  });

  it('every written lesson is a few minutes: hundreds of words, not a handful', () => {
    for (const content of Object.values(LESSON_CONTENT)) {
      if (!content) continue;
      expect(lessonWords(content), `lesson ${content.id}`).toBeGreaterThan(300);
      expect(lessonMinutes(content), `lesson ${content.id}`).toBeGreaterThanOrEqual(4);
    }
  });
});
