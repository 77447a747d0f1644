// Deep links for the Lab and the lessons: ExperimentConfig (plus an optional comparison, sweep
// and lesson step) <-> a readable query string, `v=1&dataset=spiral&...&seed=1`. Parsing is
// total: it never throws, checks each key on its own against engine/experiment/experiment.ts's limits,
// falls back per key to the default and returns the rest as plain-text issue sentences. This
// module only parses and formats: what a valid config, comparison or sweep is, and how a
// conflicting config is mended, are engine/experiment/experiment.ts's rules.
// Values only ever leave as typed numbers and known enum strings; render issues as text.

import {
  COMPARE_KNOBS,
  COMPARE_VALUE_COUNT,
  type Comparison,
  configProblems,
  DEFAULT_CONFIG,
  DEFAULT_SWEEP_STEPS,
  ENUM_VALUES,
  type ExperimentConfig,
  type Limits,
  NUMERIC_LIMITS,
  raiseBatchSize,
  repairConfig,
  SWEEP_BUDGETS,
  SWEEP_KNOBS,
  SWEEP_METRICS,
  SWEEP_STEP_LIMITS,
  SWEEP_VALUE_COUNT,
  type Sweep,
  type SweepBudget,
  type SweepMetric,
  withArmsBatchSize,
  withKnob,
} from '#engine';
import { LESSON_STEP_LIMITS, MAX_QUERY_CHARS } from './link-limits.ts';

export { LESSON_STEP_LIMITS, MAX_QUERY_CHARS };

/** The link format this build writes (`v=1`). A link without `v` is read as v=1. */
export const URL_VERSION = 1;
/** ... and at most this many `key=value` pairs of it. */
export const MAX_PARAMS = 128;
/** Offending values are quoted in issues up to this many characters. */
export const MAX_QUOTED_CHARS = 40;

const MAX_UNKNOWN_NAMED = 5;

type ConfigKey = keyof ExperimentConfig;
type NumericKey = keyof typeof NUMERIC_LIMITS;
type EnumKey = keyof typeof ENUM_VALUES;

export interface ExperimentLink {
  config: ExperimentConfig;
  comparison?: Comparison | null;
  sweep?: Sweep | null;
  lessonStep?: number | null;
}

export interface ParsedExperimentParams {
  config: ExperimentConfig;
  comparison: Comparison | null;
  sweep: Sweep | null;
  lessonStep: number | null;
  /** User-facing sentences, one per problem; empty for a canonical link. */
  issues: string[];
}

const CONFIG_KEYS = Object.keys(DEFAULT_CONFIG) as ConfigKey[];
const EXTRA_KEYS = [
  'v',
  'compare',
  'values',
  'sweep',
  'sweepValues',
  'sweepSteps',
  'step',
  'sweepMetric',
  'sweepBudget',
] as const;
type ParamKey = ConfigKey | (typeof EXTRA_KEYS)[number];
/** Keys are matched case-insensitively (people type links); the canonical spelling is written back. */
const PARAM_KEYS = new Map<string, ParamKey>(
  [...CONFIG_KEYS, ...EXTRA_KEYS].map((key) => [key.toLowerCase(), key] as const),
);

/** Writes the canonical query (no leading '?'): `v`, every config key in DEFAULT_CONFIG order, extras. */
export function formatExperimentParams(link: ExperimentLink): string {
  const { config, comparison = null, sweep = null, lessonStep = null } = link;
  const parts = [`v=${URL_VERSION}`];
  for (const key of CONFIG_KEYS) parts.push(`${key}=${formatValue(config[key])}`);
  if (comparison) parts.push(`compare=${comparison.knob}`, `values=${formatList(comparison.values)}`);
  if (sweep) {
    parts.push(`sweep=${sweep.knob}`, `sweepValues=${formatList(sweep.values)}`, `sweepSteps=${sweep.steps}`);
    // The defaults (final loss, the same steps) are left out, so older links stay canonical.
    if (sweep.metric && sweep.metric !== 'loss') parts.push(`sweepMetric=${sweep.metric}`);
    if (sweep.budget && sweep.budget !== 'steps') parts.push(`sweepBudget=${sweep.budget}`);
  }
  if (lessonStep !== null) parts.push(`step=${lessonStep}`);
  return parts.join('&');
}

