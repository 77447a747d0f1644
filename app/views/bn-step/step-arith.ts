// How lesson 3's view writes the engine's numbers: aligned fixed-point formats per column (4
// significant digits for the column's largest value), the arithmetic behind every cell with the
// numbers substituted ("x̂ = (x − μ_B) / √(σ²_B + ε) = (1.234 − 0.5670) / √(0.8900 + 0.00001) =
// 0.7070"), and the γ/β slider ranges. Pure; no DOM. Every value on a left-hand side is the
// engine's (StepResult); the operands are kept unrounded so tests can recompute each line.

import { formatEps } from '../bn/inspector-math.ts';
import { channelIndices, elementAt, type StepResult } from './batch-step.ts';

/** The running statistics a fresh BatchNorm starts from (PyTorch): mean 0, variance 1. */
export const RUNNING_MEAN_START = 0;
export const RUNNING_VAR_START = 1;

/** Decimals that give the largest magnitude 4 significant digits (0–6 decimals). */
export function decimalsFor(maxAbs: number): number {
  if (!Number.isFinite(maxAbs) || maxAbs <= 0) return 3;
  return Math.min(6, Math.max(0, 3 - Math.floor(Math.log10(maxAbs))));
}

/** Fixed-point text with a true minus sign (U+2212); "−0.000" becomes "0.000"; '—' if not finite. */
export function formatFixed(v: number, decimals: number): string {
  if (!Number.isFinite(v)) return '—';
  const text = v.toFixed(decimals);
  if (/^-0\.?0*$/.test(text)) return text.slice(1);
  return text.replace(/^-/, '−');
}

/** Inverse of formatFixed (for tests reading the page). */
export function parseShown(text: string): number {
  return Number(text.trim().replace(/−/g, '-'));
}

/** A small magnitude (an error, ~1e−16) in scientific notation: "4.4e−16"; "0" for 0. */
export function formatTiny(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  if (Math.abs(v) >= 1e-3) return formatFixed(v, decimalsFor(Math.abs(v)));
  return v.toExponential(1).replace('e-', 'e−').replace(/^-/, '−');
}

/** What each table cell or statistic is. */
export type Quantity =
  | 'x'
  | 'xhat'
  | 'y'
  | 'mean'
  | 'variance'
  | 'gamma'
  | 'beta'
  | 'std'
  | 'unbiased'
  | 'runningMean'
  | 'runningVar';

/** Formats a quantity of channel c: the same decimals for a whole column, so points align. */
export type StepFormat = (q: Quantity, c: number, v: number) => string;

function maxAbs(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * The view's formats for one step. x and μ_B (and β, which lives in x's units once the
 * normalization is undone) share the decimals of the channel's largest |x|; x̂ uses 3 decimals
 * everywhere; y its own column's; every other statistic 4 significant digits.
 */
export function stepFormat(step: StepResult): StepFormat {
  const { shape, x } = step.batch;
  const xDecimals: number[] = [];
  const yDecimals: number[] = [];
  for (let c = 0; c < shape.c; c++) {
    const idx = channelIndices(shape, c);
    xDecimals.push(decimalsFor(maxAbs(idx.map((i) => x[i]))));
    yDecimals.push(decimalsFor(maxAbs(idx.map((i) => step.y[i]))));
  }
  return (q, c, v) => {
    switch (q) {
      case 'x':
      case 'mean':
      case 'beta':
        return formatFixed(v, xDecimals[c]);
      case 'xhat':
        return formatFixed(v, 3);
      case 'y':
        return formatFixed(v, yDecimals[c]);
      default:
        return formatFixed(v, decimalsFor(Math.abs(v)));
    }
  };
}

/** A cell the reader can ask about: an element of x / x̂ / y, or a per-channel number. */
export type CellKey =
  | { kind: 'x' | 'xhat' | 'y'; index: number }
  | { kind: 'mean' | 'variance' | 'gamma' | 'beta' | 'runningMean' | 'runningVar'; channel: number };

export function cellKeyId(key: CellKey): string {
  return 'index' in key ? `${key.kind}-${key.index}` : `${key.kind}-${key.channel}`;
}

/** The channel a cell belongs to. */
export function cellChannel(step: StepResult, key: CellKey): number {
  return 'index' in key ? elementAt(step.batch.shape, key.index).c : key.channel;
}

