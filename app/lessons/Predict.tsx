// A lesson's predict-then-run exercises (spec and outcome rule: predict.ts). The reader picks a
// guess and presses Run: the guess is saved and locked, the exercise's experiment starts from
// step 0 in the lesson's live panel, and when Play pauses at its checkpoint the measured value is
// read off the runs (or, for a worker measure, asked of the run's worker once it paused there),
// saved beside the guess and compared with it. A reload shows both. A widget lesson's exercise
// (WidgetPredictExercises) puts its setup into the lesson's widget and measures it at once with the
// engine; its verdict is also shown beside the widget (PredictVerdict) while the widget shows that setup.

import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ViewId } from '../lab/views.tsx';
import type { Prediction } from '../persist.ts';
import { controller } from '../runtime/app-controller.ts';
import { planRuns } from '../runtime/controller.ts';
import { useStore } from '../store/index.ts';
import { reveal } from '../ui/reveal.ts';
import { sameExperiment, startLessonExperiment } from './lesson-runtime.ts';
import { saveLessonPrediction } from './lesson-sync.ts';
import {
  checkpointReached,
  committedGuess,
  formatMeasured,
  isWorkerMeasure,
  type JudgedPrediction,
  judgePrediction,
  measureRuns,
  type PredictExercise,
  type PredictMeasure,
  type PredictQuestion,
  readWorkerReply,
  type WidgetPredictExercise,
  workerRequest,
} from './predict.ts';

/** What an exercise measures, in words: "No norm’s test accuracy at step 500". */
export function describeMeasure(exercise: PredictExercise): string {
  const { config, comparison, stopAt } = exercise.experiment;
  const labels = new Map(planRuns(config, comparison).map((p) => [p.id, p.label]));
  const name = (id: string) => labels.get(id) ?? id;
  const at = `at step ${stopAt.toLocaleString('en-US')}`;
  const count = (n: number) => n.toLocaleString('en-US');
  const m = exercise.measure;
  switch (m.kind) {
    case 'accuracy':
      return `${name(m.run)}’s test accuracy ${at}`;
    case 'lead':
      return `${name(m.run)}’s lead over ${name(m.over)} in test accuracy ${at}`;
    case 'spread':
      return `The gap between the best and the worst test accuracy of the ${m.runs.length} runs ${at}`;
    case 'trainModeServing':
      return `Train-mode minus eval-mode accuracy, serving the first ${count(m.count)} test digits in batches of ${m.batchSize} ${at}`;
    case 'adaBN':
      return `The share of the lost accuracy AdaBN won back (${m.adaptBatches} batches of unlabeled digits) ${at}`;
    case 'foldChanged':
      return `Answers that folding changed on the first ${count(m.count)} test digits ${at}`;
  }
}

/**
 * The live view a network exercise's verdict stands beside: the view its panel question comes from
 * (serving, shift, fold), or for a run-table measure the accuracy chart, else the run table; null
 * when the lesson shows none of them.
 */
export function measureView(measure: PredictMeasure, views: readonly ViewId[]): ViewId | null {
  const wanted: Record<PredictMeasure['kind'], ViewId[]> = {
    accuracy: ['accuracy', 'runs'],
    lead: ['accuracy', 'runs'],
    spread: ['accuracy', 'runs'],
    trainModeServing: ['serving'],
    adaBN: ['shift'],
    foldChanged: ['fold'],
  };
  return wanted[measure.kind].find((v) => views.includes(v)) ?? null;
}

