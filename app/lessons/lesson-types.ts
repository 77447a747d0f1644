// What a written lesson is made of (see shared COURSE.md): a few screens of narrative with
// formulas, one live experiment with "try this" prompts that each change one knob, a takeaway
// and one check-your-understanding question. Each lesson lives in its folder, app/lessons/lesson-N/.

import type { ReactNode } from 'react';
import type { KnobName } from '../lab/Knob.tsx';
import type { ViewId } from '../lab/views.tsx';
import type { LessonExperiment } from './lesson-experiment.ts';
import type { PredictExercise, WidgetPredictExercise } from './predict.ts';

export interface LessonScreen {
  title: string;
  body: ReactNode;
}

/** One click that changes one knob, and what to look for afterwards. */
export interface TryThis<T> {
  /** The button's text: the change, e.g. "Turn BatchNorm off". */
  label: string;
  /** What to look for once it runs. */
  look: string;
  apply: (current: T) => T;
  /** Claim ids (see Claim.tsx) of the numbers or mechanisms `look` states. */
  claims?: readonly string[];
  /**
   * Network lessons: the view the change shows best, brought into sight when the prompt is
   * pressed. Default: the sweep chart for a sweep, else the loss chart, or the lesson's first view
   * if it has none (`tryThisView` in pages/LessonPage.tsx).
   */
  view?: ViewId;
  /** Network lessons: what starts after the change. Default 'play' (train from step 0). */
  start?: 'play' | 'sweep';
}

export interface QuizOption {
  text: string;
  correct: boolean;
  /** Why this answer is right or wrong (shown once chosen). */
  feedback: string;
  /** Claim ids (see Claim.tsx) of the numbers or mechanisms `text` or `feedback` state. */
  claims?: readonly string[];
}

/** A source a lesson rests on: a paper (authors, year, title, venue) or a framework's docs. */
export interface Reference {
  authors: string;
  year: number;
  title: string;
  /** Venue or document, e.g. "ICML 2015" or "PyTorch documentation, torch.nn.BatchNorm1d". */
  where?: string;
  /** What the lesson takes from it, in a few words. */
  note?: string;
}

export interface Quiz {
  question: string;
  options: QuizOption[];
}

/** A lesson that trains networks with the app's engine workers (the Lab's runtime). */
export interface NetworkLive {
  kind: 'network';
  preset: LessonExperiment;
  /** The knobs offered beside the views. */
  knobs: KnobName[];
  /** The live views beside the text, by registry id (lab/views.tsx). */
  views: ViewId[];
  tryThis: TryThis<LessonExperiment>[];
}

/**
 * A lesson whose experiment is its own component (the loss landscape, the one-batch BN
 * walk-through). Its state travels in the lesson's link through `read`/`write`.
 */
export interface WidgetLive<T> {
  kind: 'widget';
  preset: T;
  /** The state a link's query describes, or null when it names none (then the preset is used). */
  read: (params: URLSearchParams) => { value: T; issues: string[] } | null;
  /** Query pairs for a state (the lesson adds `step`). */
  write: (value: T) => [string, string][];
  /**
   * The widget. `tries` counts the try-this prompts pressed so far: a widget that plays (lesson 1's
   * descent) plays when it changes, as a network lesson's try-this starts training.
   */
  render: (value: T, onChange: (next: T) => void, tries: number) => ReactNode;
  tryThis: TryThis<T>[];
  /** A network experiment that continues the lesson in the Lab ("Open in Lab"), if any. */
  lab?: LessonExperiment;
  /** Predict-then-run exercises on the widget (kept in `lesson-N/predict.ts`). */
  predict?: readonly WidgetPredictExercise<T>[];
}

export interface LessonContent {
  id: number;
  screens: LessonScreen[];
  // biome-ignore lint/suspicious/noExplicitAny: each widget lesson has its own state type
  live: NetworkLive | WidgetLive<any>;
  takeaway: ReactNode;
  quiz: Quiz;
  /** Predict-then-run exercises on the live experiment (network lessons; kept in `lesson-N/predict.ts`; a widget lesson lists its own in `live.predict`). */
  predict?: readonly PredictExercise[];
  /** The lesson's sources, listed at its end (kept in `lesson-N/sources.ts`). */
  references: readonly Reference[];
}
