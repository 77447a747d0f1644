import { describe, expect, it } from 'vitest';
import { LESSONS, PARTS } from './catalog.ts';
import { LESSON_CONTENT } from './content.ts';
import { quizOrder } from './quiz-order.ts';

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

  it('the right answer is not always shown first: each question’s options are shuffled, seeded by the lesson', () => {
    const lessons = Object.values(LESSON_CONTENT).filter((c) => c !== undefined);
    const positions = lessons.map((c) =>
      quizOrder(c.id, c.quiz.options.length).findIndex((i) => c.quiz.options[i].correct),
    );
    expect(new Set(positions).size, `right-answer positions ${positions.join(', ')}`).toBeGreaterThan(1);
    for (const c of lessons) {
      const order = quizOrder(c.id, c.quiz.options.length);
      expect([...order].sort()).toEqual(c.quiz.options.map((_, i) => i));
      expect(quizOrder(c.id, c.quiz.options.length)).toEqual(order);
    }
  });

  it('feedback does not repeat the verdict the quiz prints before it (“Right.” / “Not quite.”)', () => {
    for (const content of Object.values(LESSON_CONTENT)) {
      for (const option of content?.quiz.options ?? [])
        expect(option.feedback, `lesson ${content?.id}`).not.toMatch(/^(Right|Correct|Not quite|Wrong)\b/);
    }
  });

  it('every written lesson lists its sources: authors, year and title', () => {
    for (const content of Object.values(LESSON_CONTENT)) {
      if (!content) continue;
      expect(content.references.length, `lesson ${content.id} references`).toBeGreaterThan(0);
      for (const r of content.references) {
        expect(r.authors.length).toBeGreaterThan(0);
        expect(r.title.length).toBeGreaterThan(0);
        expect(Number.isInteger(r.year)).toBe(true);
      }
    }
  });
});

describe('course parts', () => {
  it('every lesson sits in a part; each part is a non-empty run of consecutive lessons, parts in order', () => {
    const partIds = PARTS.map((p) => p.id);
    expect(LESSONS.every((l) => partIds.includes(l.part))).toBe(true);
    const order = LESSONS.map((l) => partIds.indexOf(l.part));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const part of PARTS)
      expect(
        LESSONS.some((l) => l.part === part.id),
        part.title,
      ).toBe(true);
  });
});
