import { LESSONS } from '../lessons/catalog.ts';
import { NotFound } from './NotFound.tsx';

export function LessonPage({ id }: { id: number }) {
  const index = LESSONS.findIndex((l) => l.id === id);
  if (index < 0) return <NotFound path={`/lessons/${id}`} />;
  const lesson = LESSONS[index];
  const prev = LESSONS[index - 1];
  const next = LESSONS[index + 1];
  return (
    <article className="page">
      <p className="eyebrow">Lesson {lesson.id}</p>
      <h1>{lesson.title}</h1>
      <p className="lede">{lesson.summary}</p>
      {lesson.status === 'coming-soon' && (
        <p className="notice">
          This lesson is not written yet: its live experiment is still being built. Meanwhile, the{' '}
          <a href="#/lab">Lab</a> is open.
        </p>
      )}
      <nav className="pager" aria-label="Lessons">
        {prev ? <a href={`#/lessons/${prev.id}`}>← {prev.title}</a> : <a href="#/lessons">← All lessons</a>}
        {next && <a href={`#/lessons/${next.id}`}>{next.title} →</a>}
      </nav>
    </article>
  );
}