export function PredictExercises({
  lessonId,
  exercises,
  onRun,
}: {
  lessonId: number;
  exercises: readonly PredictExercise[];
  /** Called when Run starts an exercise's experiment (the page brings its view into sight). */
  onRun?: (exercise: PredictExercise) => void;
}) {
  // The exercise whose run is training now, one whose run was changed before its checkpoint (or
  // whose measurement failed, with the worker's message), and the worker question being asked.
  const [pending, setPending] = useState<string | null>(null);
  const [interrupted, setInterrupted] = useState<{ id: string; failure: string | null } | null>(null);
  const asking = useRef<{ id: string; abort: AbortController } | null>(null);
  // The exercise whose worker question is out (Play paused at its checkpoint; the answer is coming).
  const [measuring, setMeasuring] = useState<string | null>(null);
  const saved = useStore((s) => s.lessons[lessonId]?.predictions);
  const runs = useStore((s) => s.runs);
  const status = useStore((s) => s.status);
  const config = useStore((s) => s.config);
  const comparison = useStore((s) => s.comparison);
  const sweep = useStore((s) => s.sweep);

  // Leaving the page drops an unanswered question; so do Run, Change my guess and a changed setup.
  useEffect(() => () => asking.current?.abort.abort(), []);
  const dropQuestion = useCallback(() => {
    asking.current?.abort.abort();
    asking.current = null;
    setMeasuring(null);
  }, []);

  useEffect(() => {
    const exercise = exercises.find((e) => e.id === pending);
    const guess = exercise && saved?.[exercise.id]?.guess;
    if (!exercise || guess === undefined) return;
    const stop = (failure: string | null) => {
      dropQuestion();
      setPending(null);
      setInterrupted({ id: exercise.id, failure });
    };
    // A changed setup (a knob, a try-this, Back to the lesson’s setup) no longer answers the question.
    const now = { ...exercise.experiment, config, comparison, sweep };
    if (!sameExperiment(now, exercise.experiment)) return stop(null);
    const { measure, experiment } = exercise;
    if (!isWorkerMeasure(measure)) {
      const measured = measureRuns(measure, runs, experiment.stopAt);
      if (measured === null) return;
      setPending(null);
      saveLessonPrediction(lessonId, exercise.id, { guess, measured });
      return;
    }
    // A worker measure is asked once, when Play has paused at the checkpoint (training on moves past it).
    if (asking.current?.id === exercise.id) return;
    if (status === 'training' || !checkpointReached(measure, runs, experiment.stopAt)) return;
    const abort = new AbortController();
    asking.current = { id: exercise.id, abort };
    setMeasuring(exercise.id);
    controller()
      .request(workerRequest(measure), abort.signal)
      .then((reply) => {
        if (abort.signal.aborted) return;
        asking.current = null;
        setMeasuring(null);
        const measured = readWorkerReply(reply);
        if (measured === null) return stop('the model could not be served this way');
        setPending(null);
        saveLessonPrediction(lessonId, exercise.id, { guess, measured });
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) stop(err instanceof Error ? err.message : String(err));
      });
  }, [pending, exercises, saved, runs, status, config, comparison, sweep, lessonId, dropQuestion]);

  const run = (exercise: PredictExercise, guess: number) => {
    dropQuestion();
    saveLessonPrediction(lessonId, exercise.id, { guess });
    setInterrupted(null);
    startLessonExperiment(exercise.experiment);
    setPending(exercise.id);
    controller().play();
    onRun?.(exercise);
  };

  return (
    <PredictSection hint="Commit to a guess first; Run trains the experiment from step 0 in the live panel and measures it.">
      {exercises.map((exercise) => {
        const stopAt = exercise.experiment.stopAt.toLocaleString('en-US');
        const failure = interrupted?.id === exercise.id ? interrupted.failure : undefined;
        return (
          <Exercise
            key={exercise.id}
            exercise={exercise}
            describe={describeMeasure(exercise)}
            format={(value) => formatMeasured(exercise.measure, value)}
            saved={saved?.[exercise.id] ?? null}
            running={pending === exercise.id}
            progress={
              pending !== exercise.id
                ? null
                : measuring === exercise.id
                  ? `Your guess is locked in. Paused at step ${stopAt}: measuring…`
                  : `Your guess is locked in. Training to step ${stopAt}; the result appears when Play pauses there.`
            }
            interrupted={
              failure === undefined
                ? null
                : failure === null
                  ? `The setup changed before step ${stopAt}, so that run does not answer the question.`
                  : `The measurement failed: ${failure}.`
            }
            onRun={(guess) => run(exercise, guess)}
            onForget={() => {
              if (pending === exercise.id) {
                dropQuestion();
                setPending(null);
              }
              setInterrupted(null);
              saveLessonPrediction(lessonId, exercise.id, null);
            }}
          />
        );
      })}
    </PredictSection>
  );
}

