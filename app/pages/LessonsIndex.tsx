import { LESSONS } from '../lessons/catalog.ts';

export function LessonsIndex() {
  return (
    <article className="page">
      <h1>The course</h1>
      <p className="lede">
        Each lesson wraps one live experiment you can run, pause, tweak and share. Take them in order: each
        builds on the one before.
      </p>
      <ol className="lesson-list">
        {LESSONS.map((lesson) => (
          <li key={lesson.id} className={`lesson-item ${lesson.status}`}>
            <a href={`#/lessons/${lesson.id}`}>
              <span className="lesson-number" aria-hidden="true">
                {lesson.id}
              </span>
              <span className="lesson-text">
                <span className="lesson-title">{lesson.title}</span>
                <span className="lesson-summary">{lesson.summary}</span>
              </span>
              {lesson.status === 'coming-soon' && <span className="tag">Coming soon</span>}
            </a>
          </li>
        ))}
      </ol>
    </article>
  );
}
