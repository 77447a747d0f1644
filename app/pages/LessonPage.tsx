// A lesson: screens of narrative beside its live experiment, "try this" prompts, and on the last
// screen the takeaway and a question. The link names the screen (`step=`) and, once the reader
// changes the setup, the experiment; progress is saved. Lessons not written yet say so.

import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { ViewId } from '../lab/views.tsx';
import { LESSONS, type LessonEntry } from '../lessons/catalog.ts';
import { lessonChunk } from '../lessons/lesson-chunks.ts';
import { currentExperiment, labHref, startLessonExperiment } from '../lessons/lesson-runtime.ts';
import {
  hashQuery,
  isLessonHash,
  isNewLink,
  isOwnHash,
  loadLessonProgress,
  saveLessonStep,
  writeLessonUrl,
} from '../lessons/lesson-sync.ts';
import type { LessonContent, TryThis } from '../lessons/lesson-types.ts';
import { NetworkLesson } from '../lessons/NetworkLesson.tsx';
import {
  measureView,
  NetworkVerdict,
  PredictExercises,
  WidgetPredictExercises,
  WidgetVerdict,
} from '../lessons/Predict.tsx';
import type { PredictExercise, WidgetPredictExercise } from '../lessons/predict.ts';
import { Quiz } from '../lessons/Quiz.tsx';
import { Sources } from '../lessons/Sources.tsx';
import { controller } from '../runtime/app-controller.ts';
import { store, useStore } from '../store/index.ts';
import { CodeTwinAbsent } from '../twin/CodeTwin.tsx';
import { useChunk } from '../ui/lazy-page.tsx';
import { Notices } from '../ui/Notices.tsx';
import { reveal, revealView } from '../ui/reveal.ts';
import { LESSON_STEP_LIMITS } from '../url/link-limits.ts';
import { NotFound } from './NotFound.tsx';

export function LessonPage({ id }: { id: number }) {
  // A link typed or pasted while the lesson is open loads afresh; the page's own rewrites don't.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const onHash = () => {
      if (isLessonHash(id) && !isOwnHash()) setGeneration((g) => g + 1);
    };
    window.addEventListener('hashchange', onHash);
    // A link that arrived while the lesson was starting, before this listener, loads too.
    if (isLessonHash(id) && isNewLink()) setGeneration((g) => g + 1);
    return () => window.removeEventListener('hashchange', onHash);
  }, [id]);
  const index = LESSONS.findIndex((l) => l.id === id);
  if (index < 0) return <NotFound path={`/lessons/${id}`} />;
  const entry = LESSONS[index];
  const chunk = lessonChunk(id);
  const pager = <LessonPager prev={LESSONS[index - 1]} next={LESSONS[index + 1]} />;
  if (entry.status !== 'available' || !chunk) {
    return (
      <article className="page">
        <p className="eyebrow">Lesson {entry.id}</p>
        <h1>{entry.title}</h1>
        <p className="lede">{entry.summary}</p>
        <p className="notice">
          This lesson is not written yet: its live experiment is still being built. Meanwhile, the{' '}
          <a href="#/lab">Lab</a> is open.
        </p>
        {pager}
      </article>
    );
  }
  return <LessonLoaded key={`${id}:${generation}`} entry={entry} chunk={chunk} pager={pager} />;
}

/** The lesson once its content chunk is in (lessons/lesson-chunks.ts); until then it suspends. */
function LessonLoaded({
  entry,
  chunk,
  pager,
}: {
  entry: LessonEntry;
  chunk: NonNullable<ReturnType<typeof lessonChunk>>;
  pager: ReactNode;
}) {
  const content = useChunk(chunk);
  return <LessonBody entry={entry} content={content} pager={pager} />;
}

function LessonPager({ prev, next }: { prev?: LessonEntry; next?: LessonEntry }) {
  return (
    <nav className="pager" aria-label="Lessons">
      {prev ? <a href={`#/lessons/${prev.id}`}>← {prev.title}</a> : <a href="#/lessons">← All lessons</a>}
      {next ? <a href={`#/lessons/${next.id}`}>{next.title} →</a> : <a href="#/lessons">All lessons →</a>}
    </nav>
  );
}