function PredictSection({ hint, children }: { hint: string; children: ReactNode }) {
  return (
    <section className="predict" aria-labelledby="predict-title">
      <h2 id="predict-title">Predict, then run</h2>
      <p className="hint">{hint}</p>
      {children}
    </section>
  );
}

/**
 * A widget lesson's exercises: Run saves and locks the guess, measures the exercise's setup with
 * the engine at once, saves the value beside the guess, and hands the setup to the lesson
 * (`onRun`), which shows it in its widget.
 */
export function WidgetPredictExercises<T>({
  lessonId,
  exercises,
  onRun,
}: {
  lessonId: number;
  exercises: readonly WidgetPredictExercise<T>[];
  onRun: (exercise: WidgetPredictExercise<T>) => void;
}) {
  const saved = useStore((s) => s.lessons[lessonId]?.predictions);
  // The exercise whose setup gave no number (the engine's message, or null: no number for this setup).
  const [failed, setFailed] = useState<{ id: string; message: string } | null>(null);
  const run = (exercise: WidgetPredictExercise<T>, guess: number) => {
    setFailed(null);
    let measured: number | null;
    try {
      measured = exercise.measure(exercise.setup);
    } catch (err) {
      setFailed({ id: exercise.id, message: err instanceof Error ? err.message : String(err) });
      measured = null;
    }
    if (measured === null || !Number.isFinite(measured)) {
      setFailed((f) => f ?? { id: exercise.id, message: 'this setup gives no number to compare' });
      saveLessonPrediction(lessonId, exercise.id, { guess });
    } else saveLessonPrediction(lessonId, exercise.id, { guess, measured });
    onRun(exercise);
  };
  return (
    <PredictSection hint="Commit to a guess first; Run sets the experiment up in the live panel and measures it with the engine.">
      {exercises.map((exercise) => (
        <Exercise
          key={exercise.id}
          exercise={exercise}
          describe={exercise.measured}
          format={exercise.format}
          saved={saved?.[exercise.id] ?? null}
          running={false}
          progress={null}
          interrupted={failed?.id === exercise.id ? `The measurement failed: ${failed.message}.` : null}
          onRun={(guess) => run(exercise, guess)}
          onForget={() => {
            setFailed(null);
            saveLessonPrediction(lessonId, exercise.id, null);
          }}
        />
      ))}
    </PredictSection>
  );
}

/**
 * An exercise's verdict beside the live figure it measured, for a reader who ran it and now looks
 * at the chart (on a phone the exercise's own text is a screen away); nothing until it was measured.
 */
export function PredictVerdict({
  lessonId,
  exercise,
  describe,
  format,
  revealOnShow = false,
}: {
  lessonId: number;
  exercise: PredictQuestion;
  describe: string;
  format: (value: number) => string;
  /** Bring it into sight when a measurement arrives (it appears above a view the reader watches). */
  revealOnShow?: boolean;
}) {
  const saved = useStore((s) => s.lessons[lessonId]?.predictions?.[exercise.id]);
  const box = useRef<HTMLDivElement>(null);
  const measuredNow = saved?.measured;
  useEffect(() => {
    if (revealOnShow && measuredNow !== undefined && box.current) reveal(box.current);
  }, [revealOnShow, measuredNow]);
  const verdict = judgePrediction(exercise, saved);
  if (!verdict) return null;
  return (
    <div
      ref={box}
      className={`predict-result predict-verdict ${verdict.right ? 'correct' : 'wrong'}`}
      role="status"
      aria-label="Your prediction"
    >
      <Verdict exercise={exercise} describe={describe} format={format} verdict={verdict} />
    </div>
  );
}