/**
 * Reads a query string (with or without its leading '?', URLSearchParams decoding: '+' is a
 * space, bad percent-escapes stay literal). Total: any input gives a valid config (per-key
 * limits and configProblems() both satisfied) and the issues met on the way.
 */
export function parseExperimentParams(
  query: string,
  /** What a missing or invalid key falls back to (a lesson passes its own setup). Must be valid. */
  defaults: ExperimentConfig = DEFAULT_CONFIG,
): ParsedExperimentParams {
  const issues: string[] = [];
  const params = readParams(typeof query === 'string' ? query : '', issues);
  readVersion(params.get('v'), issues);

  const config: ExperimentConfig = { ...defaults };
  const given = new Set<ConfigKey>();
  for (const key of CONFIG_KEYS) {
    const raw = params.get(key);
    if (raw === undefined) continue;
    const field = parseField(key, raw);
    if (field.ok) {
      setField(config, key, field.value);
      given.add(key);
    } else {
      issues.push(`${key} ${field.reason}; using ${formatValue(defaults[key])}`);
    }
  }
  repairConfig(config, given, issues, defaults);

  const comparison = readComparison(params, config, issues);
  const sweep = readSweep(params, config, comparison, issues);
  let lessonStep: number | null = null;
  const rawStep = params.get('step');
  if (rawStep !== undefined) {
    const step = parseNumber(rawStep, LESSON_STEP_LIMITS);
    if (step.ok) lessonStep = step.value;
    else issues.push(`step ${step.reason}; the link opens at the lesson's start`);
  }
  return { config, comparison, sweep, lessonStep, issues };
}

// ---------------------------------------------------------------------------------------------
// Reading the raw pairs

/** First value of each known key (canonical spelling); duplicates, unknown keys and excess reported. */
function readParams(query: string, issues: string[]): Map<ParamKey, string> {
  let text = query.startsWith('?') ? query.slice(1) : query;
  if (text.length > MAX_QUERY_CHARS) {
    issues.push(
      `The link is too long (${text.length} characters); only its first ${MAX_QUERY_CHARS} were read`,
    );
    // Cut at a pair boundary so the last pair read is a whole one.
    const cut = text.lastIndexOf('&', MAX_QUERY_CHARS);
    text = text.slice(0, cut > 0 ? cut : MAX_QUERY_CHARS);
  }
  const params = new Map<ParamKey, string>();
  const repeats = new Map<ParamKey, number>();
  const unknown = new Set<string>();
  let pairs = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === '' && value === '') continue;
    if (++pairs > MAX_PARAMS) {
      issues.push(`The link has more than ${MAX_PARAMS} parameters; the rest were ignored`);
      break;
    }
    const key = PARAM_KEYS.get(name.toLowerCase());
    if (key === undefined) {
      unknown.add(name);
    } else if (params.has(key)) {
      repeats.set(key, (repeats.get(key) ?? 1) + 1);
    } else {
      params.set(key, value);
    }
  }
  for (const [key, count] of repeats) {
    issues.push(`${key} appears ${count} times; the first one was used`);
  }
  if (unknown.size > 0) {
    const named = [...unknown].slice(0, MAX_UNKNOWN_NAMED).map(quote);
    const more = unknown.size > named.length ? ` and ${unknown.size - named.length} more` : '';
    const noun = unknown.size === 1 ? 'parameter was' : 'parameters were';
    issues.push(`Unknown ${noun} ignored: ${named.join(', ')}${more}`);
  }
  return params;
}

function readVersion(raw: string | undefined, issues: string[]): void {
  if (raw === undefined) return;
  const text = raw.trim();
  const version = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (version === URL_VERSION) return;
  if (version > URL_VERSION) {
    issues.unshift(
      `This link comes from a newer version of NormLab (v=${version}); only the settings this version knows were read`,
    );
  } else {
    issues.unshift(`v ${quote(raw)} is not a known link version; reading it as v=${URL_VERSION}`);
  }
}

// ---------------------------------------------------------------------------------------------
// One value

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Shortest decimal that parses back to the same double (ECMAScript Number::toString). */
const formatNumber = (n: number): string => String(n === 0 ? 0 : n);
const formatValue = (value: number | string): string =>
  typeof value === 'number' ? formatNumber(value) : encodeURIComponent(value);
const formatList = (values: readonly (number | string)[]): string => values.map(formatValue).join(',');

