// The lesson's check-your-understanding question: pick one answer, check it, read why it is
// right or wrong. A correct answer completes the lesson (saved); wrong ones can be retried.

import { useId, useMemo, useState } from 'react';
import { saveLessonAnswer } from './lesson-sync.ts';
import type { Quiz as QuizData } from './lesson-types.ts';
import { quizOrder } from './quiz-order.ts';

export function Quiz({ lessonId, quiz }: { lessonId: number; quiz: QuizData }) {
  const name = useId();
  const [choice, setChoice] = useState<number | null>(null);
  const [checked, setChecked] = useState<number | null>(null);
  const options = useMemo(
    () => quizOrder(lessonId, quiz.options.length).map((i) => quiz.options[i]),
    [lessonId, quiz.options],
  );
  const answer = checked === null ? null : options[checked];
  return (
    <form
      className="quiz"
      aria-label="Check your understanding"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice === null) return;
        setChecked(choice);
        saveLessonAnswer(lessonId, options[choice].correct);
      }}
    >
      <fieldset>
        <legend>{quiz.question}</legend>
        {options.map((option, i) => (
          <label key={option.text} className="quiz-option">
            <input
              type="radio"
              name={name}
              checked={choice === i}
              onChange={() => {
                setChoice(i);
                setChecked(null);
              }}
            />
            <span>{option.text}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button primary" disabled={choice === null}>
        Check
      </button>
      {answer && (
        <p className={`quiz-feedback ${answer.correct ? 'correct' : 'wrong'}`} role="status">
          <strong>{answer.correct ? 'Right.' : 'Not quite.'}</strong> {answer.feedback}
        </p>
      )}
    </form>
  );
}
