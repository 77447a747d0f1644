// A lesson's links to views (<ViewLink view="…"> in its text) and its try-this prompts' `view`
// name views the lesson shows: a link to a view that is not on the page would do nothing.

import { isValidElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { LESSON_CONTENT } from './content.ts';
import type { LessonContent } from './lesson-types.ts';
import { ViewLink } from './ViewLink.tsx';

function linkedViews(node: ReactNode, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) linkedViews(child, into);
  else if (isValidElement<{ view?: string; children?: ReactNode }>(node)) {
    if (node.type === ViewLink && node.props.view) into.push(node.props.view);
    linkedViews(node.props.children, into);
  }
  return into;
}

/** Each ViewLink under `node` as "view: its words". */
function linkTexts(node: ReactNode, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) linkTexts(child, into);
  else if (isValidElement<{ view?: string; children?: ReactNode }>(node)) {
    if (node.type === ViewLink) into.push(`${node.props.view}: ${String(node.props.children)}`);
    else linkTexts(node.props.children, into);
  }
  return into;
}

describe('links to views in lesson text', () => {
  it('lesson 5 links the smoothness charts it names by their titles (issue 19)', () => {
    const l5 = LESSON_CONTENT[5];
    expect(l5?.screens.flatMap((s) => linkTexts(s.body))).toEqual(
      expect.arrayContaining([
        'smoothness: “Gradient change along the step”',
        'smoothness: “Loss variation along the step”',
      ]),
    );
  });

  const lessons = Object.values(LESSON_CONTENT).filter((c): c is LessonContent => c !== undefined);
  it('several lessons link the views their text names', () => {
    const linking = lessons.filter((c) => c.screens.some((s) => linkedViews(s.body).length > 0));
    expect(linking.length).toBeGreaterThanOrEqual(4);
  });
  for (const content of lessons) {
    it(`lesson ${content.id}: every linked view and try-this view is on its page`, () => {
      const linked = [
        ...content.screens.flatMap((s) => linkedViews(s.body)),
        ...linkedViews(content.takeaway),
        ...content.live.tryThis.flatMap((t) => (t.view ? [t.view] : [])),
      ];
      const shown: readonly string[] = content.live.kind === 'network' ? content.live.views : [];
      expect(linked.filter((v) => !shown.includes(v))).toEqual([]);
    });
  }
});