/** A widget exercise's verdict (shown above the widget while it shows the exercise's setup). */
export function WidgetVerdict<T>({
  lessonId,
  exercise,
}: {
  lessonId: number;
  exercise: WidgetPredictExercise<T>;
}) {
  return (
    <PredictVerdict
      lessonId={lessonId}
      exercise={exercise}
      describe={exercise.measured}
      format={exercise.format}
    />
  );
}

/** A network exercise's verdict, beside its view while the live panel still holds its experiment. */
export function NetworkVerdict({ lessonId, exercise }: { lessonId: number; exercise: PredictExercise }) {
  const config = useStore((s) => s.config);
  const comparison = useStore((s) => s.comparison);
  const sweep = useStore((s) => s.sweep);
  if (!sameExperiment({ ...exercise.experiment, config, comparison, sweep }, exercise.experiment))
    return null;
  return (
    <PredictVerdict
      lessonId={lessonId}
      exercise={exercise}
      describe={describeMeasure(exercise)}
      format={(value) => formatMeasured(exercise.measure, value)}
      revealOnShow
    />
  );
}

/** “Measured: <what> was <value> — “<range>”. Your guess was right.” (or which range was guessed). */
function Verdict({
  exercise,
  describe,
  format,
  verdict,
}: {
  exercise: PredictQuestion;
  describe: string;
  format: (value: number) => string;
  verdict: JudgedPrediction;
}) {
  return (
    <p>
      Measured: {describe} was <strong>{format(verdict.measured)}</strong> — “
      {exercise.choices[verdict.outcome]}”.{' '}
      {verdict.right ? (
        <strong>Your guess was right.</strong>
      ) : (
        <>You guessed “{exercise.choices[verdict.guess]}”.</>
      )}
    </p>
  );
}

function Exercise({
  exercise,
  describe,
  format,
  saved,
  running,
  progress,
  interrupted,
  onRun,
  onForget,
}: {
  exercise: PredictQuestion;
  /** What is measured, in words. */
  describe: string;
  /** A measured value as the page states it. */
  format: (value: number) => string;
  saved: Prediction | null;
  /** Its run is training or being measured (Run is disabled meanwhile). */
  running: boolean;
  /** What the status says while it runs. */
  progress: string | null;
  /** Why the run did not answer (the setup changed, or the measurement failed). */
  interrupted: string | null;
  onRun: (guess: number) => void;
  onForget: () => void;
}) {
  const name = useId();
  const committed = committedGuess(exercise, saved);
  const [choice, setChoice] = useState<number | null>(committed?.guess ?? null);
  const guess = committed?.guess ?? choice;
  const verdict = judgePrediction(exercise, saved);
  return (
    <form
      className="predict-exercise"
      aria-label={exercise.question}
      onSubmit={(e) => {
        e.preventDefault();
        if (guess !== null) onRun(guess);
      }}
    >
      {/* A committed guess is locked: “Change my guess” forgets it (and its result) first. */}
      <fieldset disabled={committed !== null}>
        <legend>{exercise.question}</legend>
        {exercise.choices.map((text, i) => (
          <label key={text} className="quiz-option">
            <input type="radio" name={name} checked={guess === i} onChange={() => setChoice(i)} />
            <span>{text}</span>
          </label>
        ))}
      </fieldset>
      <div className="predict-buttons">
        <button type="submit" className="button primary" disabled={guess === null || running}>
          {committed?.measured === undefined ? 'Run' : 'Run again'}
        </button>
        {committed && (
          <button type="button" onClick={onForget}>
            Change my guess
          </button>
        )}
      </div>
      <div role="status" className="predict-status">
        {progress && <p>{progress}</p>}
        {interrupted && <p className="predict-result wrong">{interrupted} Press Run to measure it again.</p>}
        {verdict && (
          <div className={`predict-result ${verdict.right ? 'correct' : 'wrong'}`}>
            <Verdict exercise={exercise} describe={describe} format={format} verdict={verdict} />
            {verdict.outcome === exercise.expected ? (
              <p>{exercise.explain}</p>
            ) : (
              <p>
                The lesson’s claim tests measure “{exercise.choices[exercise.expected]}” on seeds 1, 2 and 3
                of this setup, so this run differs from them.
              </p>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
