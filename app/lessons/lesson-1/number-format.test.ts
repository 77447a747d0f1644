// Lesson 1 writes every learning rate below 1e-3 one way, the way its widget's slider and facts
// do (formatLr: "9.0e−5"), so the text, the prompts, the exercises and the widget never show the
// same rate as "0.00009" in one place and "9.0e−5" in another (review, issue 20 item 2).

import { isValidElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { formatLr } from '../../views/landscape/landscape-layout.ts';
import { content } from './content.tsx';

/** A React node's text, through its elements' children. */
function text(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(text).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return text(node.props.children);
  return '';
}

/** Every text a reader meets in lesson 1: screens, prompts, exercises, takeaway and question. */
function lessonTexts(): string[] {
  const live = content.live;
  const exercises = live.kind === 'widget' ? (live.predict ?? []) : [];
  return [
    ...content.screens.map((s) => `${s.title} ${text(s.body)}`),
    ...live.tryThis.map((t) => `${t.label} ${t.look}`),
    ...exercises.map((e) => [e.question, ...e.choices, e.explain].join(' ')),
    text(content.takeaway),
    [content.quiz.question, ...content.quiz.options.map((o) => `${o.text} ${o.feedback}`)].join(' '),
  ];
}

describe('lesson 1 number format', () => {
  it('writes every small rate as the widget does (formatLr), never 0.00009 or 1.2e-4', () => {
    const small = lessonTexts()
      .flatMap((t) => t.match(/\d+(?:\.\d+)?(?:e[−-]\d+)?/g) ?? [])
      .filter((token) => {
        const v = Number(token.replace('−', '-'));
        return v > 0 && v < 1e-3;
      });
    // The lesson quotes its crawling rate, its limit and the rate just above it.
    expect(small.length).toBeGreaterThanOrEqual(4);
    for (const token of small) expect(token).toBe(formatLr(Number(token.replace('−', '-'))));
  });
});