/** The screen a link asks for, clamped to the lesson's screens; null when it names none. */
function readStep(params: URLSearchParams, screens: number): { step: number | null; issue: string | null } {
  const all = params.getAll('step');
  if (all.length === 0) return { step: null, issue: null };
  const raw = all[0];
  const twice =
    all.length > 1 ? `step is given ${all.length} times; the first (${raw.slice(0, 20)}) is used. ` : '';
  // Written the canonical way only: digits, no sign, no leading zero, no fraction or hex ("2.0", "0x2").
  if (!/^[1-9]\d{0,5}$/.test(raw) || Number(raw) < LESSON_STEP_LIMITS.min) {
    return {
      step: null,
      issue: `${twice}step "${raw.slice(0, 20)}" is not a screen number; the lesson opens at its start`,
    };
  }
  const n = Number(raw);
  if (n > screens) {
    return { step: screens, issue: `${twice}This lesson has ${screens} screens; showing the last one` };
  }
  return { step: n, issue: twice ? twice.trim() : null };
}

/**
 * The view a try-this brings into sight unless it names one: a sweep's chart for a sweep (the
 * loss chart under it shows none of it), else the loss chart, else the first view.
 */
export function tryThisView(views: readonly ViewId[], start: TryThis<unknown>['start'] = 'play'): ViewId {
  if (start === 'sweep' && views.includes('sweep')) return 'sweep';
  return views.includes('loss') ? 'loss' : views[0];
}

