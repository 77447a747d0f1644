// What a written lesson is made of (see shared COURSE.md): a few screens of narrative with
// formulas, one live experiment with "try this" prompts that each change one knob, a takeaway
// and one check-your-understanding question. Each lesson lives in its folder, app/lessons/lesson-N/.

import type { ReactNode } from 'react';
import type { KnobName } from '../lab/Knob.tsx';
import type { LessonExperiment } from './lesson-experiment.ts';

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
  /** Network lessons: what starts after the change. Default 'play' (train from step 0). */
  start?: 'play' | 'sweep';
}

export interface QuizOption {
  text: string;
  correct: boolean;
  /** Why this answer is right or wrong (shown once chosen). */
  feedback: string;
}

export interface Quiz {
  question: string;
  options: QuizOption[];
}

/** The live views a network lesson can show beside its text. */
export type NetworkView =
  | 'loss'
  | 'accuracy'
  | 'runs'
  | 'activations'
  | 'drift'
  | 'diagnostics'
  | 'inspector'
  | 'serving'
  | 'sweep'
  | 'boundary'
  | 'network'
  | 'smoothness';

/** A lesson that trains networks with the app's engine workers (the Lab's runtime). */
export interface NetworkLive {
  kind: 'network';
  preset: LessonExperiment;
  /** The knobs offered beside the views. */
  knobs: KnobName[];
  views: NetworkView[];
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
  render: (value: T, onChange: (next: T) => void) => ReactNode;
  tryThis: TryThis<T>[];
  /** A network experiment that continues the lesson in the Lab ("Open in Lab"), if any. */
  lab?: LessonExperiment;
}

export interface LessonContent {
  id: number;
  screens: LessonScreen[];
  // biome-ignore lint/suspicious/noExplicitAny: each widget lesson has its own state type
  live: NetworkLive | WidgetLive<any>;
  takeaway: ReactNode;
  quiz: Quiz;
}
