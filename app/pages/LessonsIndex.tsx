import { useState } from 'react';
import { LESSONS } from '../lessons/catalog.ts';
import { LESSON_CONTENT } from '../lessons/content.ts';
import { loadLessonProgress } from '../lessons/lesson-sync.ts';
import { useStore } from '../store/index.ts';
import { Notices } from '../ui/Notices.tsx';

/** The reader's progress in one lesson, as a short phrase (null: not started). */
function progressText(id: number, progress: { completed: boolean; step: number } | undefined): string | null {
  if (!progress) return null;
  if (progress.completed) return null;
  const screens = LESSON_CONTENT[id]?.screens.length;
  return screens ? `In progress · screen ${Math.min(progress.step, screens)} of ${screens}` : null;
}

export function LessonsIndex() {
  useState(() => loadLessonProgress());
  const lessons = useStore((s) => s.lessons);
  const available = LESSONS.filter((l) => l.status === 'available');
  const done = available.filter((l) => lessons[l.id]?.completed).length;
  return (
    <article className="page">
      <h1>The course</h1>
      <p className="lede">
        Each lesson wraps one live experiment you can run, pause, tweak and share. Take them in order: each
        builds on the one before.
      </p>
      <Notices />
      {done > 0 && (
        <p className="lesson-progress-summary">
          You have completed {done} of {available.length} available lessons.
        </p>
      )}
      <ol className="lesson-list">
        {LESSONS.map((lesson) => {
          const progress = lesson.status === 'available' ? progressText(lesson.id, lessons[lesson.id]) : null;
          return (
            <li key={lesson.id} className={`lesson-item ${lesson.status}`}>
              <a href={`#/lessons/${lesson.id}`}>
                <span className="lesson-number" aria-hidden="true">
                  {lesson.id}
                </span>
                <span className="lesson-text">
                  <span className="lesson-title">{lesson.title}</span>
                  <span className="lesson-summary">{lesson.summary}</span>
                  {progress && <span className="lesson-progress">{progress}</span>}
                </span>
                {lesson.status === 'coming-soon' && <span className="tag">Coming soon</span>}
                {lessons[lesson.id]?.completed && lesson.status === 'available' && (
                  <span className="tag done">✓ Done</span>
                )}
              </a>
            </li>
          );
        })}
      </ol>
    </article>
  );
}