function LessonBody({
  entry,
  content,
  pager,
}: {
  entry: LessonEntry;
  content: LessonContent;
  pager: ReactNode;
}) {
  const live = content.live;
  const screens = content.screens.length;
  const initial = useMemo(() => {
    loadLessonProgress();
    const query = hashQuery();
    const params = new URLSearchParams(query);
    const { step, issue } = readStep(params, screens);
    const saved = store.getState().lessons[content.id]?.step;
    const widget = live.kind === 'widget' ? live.read(params) : null;
    const issues = [...(issue ? [issue] : []), ...(widget?.issues ?? [])];
    if (issues.length) store.getState().addNotices(issues);
    return {
      query,
      step: step ?? Math.min(saved ?? 1, screens),
      widget: live.kind === 'widget' ? (widget?.value ?? live.preset) : null,
    };
  }, [content.id, live, screens]);

  const [step, setStep] = useState(initial.step);
  const [networkQuery, setNetworkQuery] = useState('');
  const [widget, setWidget] = useState<unknown>(initial.widget);
  const [tried, setTried] = useState<number | null>(null);
  // Presses of any try-this, the same one again included: each plays a widget that plays.
  const [tries, setTries] = useState(0);
  // The widget exercise whose setup the reader last ran: its verdict shows beside the widget while
  // the widget still shows that setup.
  const [ranExercise, setRanExercise] = useState<WidgetPredictExercise<unknown> | null>(null);
  // The network exercise the reader last ran, and the view its verdict stands beside.
  const [ranNetwork, setRanNetwork] = useState<PredictExercise | null>(null);
  const verdictView = (exercise: PredictExercise) =>
    live.kind === 'network' ? (measureView(exercise.measure, live.views) ?? tryThisView(live.views)) : null;

  const widgetQuery = useMemo(() => {
    if (live.kind !== 'widget') return '';
    const pairs = live.write(widget);
    const preset = live.write(live.preset);
    const same =
      pairs.length === preset.length && pairs.every(([k, v], i) => preset[i][0] === k && preset[i][1] === v);
    return same ? '' : new URLSearchParams(pairs).toString();
  }, [live, widget]);
  const experimentQuery = live.kind === 'widget' ? widgetQuery : networkQuery;

  useEffect(() => {
    writeLessonUrl(content.id, step, experimentQuery);
  }, [content.id, step, experimentQuery]);
  useEffect(() => {
    saveLessonStep(content.id, step);
  }, [content.id, step]);

  const goTo = (next: number) => {
    setStep(next);
    document.getElementById('lesson-screen')?.focus({ preventScroll: true });
    document.getElementById('lesson-screen')?.scrollIntoView({ block: 'nearest' });
  };

  /** Shows a widget state and brings the widget, the figure it changes, into sight. */
  const showWidget = (next: unknown) => {
    setWidget(next);
    const figure = document.querySelector<HTMLElement>('.lesson-live');
    if (figure) reveal(figure);
  };
  const sameWidget = (a: unknown, b: unknown) =>
    live.kind === 'widget' &&
    new URLSearchParams(live.write(a)).toString() === new URLSearchParams(live.write(b)).toString();

  const applyTry = (i: number) => {
    setTried(i);
    if (live.kind === 'widget') {
      setTries((n) => n + 1);
      showWidget(live.tryThis[i].apply(widget));
      return;
    }
    const t = live.tryThis[i];
    startLessonExperiment(t.apply(currentExperiment(live.preset)));
    if (t.start === 'sweep') controller().startSweep();
    else controller().play();
    // On a phone the prompts sit below every chart: bring the reader to the one that changes.
    revealView(t.view ?? tryThisView(live.views, t.start));
  };

  const screen = content.screens[step - 1];
  const last = step === screens;
  const completed = useStore((s) => s.lessons[content.id]?.completed ?? false);
  const labLink = live.kind === 'widget' && live.lab ? labHref(live.lab) : null;

  return (
    <article className="lesson">
      <header className="lesson-header">
        <p className="eyebrow">
          Lesson {entry.id} of {LESSONS.length}
          {completed && <span className="tag done">Completed</span>}
        </p>
        <h1>{entry.title}</h1>
      </header>
      <div className="lesson-grid">
        <div className="lesson-text-column">
          <nav className="screen-nav" aria-label="Lesson screens">
            <ol>
              {content.screens.map((s, i) => (
                <li key={s.title}>
                  <button
                    type="button"
                    aria-current={i + 1 === step ? 'step' : undefined}
                    aria-label={`Screen ${i + 1}: ${s.title}`}
                    onClick={() => goTo(i + 1)}
                  >
                    {i + 1}
                  </button>
                </li>
              ))}
            </ol>
            <span className="screen-count">
              Screen {step} of {screens}
            </span>
          </nav>
          <section id="lesson-screen" className="lesson-screen" tabIndex={-1} aria-labelledby="screen-title">
            <h2 id="screen-title">{screen.title}</h2>
            {screen.body}
          </section>
          <div className="screen-buttons">
            <button type="button" disabled={step === 1} onClick={() => goTo(step - 1)}>
              ← Previous
            </button>
            {!last && (
              <button type="button" className="button primary" onClick={() => goTo(step + 1)}>
                Next →
              </button>
            )}
          </div>
          <section className="try-this" aria-labelledby="try-title">
            <h2 id="try-title">Try this</h2>
            <ul>
              {(live.tryThis as TryThis<unknown>[]).map((t, i) => (
                <li key={t.label} className={tried === i ? 'tried' : undefined}>
                  <button type="button" onClick={() => applyTry(i)}>
                    {t.label}
                  </button>
                  <p>{t.look}</p>
                </li>
              ))}
            </ul>
          </section>
          {live.kind === 'network' && content.predict && (
            <PredictExercises
              lessonId={content.id}
              exercises={content.predict}
              onRun={(exercise) => {
                setRanNetwork(exercise);
                // On a phone the exercises sit below every chart: bring the reader to the one it measures.
                const view = verdictView(exercise);
                if (view) revealView(view);
              }}
            />
          )}
          {live.kind === 'widget' && live.predict && (
            <WidgetPredictExercises
              lessonId={content.id}
              exercises={live.predict}
              onRun={(exercise) => {
                setRanExercise(exercise);
                showWidget(exercise.setup);
              }}
            />
          )}
          {last && (
            <>
              <section className="takeaway" aria-labelledby="takeaway-title">
                <h2 id="takeaway-title">Takeaway</h2>
                {content.takeaway}
              </section>
              <Quiz lessonId={content.id} quiz={content.quiz} />
              <Sources references={content.references} />
            </>
          )}
          {pager}
        </div>
        <div className="lesson-live-column">
          {live.kind === 'network' ? (
            <NetworkLesson
              live={live}
              initialQuery={initial.query}
              onQuery={setNetworkQuery}
              modified={networkQuery !== ''}
              verdict={
                ranNetwork && {
                  view: verdictView(ranNetwork),
                  node: <NetworkVerdict lessonId={content.id} exercise={ranNetwork} />,
                }
              }
            />
          ) : (
            <section className="lesson-live" aria-label="Live experiment">
              <Notices />
              {ranExercise && sameWidget(widget, ranExercise.setup) && (
                <WidgetVerdict lessonId={content.id} exercise={ranExercise} />
              )}
              {live.render(widget, setWidget, tries)}
              <div className="lesson-live-links">
                {widgetQuery !== '' && (
                  <button type="button" onClick={() => setWidget(live.preset)}>
                    Back to the lesson’s setup
                  </button>
                )}
                {labLink && (
                  <a className="button" href={labLink}>
                    Open in Lab
                  </a>
                )}
              </div>
              <CodeTwinAbsent />
            </section>
          )}
        </div>
      </div>
    </article>
  );
}
