import { describe, expect, it } from 'vitest';
import { LESSONS } from './catalog.ts';
import { LESSON_CONTENT } from './content.ts';

describe('lesson catalog', () => {
  it('lists a lesson as available exactly when its content is written, under its own id', () => {
    for (const lesson of LESSONS) {
      const content = LESSON_CONTENT[lesson.id];
      expect(content !== undefined, `lesson ${lesson.id}`).toBe(lesson.status === 'available');
      if (content) expect(content.id).toBe(lesson.id);
    }
    expect(
      Object.keys(LESSON_CONTENT)
        .map(Number)
        .every((id) => LESSONS.some((l) => l.id === id)),
    ).toBe(true);
  });

  it('every written lesson has 2–5 screens, 2–4 try-this prompts and a question with exactly one right answer', () => {
    for (const content of Object.values(LESSON_CONTENT)) {
      if (!content) continue;
      expect(content.screens.length, `lesson ${content.id} screens`).toBeGreaterThanOrEqual(2);
      expect(content.screens.length).toBeLessThanOrEqual(5);
      expect(content.live.tryThis.length, `lesson ${content.id} try-this`).toBeGreaterThanOrEqual(2);
      expect(content.live.tryThis.length).toBeLessThanOrEqual(4);
      expect(content.quiz.options.filter((o) => o.correct)).toHaveLength(1);
      expect(new Set(content.screens.map((s) => s.title)).size).toBe(content.screens.length);
    }
  });
});
