// An experiment as files to take home: the runs' recorded series as CSV, and the experiment (its
// deep-link query, the config, comparison and sweep that query stands for, and the series) as
// JSON. Importing reads a JSON file back like a deep link: the stored query goes through the
// codec's total parser, so a file can never load an invalid experiment. Pure: no DOM, no store.

import type { Comparison, ExperimentConfig, Sweep } from '#engine';
import { type ExperimentLink, formatExperimentParams, parseExperimentParams } from './experiment-codec.ts';

/** What names a NormLab experiment file (`format`), and the file layout this build writes. */
export const EXPERIMENT_FILE_FORMAT = 'normlab-experiment';
export const EXPERIMENT_FILE_VERSION = 1;
/** A larger file is refused unread (an hour-long run's series stay far below this). */
export const MAX_EXPERIMENT_FILE_BYTES = 20_000_000;
export const FILE_TOO_LARGE = 'The file is too large to be an experiment file; nothing was changed';

/**
 * One recorded series as parallel arrays: recorded points, each at the exact training step it was
 * recorded at, with the exact value recorded there. A long run's history is bounded
 * (runtime/series.ts): past its capacity only every `recordedPerPoint`-th recorded point is
 * kept (1 until then; it doubles each time the run outgrows the buffer).
 */
export interface SeriesPoints {
  /** How many consecutive recorded points each listed point stands for (the first of them is listed). */
  recordedPerPoint: number;
  step: number[];
  value: number[];
}

/** A run's recorded series (what the Lab's charts draw). */
export interface RunRecord {
  label: string;
  loss: SeriesPoints;
  testLoss: SeriesPoints;
  testAccuracy: SeriesPoints;
}

export interface ExperimentFile {
  format: typeof EXPERIMENT_FILE_FORMAT;
  version: number;
  /** The canonical deep-link query: the one source an import reads. */
  query: string;
  config: ExperimentConfig;
  comparison: Comparison | null;
  sweep: Sweep | null;
  runs: RunRecord[];
}

/** The minimal view of a Series (app/runtime/series.ts) this module reads. */
export interface SeriesLike {
  length: number;
  width: number;
  x: ArrayLike<number>;
  first: ArrayLike<number>;
}

/**
 * A number as the shortest text that reads back as the same value: a float32 value (the
 * engine's losses) as the shortest decimal that rounds to that float32 (0.6931472, not
 * 0.6931471824645996), any other as JavaScript's shortest round-trip form. Never
 * locale-formatted.
 */
export function exactNumber(v: number): string {
  if (Math.fround(v) === v)
    for (let p = 1; p < 9; p++) {
      const short = Number(v.toPrecision(p));
      if (Math.fround(short) === v) return String(short);
    }
  return String(v);
}

/** A series' kept points as plain arrays: each one's step and value exactly as recorded. */
export function seriesPoints(series: SeriesLike): SeriesPoints {
  const step: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < series.length; i++) {
    step.push(series.x[i]);
    value.push(Number(exactNumber(series.first[i])));
  }
  return { recordedPerPoint: series.width, step, value };
}

/** A run's record from its metric histories (runtime/metrics.ts RunMetrics). */
export function runRecord(
  label: string,
  metrics: { loss: SeriesLike; testLoss: SeriesLike; testAccuracy: SeriesLike },
): RunRecord {
  return {
    label,
    loss: seriesPoints(metrics.loss),
    testLoss: seriesPoints(metrics.testLoss),
    testAccuracy: seriesPoints(metrics.testAccuracy),
  };
}

/** A number as a CSV cell: exactNumber, empty when missing. */
function cell(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : exactNumber(v);
}

/** A text cell, quoted when it holds a comma, quote or line break (RFC 4180). */
function textCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_HEADER = 'run,step,loss,test_loss,test_accuracy';

/**
 * One row per recorded step and run (the union of the steps the run's series kept, in order):
 * `step` is the exact training step each value was recorded at; a cell is empty where that
 * series has no point at that step (test metrics are measured every few steps only).
 */
export function formatRunsCsv(runs: readonly RunRecord[]): string {
  const lines = [CSV_HEADER];
  for (const run of runs) {
    const columns = [run.loss, run.testLoss, run.testAccuracy].map(
      (s) => new Map(s.step.map((step, i) => [step, s.value[i]] as const)),
    );
    const steps = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort((a, b) => a - b);
    const label = textCell(run.label);
    for (const step of steps)
      lines.push([label, cell(step), ...columns.map((c) => cell(c.get(step)))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The experiment file as pretty JSON: the link's query and what it stands for, and the runs. */
export function formatExperimentJson(link: ExperimentLink, runs: readonly RunRecord[]): string {
  const file: ExperimentFile = {
    format: EXPERIMENT_FILE_FORMAT,
    version: EXPERIMENT_FILE_VERSION,
    query: formatExperimentParams(link),
    config: link.config,
    comparison: link.comparison ?? null,
    sweep: link.sweep ?? null,
    runs: [...runs],
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

export type ImportResult =
  | {
      ok: true;
      config: ExperimentConfig;
      comparison: Comparison | null;
      sweep: Sweep | null;
      /** What was repaired on the way, one sentence each (as for a deep link). */
      issues: string[];
    }
  | { ok: false; reason: string };

/**
 * Reads an experiment file's text. Total: never throws. A file that is not a NormLab experiment
 * (not JSON, wrong format, no query) is refused with a reason; otherwise its query is parsed
 * like a deep link, so bad keys fall back to their defaults and are reported as issues.
 */
export function parseExperimentFile(text: string): ImportResult {
  if (typeof text !== 'string' || text.length > MAX_EXPERIMENT_FILE_BYTES)
    return { ok: false, reason: FILE_TOO_LARGE };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The file is not valid JSON; nothing was changed' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return {
      ok: false,
      reason: 'The file is not a NormLab experiment (no JSON object); nothing was changed',
    };
  const file = data as Record<string, unknown>;
  if (file.format !== EXPERIMENT_FILE_FORMAT || typeof file.query !== 'string')
    return {
      ok: false,
      reason: `The file is not a NormLab experiment (no "format": "${EXPERIMENT_FILE_FORMAT}" with a "query"); nothing was changed`,
    };
  const issues: string[] = [];
  if (file.version !== EXPERIMENT_FILE_VERSION)
    issues.push(
      `The file has version ${String(file.version).slice(0, 20)}; it was read as version ${EXPERIMENT_FILE_VERSION}`,
    );
  const parsed = parseExperimentParams(file.query);
  issues.push(...parsed.issues);
  return { ok: true, config: parsed.config, comparison: parsed.comparison, sweep: parsed.sweep, issues };
}
