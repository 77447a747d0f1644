// The course map (`#/lessons`): the lessons under the course's parts (lessons/catalog.ts), each
// card with a picture measured from its own experiment at build time (virtual:lesson-pictures,
// scripts/lesson-pictures-plugin.ts), the time it takes (lessons/reading-time.ts) and the
// reader's saved progress. Cards fill the width of a desktop; one column on a phone.

import pictures from 'virtual:lesson-pictures';
import { useState } from 'react';
import { LESSONS, type LessonEntry, PARTS } from '../lessons/catalog.ts';
import { LESSON_CONTENT } from '../lessons/content.ts';
import { loadLessonProgress } from '../lessons/lesson-sync.ts';
import { lessonMinutes, MINUTES_PER_RUN, WORDS_PER_MINUTE } from '../lessons/reading-time.ts';
import type { LessonProgress } from '../persist.ts';
import { useStore } from '../store/index.ts';
import { Notices } from '../ui/Notices.tsx';
import { LessonPictureSvg } from './LessonPictureSvg.tsx';
import './course-map.css';

const PICTURES = new Map(pictures.map((p) => [p.lesson, p]));

/** The reader's progress in one lesson: a phrase and the share of its screens seen. */
function progressOf(id: number, progress: LessonProgress | undefined): { text: string; share: number } {
  if (progress?.completed) return { text: '✓ Done', share: 1 };
  const screens = LESSON_CONTENT[id]?.screens.length;
  if (!progress || !screens) return { text: 'Not started', share: 0 };
  const step = Math.min(progress.step, screens);
  return { text: `In progress · screen ${step} of ${screens}`, share: step / (screens + 1) };
}

function LessonCard({ lesson, progress }: { lesson: LessonEntry; progress: LessonProgress | undefined }) {
  const content = LESSON_CONTENT[lesson.id];
  const picture = PICTURES.get(lesson.id);
  const { text, share } = progressOf(lesson.id, progress);
  const done = progress?.completed === true;
  return (
    <li className={`map-card ${lesson.status}${done ? ' done' : ''}`}>
      {picture && <LessonPictureSvg picture={picture} />}
      <div className="map-card-text">
        <h3 className="map-card-title">
          <span className="lesson-number" aria-hidden="true">
            {lesson.id}
          </span>
          <a href={`#/lessons/${lesson.id}`}>{lesson.title}</a>
        </h3>
        <p className="lesson-summary">{lesson.summary}</p>
        <p className="map-card-meta">
          {content ? (
            <span
              title={`Its text at ${WORDS_PER_MINUTE} words a minute, plus ${MINUTES_PER_RUN} minute for each try-this run`}
            >
              About {lessonMinutes(content)} min
            </span>
          ) : (
            <span className="tag">Coming soon</span>
          )}
          {content && <span className={`map-progress${done ? ' done' : ''}`}>{text}</span>}
        </p>
        {content && (
          <span className="map-progress-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(share * 100)}%` }} />
          </span>
        )}
      </div>
    </li>
  );
}

export function LessonsIndex() {
  useState(() => loadLessonProgress());
  const lessons = useStore((s) => s.lessons);
  const available = LESSONS.filter((l) => l.status === 'available');
  const done = available.filter((l) => lessons[l.id]?.completed).length;
  return (
    <article className="page course-map">
      <h1>The course</h1>
      <p className="lede">
        Each lesson wraps one live experiment you can run, pause, tweak and share. Take them in order: each
        builds on the one before. Each picture is that lesson's own experiment, trained when this site was
        built.
      </p>
      <Notices />
      {done > 0 && (
        <p className="lesson-progress-summary">
          You have completed {done} of {available.length} available lessons.
        </p>
      )}
      {PARTS.map((part) => {
        const inPart = LESSONS.filter((l) => l.part === part.id);
        return (
          <section key={part.id} className="map-part" aria-labelledby={`part-${part.id}`}>
            <h2 id={`part-${part.id}`}>
              <span className="map-part-number">Part {part.id}</span> {part.title}
            </h2>
            <p className="map-part-summary">{part.summary}</p>
            <ol className="map-lessons" start={inPart[0]?.id}>
              {inPart.map((lesson) => (
                <LessonCard key={lesson.id} lesson={lesson} progress={lessons[lesson.id]} />
              ))}
            </ol>
          </section>
        );
      })}
    </article>
  );
}