/** Plain decimal or scientific notation; no hex, no 'Infinity', no empty string (Number('') is 0). */
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumber(raw: string, limits: Limits): Parsed<number> {
  const text = raw.trim();
  if (!NUMBER_PATTERN.test(text)) return { ok: false, reason: `${quote(raw)} is not a number` };
  const n = Number(text);
  // The text matched NUMBER_PATTERN, so it is digits and signs only: safe to show unquoted.
  if (!(n >= limits.min && n <= limits.max)) {
    const range = `${formatNumber(limits.min)}–${formatNumber(limits.max)}`;
    return { ok: false, reason: `${clip(text)} is out of range (${range})` };
  }
  if (limits.integer && !Number.isInteger(n))
    return { ok: false, reason: `${clip(text)} is not a whole number` };
  return { ok: true, value: n === 0 ? 0 : n };
}

function parseEnum(raw: string, allowed: readonly string[]): Parsed<string> {
  const text = raw.trim().toLowerCase();
  if (allowed.includes(text)) return { ok: true, value: text };
  return { ok: false, reason: `${quote(raw)} is not one of ${allowed.join(', ')}` };
}

const isNumericKey = (key: ConfigKey): key is NumericKey => Object.hasOwn(NUMERIC_LIMITS, key);
const isEnumKey = (key: ConfigKey): key is EnumKey => Object.hasOwn(ENUM_VALUES, key);

function parseField(key: ConfigKey, raw: string): Parsed<number | string> {
  if (isNumericKey(key)) return parseNumber(raw, NUMERIC_LIMITS[key]);
  if (isEnumKey(key)) return parseEnum(raw, ENUM_VALUES[key]);
  // Every config field is numeric or an enum; a new kind of field must be taught here.
  const unhandled: never = key;
  return { ok: false, reason: `cannot be read from a link (${String(unhandled)})` };
}

/** The one place a checked value is written back into the typed config. */
function setField(config: ExperimentConfig, key: ConfigKey, value: number | string): void {
  (config as unknown as Record<ConfigKey, number | string>)[key] = value;
}

