// The end of a lesson as a reader sees it: the question with its options in the lesson's shuffled
// order (the right one not always first), one verdict word before the feedback, and the sources.

import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { LESSON_CONTENT } from './content.ts';
import { Quiz } from './Quiz.tsx';
import { quizOrder } from './quiz-order.ts';
import { Sources } from './Sources.tsx';

describe('lesson end: question and sources', () => {
  it('lesson 2: options in the shuffled order, and a right answer reads “Right.” once', async () => {
    const content = LESSON_CONTENT[2];
    if (!content) throw new Error('lesson 2 is written');
    await render(<Quiz lessonId={2} quiz={content.quiz} />);
    const shown = page
      .getByRole('radio')
      .elements()
      .map((r) => r.parentElement?.textContent ?? '');
    expect(shown).toEqual(quizOrder(2, content.quiz.options.length).map((i) => content.quiz.options[i].text));
    const right = content.quiz.options.find((o) => o.correct);
    if (!right) throw new Error('one right answer');
    await page.getByRole('radio', { name: right.text }).click();
    await page.getByRole('button', { name: 'Check' }).click();
    const feedback = page.getByRole('status');
    await expect.element(feedback).toHaveTextContent(`Right. ${right.feedback}`);
    expect(feedback.element().textContent?.match(/Right/g)).toHaveLength(1);
  });

  it('lesson 4 lists its sources with authors, year and title', async () => {
    const content = LESSON_CONTENT[4];
    if (!content) throw new Error('lesson 4 is written');
    await render(<Sources references={content.references} />);
    const list = page.getByRole('region', { name: 'Sources' });
    await expect.element(list).toBeVisible();
    await expect
      .element(list.getByText(/Sergey Ioffe, Christian Szegedy \(2015\)\. Batch Normalization/))
      .toBeVisible();
    expect(list.getByRole('listitem').elements()).toHaveLength(content.references.length);
  });
});
