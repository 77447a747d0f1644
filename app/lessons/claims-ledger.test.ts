// The claims ledger: every sentence of a lesson that states a number or a mechanism carries a
// claim id (<Claim id="l4-lead"> in the text, `claims: [...]` on a try-this prompt or a quiz
// option or a predict-then-run exercise), and each id is named, as "[l4-lead]", by a test in one of that lesson's claims test
// files (claims.test.ts, smoothness.claims.test.ts, ...) or by a measured value in its
// preset.ts. This test fails when an id has nothing behind it, and
// when a test or preset names an id the lesson no longer carries (an orphaned claim either way).

import { isValidElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { CLAIM_ID, Claim } from './Claim.tsx';
import { LESSON_CONTENT } from './content.ts';
import type { LessonContent } from './lesson-types.ts';

const tests = import.meta.glob<string>('./lesson-*/*claims*.test.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const presets = import.meta.glob<string>('./lesson-*/preset.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Claim ids marked in a React tree (the text's <Claim> wrappers), in order. */
function claimsIn(node: ReactNode, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) claimsIn(child, into);
  else if (isValidElement<{ id?: string; children?: ReactNode }>(node)) {
    if (node.type === Claim && node.props.id) into.push(node.props.id);
    claimsIn(node.props.children, into);
  }
  return into;
}

/** Every claim id a lesson's text, prompts and question carry. */
function lessonClaims(content: LessonContent): string[] {
  return [
    ...content.screens.flatMap((s) => claimsIn(s.body)),
    ...claimsIn(content.takeaway),
    ...content.live.tryThis.flatMap((t) => t.claims ?? []),
    ...content.quiz.options.flatMap((o) => o.claims ?? []),
    ...(content.predict ?? []).flatMap((e) => e.claims),
    ...(content.live.kind === 'widget' ? (content.live.predict ?? []) : []).flatMap((e) => e.claims),
  ];
}

/** Ids named as "[lN-slug]" in a source text. */
function namedIn(source: string): Set<string> {
  return new Set([...source.matchAll(/\[(l\d+-[a-z0-9-]+)\]/g)].map((m) => m[1]));
}

const lessons = Object.values(LESSON_CONTENT).filter((c): c is LessonContent => c !== undefined);

describe('claims ledger', () => {
  it.each(lessons.map((c) => [c.id, c] as const))(
    'lesson %i: every claim id in the text has a test or a measured value, and every tested id is in the text',
    (id, content) => {
      const carried = lessonClaims(content);
      const behind = new Set([
        ...Object.entries(tests)
          .filter(([path]) => path.startsWith(`./lesson-${id}/`))
          .flatMap(([, source]) => [...namedIn(source)]),
        ...namedIn(presets[`./lesson-${id}/preset.ts`] ?? ''),
      ]);
      for (const claim of carried) {
        expect(claim, 'claim id format').toMatch(CLAIM_ID);
        expect(claim.startsWith(`l${id}-`), `${claim} belongs to lesson ${id}`).toBe(true);
        expect(behind.has(claim), `${claim}: no test or measured value names [${claim}]`).toBe(true);
      }
      for (const claim of behind)
        expect(carried.includes(claim), `[${claim}] is tested but no text of lesson ${id} carries it`).toBe(
          true,
        );
    },
  );

  it('the ledger reads every claims test file of a lesson folder, not only claims.test.ts', () => {
    expect(Object.keys(tests)).toContain('./lesson-4/claims.test.ts');
    expect(Object.keys(tests)).toContain('./lesson-5/smoothness.claims.test.ts');
    expect(Object.keys(tests).some((path) => path.includes('ledger'))).toBe(false);
  });

  it('the ledger is in use: every lesson carries claims', () => {
    for (const content of lessons)
      expect(lessonClaims(content).length, `lesson ${content.id}`).toBeGreaterThan(0);
  });
});