/** Quotes untrusted text for an issue: bounded, with quotes, backslashes and invisible characters escaped. */
function quote(raw: string): string {
  const points = Array.from(raw.slice(0, MAX_QUOTED_CHARS * 2 + 2));
  const clipped = points.length > MAX_QUOTED_CHARS || raw.length > MAX_QUOTED_CHARS * 2 + 2;
  let out = '';
  for (const ch of points.slice(0, MAX_QUOTED_CHARS)) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (/[\p{C}\p{Zl}\p{Zp}]/u.test(ch)) out += `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
    else out += ch;
  }
  return `"${out}${clipped ? '…' : ''}"`;
}

/** Bounds text already known to be harmless (a numeric literal). */
const clip = (text: string): string =>
  text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;

// ---------------------------------------------------------------------------------------------
// Comparison, sweep

interface KnobValues {
  knob: ConfigKey;
  values: (number | string)[];
}

/**
 * `name=<knob>` plus a comma list of values: each valid for the knob and, substituted into the
 * config, leaving configProblems() empty; no repeats. Otherwise the reason, as an issue prefix.
 */
function readKnobValues(
  name: string,
  rawKnob: string,
  rawValues: string | undefined,
  knobs: readonly ConfigKey[],
  count: { min: number; max: number },
  config: ExperimentConfig,
  valuesKey: string,
): { ok: true; value: KnobValues } | { ok: false; reason: string } {
  const wanted = rawKnob.trim().toLowerCase();
  const knob = knobs.find((k) => k.toLowerCase() === wanted);
  if (knob === undefined)
    return { ok: false, reason: `${name} ${quote(rawKnob)} is not one of ${knobs.join(', ')}` };
  const items = rawValues?.split(',', count.max + 1) ?? [];
  if (items.length < count.min || items.length > count.max) {
    return {
      ok: false,
      reason: `${name}=${knob} needs ${valuesKey}= with ${count.min}–${count.max} comma-separated values`,
    };
  }
  const values: (number | string)[] = [];
  for (const item of items) {
    const field = parseField(knob, item);
    if (!field.ok) return { ok: false, reason: `${name}=${knob}: ${field.reason}` };
    if (values.includes(field.value)) {
      return { ok: false, reason: `${name}=${knob} lists ${formatValue(field.value)} twice` };
    }
    // A batch size too small for the value's normalizer is mended afterwards (readComparison).
    const arm = withKnob(config, knob, field.value);
    const problems = configProblems(knob === 'batchSize' ? arm : withArmsBatchSize(arm, null));
    if (problems.length > 0) {
      return {
        ok: false,
        reason: `${name}=${knob}: ${formatValue(field.value)} cannot run here (${problems[0]})`,
      };
    }
    values.push(field.value);
  }
  return { ok: true, value: { knob, values } };
}

function readComparison(
  params: Map<ParamKey, string>,
  config: ExperimentConfig,
  issues: string[],
): Comparison | null {
  const rawKnob = params.get('compare');
  if (rawKnob === undefined) {
    if (params.has('values')) issues.push('values was ignored: it needs compare=<setting>');
    return null;
  }
  const read = readKnobValues(
    'compare',
    rawKnob,
    params.get('values'),
    COMPARE_KNOBS,
    COMPARE_VALUE_COUNT,
    config,
    'values',
  );
  if (!read.ok) {
    issues.push(`${read.reason}; the comparison was left out`);
    return null;
  }
  const comparison = read.value as Comparison;
  // An arm that cannot train at the link's batch size (BatchNorm at 1) raises it for every arm.
  config.batchSize = raiseBatchSize(config, comparison, issues).batchSize;
  return comparison;
}

function readSweep(
  params: Map<ParamKey, string>,
  config: ExperimentConfig,
  comparison: Comparison | null,
  issues: string[],
): Sweep | null {
  const rawKnob = params.get('sweep');
  if (rawKnob === undefined) {
    for (const key of ['sweepValues', 'sweepSteps', 'sweepMetric', 'sweepBudget'] as const) {
      if (params.has(key)) issues.push(`${key} was ignored: it needs sweep=<setting>`);
    }
    return null;
  }
  const read = readKnobValues(
    'sweep',
    rawKnob,
    params.get('sweepValues'),
    SWEEP_KNOBS,
    SWEEP_VALUE_COUNT,
    config,
    'sweepValues',
  );
  if (!read.ok) {
    issues.push(`${read.reason}; the sweep was left out`);
    return null;
  }
  const { knob, values } = read.value;
  if (comparison) {
    // Every (comparison arm, sweep point) pair must be a runnable config too.
    if (comparison.knob === knob) {
      issues.push(`sweep=${knob} varies the same setting as compare=${knob}; the sweep was left out`);
      return null;
    }
    for (const a of comparison.values) {
      for (const b of values) {
        const problems = configProblems(withKnob(withKnob(config, comparison.knob, a), knob, b));
        if (problems.length > 0) {
          issues.push(
            `sweep=${knob}: ${formatValue(b)} cannot run with ${comparison.knob}=${formatValue(a)} (${problems[0]}); the sweep was left out`,
          );
          return null;
        }
      }
    }
  }
  let steps = DEFAULT_SWEEP_STEPS;
  const rawSteps = params.get('sweepSteps');
  if (rawSteps !== undefined) {
    const parsed = parseNumber(rawSteps, SWEEP_STEP_LIMITS);
    if (parsed.ok) steps = parsed.value;
    else issues.push(`sweepSteps ${parsed.reason}; using ${DEFAULT_SWEEP_STEPS}`);
  }
  const sweep = { knob, values, steps } as Sweep;
  const metric = readSweepOption(params, 'sweepMetric', SWEEP_METRICS, issues);
  if (metric && metric !== 'loss') sweep.metric = metric as SweepMetric;
  const budget = readSweepOption(params, 'sweepBudget', SWEEP_BUDGETS, issues);
  if (budget && budget !== 'steps') sweep.budget = budget as SweepBudget;
  return sweep;
}

/** `sweepMetric` / `sweepBudget`: one of `allowed`, or null (left out, or unreadable: said in issues). */
function readSweepOption(
  params: Map<ParamKey, string>,
  key: 'sweepMetric' | 'sweepBudget',
  allowed: readonly string[],
  issues: string[],
): string | null {
  const raw = params.get(key);
  if (raw === undefined) return null;
  const parsed = parseEnum(raw, allowed);
  if (parsed.ok) return parsed.value;
  issues.push(`${key} ${parsed.reason}; using ${allowed[0]}`);
  return null;
}