/** One equation: formula = substituted numbers = value (the engine's value, as shown). */
export interface ArithLine {
  formula: string;
  /** The formula with the numbers substituted; null when the value is given (an input). */
  substituted: string | null;
  value: number;
  shown: string;
  /** The substituted numbers, unrounded, in the order they appear. */
  operands: number[];
}

export interface Arithmetic {
  title: string;
  lines: ArithLine[];
  note: string;
}

/** The whole equation as one line of text. */
export function lineText(line: ArithLine): string {
  return line.substituted === null
    ? `${line.formula} = ${line.shown}`
    : `${line.formula} = ${line.substituted} = ${line.shown}`;
}

/** "feature 2" (dense) or "channel 2" (conv). */
export function channelWord(step: StepResult, c: number): string {
  return `${step.batch.shape.h * step.batch.shape.w === 1 ? 'feature' : 'channel'} ${c}`;
}

/** Where an element sits, in words: "sample 3, feature 2" or "image 1, channel 0, row 2, column 1". */
export function elementWords(step: StepResult, index: number): string {
  const { shape } = step.batch;
  const { n, c, h, w } = elementAt(shape, index);
  if (shape.h * shape.w === 1) return `sample ${n}, feature ${c}`;
  return `image ${n}, channel ${c}, row ${h}, column ${w}`;
}

/** The set a channel's statistics are taken over, in words. */
export function setWords(step: StepResult, c: number): string {
  const { shape } = step.batch;
  if (shape.h * shape.w === 1) return `feature ${c} over all ${shape.n} samples`;
  return `channel ${c} over ${shape.n} images × ${shape.h}×${shape.w} positions = ${step.m} values`;
}

/** A number after "+" or "−": negative values in parentheses. */
function term(text: string): string {
  return text.startsWith('−') ? `(${text})` : text;
}

/** The arithmetic behind one cell, with the engine's numbers substituted. */
export function arithmetic(step: StepResult, fmt: StepFormat, key: CellKey): Arithmetic {
  const c = cellChannel(step, key);
  const mean = step.mean[c];
  const variance = step.variance[c];
  const gamma = step.gamma[c];
  const beta = step.beta[c];
  const eps = formatEps(step.eps);
  const f = (q: Quantity, v: number) => fmt(q, c, v);
  const xs = channelIndices(step.batch.shape, c).map((i) => step.batch.x[i]);
  const m = step.m;
  const sqrtLine: ArithLine = {
    formula: '√(σ²_B + ε)',
    substituted: `√(${f('variance', variance)} + ${eps})`,
    value: Math.sqrt(variance + step.eps),
    shown: f('std', Math.sqrt(variance + step.eps)),
    operands: [variance, step.eps],
  };
  switch (key.kind) {
    case 'x':
    case 'xhat':
    case 'y': {
      const i = key.index;
      const x = step.batch.x[i];
      const xhat = step.xhat[i];
      return {
        title: elementWords(step, i),
        lines: [
          { formula: 'x', substituted: null, value: x, shown: f('x', x), operands: [] },
          {
            formula: 'x̂ = (x − μ_B) / √(σ²_B + ε)',
            substituted: `(${f('x', x)} − ${term(f('mean', mean))}) / √(${f('variance', variance)} + ${eps})`,
            value: xhat,
            shown: f('xhat', xhat),
            operands: [x, mean, variance, step.eps],
          },
          {
            formula: 'y = γ · x̂ + β',
            substituted: `${f('gamma', gamma)} × ${term(f('xhat', xhat))} + ${term(f('beta', beta))}`,
            value: step.y[i],
            shown: f('y', step.y[i]),
            operands: [gamma, xhat, beta],
          },
        ],
        note: `μ_B and σ²_B are those of ${setWords(step, c)}: every cell of this colour shares them.`,
      };
    }
    case 'mean':
      return {
        title: `Batch mean of ${channelWord(step, c)}`,
        lines: [
          {
            formula: 'μ_B = (1/m) Σ x',
            substituted: `(${xs.map((v, k) => (k === 0 ? f('x', v) : term(f('x', v)))).join(' + ')}) / ${m}`,
            value: mean,
            shown: f('mean', mean),
            operands: xs,
          },
        ],
        note: `The mean of ${setWords(step, c)}.`,
      };
    case 'variance':
      return {
        title: `Batch variance of ${channelWord(step, c)}`,
        lines: [
          {
            formula: 'σ²_B = (1/m) Σ (x − μ_B)²',
            substituted: `(${xs.map((v) => `(${f('x', v)} − ${term(f('mean', mean))})²`).join(' + ')}) / ${m}`,
            value: variance,
            shown: f('variance', variance),
            operands: [...xs, mean],
          },
          sqrtLine,
        ],
        note: `Biased: divided by m = ${m}, not m − 1 = ${m - 1}, over ${setWords(step, c)}. The running variance stores the unbiased one.`,
      };
    case 'gamma':
      return {
        title: `Scale γ of ${channelWord(step, c)}`,
        lines: [
          { formula: 'γ', substituted: null, value: gamma, shown: f('gamma', gamma), operands: [] },
          sqrtLine,
        ],
        note: 'A learned parameter (1 at the start; move it with the slider). γ = √(σ²_B + ε) together with β = μ_B undoes the normalization: y = x.',
      };
    case 'beta':
      return {
        title: `Shift β of ${channelWord(step, c)}`,
        lines: [
          { formula: 'β', substituted: null, value: beta, shown: f('beta', beta), operands: [] },
          { formula: 'μ_B', substituted: null, value: mean, shown: f('mean', mean), operands: [] },
        ],
        note: 'A learned parameter (0 at the start; move it with the slider). β = μ_B together with γ = √(σ²_B + ε) undoes the normalization: y = x.',
      };
    case 'runningMean': {
      const keep = 1 - step.momentum;
      return {
        title: `Running mean of ${channelWord(step, c)} after this step`,
        lines: [
          {
            formula: `μ̂ = ${keep} · ${RUNNING_MEAN_START} + ${step.momentum} · μ_B`,
            substituted: `${keep} × ${RUNNING_MEAN_START} + ${step.momentum} × ${term(f('mean', mean))}`,
            value: step.runningMean[c],
            shown: f('runningMean', step.runningMean[c]),
            operands: [keep, RUNNING_MEAN_START, step.momentum, mean],
          },
        ],
        note: `Running statistics start at mean ${RUNNING_MEAN_START} and variance ${RUNNING_VAR_START}; each training step moves them ${step.momentum} of the way to the batch's (PyTorch's momentum ${step.momentum}). Inference (eval mode) normalizes with them.`,
      };
    }
    case 'runningVar': {
      const keep = 1 - step.momentum;
      const unbiased = (variance * m) / (m - 1);
      return {
        title: `Running variance of ${channelWord(step, c)} after this step`,
        lines: [
          {
            formula: 'σ²_unbiased = σ²_B · m/(m − 1)',
            substituted: `${f('variance', variance)} × ${m}/${m - 1}`,
            value: unbiased,
            shown: f('unbiased', unbiased),
            operands: [variance, m, m - 1],
          },
          {
            formula: `σ̂² = ${keep} · ${RUNNING_VAR_START} + ${step.momentum} · σ²_unbiased`,
            substituted: `${keep} × ${RUNNING_VAR_START} + ${step.momentum} × ${f('unbiased', unbiased)}`,
            value: step.runningVar[c],
            shown: f('runningVar', step.runningVar[c]),
            operands: [keep, RUNNING_VAR_START, step.momentum, unbiased],
          },
        ],
        note: 'The running variance stores the UNBIASED batch variance (divided by m − 1), while this step normalized with the biased one (PyTorch).',
      };
    }
  }
}

/** Ranges of the γ and β sliders of channel c: wide enough for the undo values and more. */
export function sliderRanges(
  step: StepResult,
  c: number,
): { gammaMax: number; betaMin: number; betaMax: number } {
  const sd = Math.sqrt(step.variance[c] + step.eps);
  const gammaMax = Math.max(2, Math.ceil(1.5 * sd));
  const reach = Math.max(2, Math.ceil(Math.abs(step.mean[c]) + 2 * sd));
  return { gammaMax, betaMin: -reach, betaMax: reach };
}

/** The mean and biased variance of x̂ over channel c (the check that BN did its job). */
export function xhatMoments(step: StepResult, c: number): { mean: number; variance: number } {
  const values = channelIndices(step.batch.shape, c).map((i) => step.xhat[i]);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, variance };
}
