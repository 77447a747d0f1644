// Fixed, fabricated data for the BN views' tests and screenshots: a deterministic batch of an
// observed layer's input (dense [C] or conv [C, H, W]), with the statistics the engine would
// report for it (per-cell, BatchNorm per channel, the inspector's numbers) and a BatchNorm
// running-statistics history (PyTorch update, unbiased running variance). No randomness.

import {
  DEFAULT_CONFIG,
  type ExperimentConfig,
  type LayerInfo,
  type NormChoice,
  type Observation,
  type RunSnapshot,
} from '#engine';
import type { RunView } from '../../store/run-slice.ts';

export const FIXTURE_CONFIG: ExperimentConfig = { ...DEFAULT_CONFIG, dataset: 'spiral', batchSize: 32 };

/** The batch at `step`: N samples × C channels × S positions, row-major ((n * C + c) * S + s). */
export function fixtureBatch(n: number, c: number, spatial: number, step: number): Float64Array {
  const x = new Float64Array(n * c * spatial);
  const drift = Math.min(1, step / 400);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let s = 0; s < spatial; s++) {
        const k = (i * c + ch) * spatial + s;
        const base = 0.3 * Math.sin(ch * 1.7) + 0.8 * drift * Math.cos(ch);
        const spread = 0.6 + 0.25 * ((ch * 7) % 5);
        x[k] = base + spread * Math.sin(1.3 * i + 0.7 * ch + 0.37 * s + step / 53) + 0.05 * Math.cos(s + i);
      }
  return x;
}

function meanVar(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, variance: values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length };
}

/** Values of channel ch over the whole batch (all samples and positions). */
export function channelValues(x: Float64Array, n: number, c: number, spatial: number, ch: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let s = 0; s < spatial; s++) out.push(x[(i * c + ch) * spatial + s]);
  return out;
}

/** Values with sample in [s0, s1) and channel in [c0, c1): a set, directly. */
export function setValues(
  x: Float64Array,
  c: number,
  spatial: number,
  [s0, s1]: [number, number],
  [c0, c1]: [number, number],
): number[] {
  const out: number[] = [];
  for (let i = s0; i < s1; i++)
    for (let ch = c0; ch < c1; ch++)
      for (let s = 0; s < spatial; s++) out.push(x[(i * c + ch) * spatial + s]);
  return out;
}

export interface FixtureLayer {
  kind: NormChoice;
  /** Sample shape of the observed layer: [C] or [C, H, W]. */
  shape: number[];
}

const GAMMA = 1.2;
const BETA = -0.15;

/**
 * The observation of `layer` for the batch at `step`: cells (first 16 samples, 32 channels),
 * BatchNorm channel statistics and the inspector's numbers of `unit` (the kind's own x̂).
 */
export function fixtureObservation(
  layerIndex: number,
  layer: FixtureLayer,
  step: number,
  running: { mean: Float32Array; variance: Float32Array } | null,
  unit = 0,
  batchSize = FIXTURE_CONFIG.batchSize,
  groups = FIXTURE_CONFIG.groups,
): Observation {
  const c = layer.shape[0];
  const spatial = layer.shape.length === 3 ? layer.shape[1] * layer.shape[2] : 1;
  const n = batchSize;
  const x = fixtureBatch(n, c, spatial, step);
  const eps = 1e-5;
  const rows = Math.min(n, 16);
  const cols = Math.min(c, 32);
  const cellMean = new Float32Array(rows * cols);
  const cellVar = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let ch = 0; ch < cols; ch++) {
      const mv = meanVar(setValues(x, c, spatial, [i, i + 1], [ch, ch + 1]));
      cellMean[i * cols + ch] = mv.mean;
      cellVar[i * cols + ch] = mv.variance;
    }
  const perChannel = Array.from({ length: c }, (_, ch) => meanVar(channelValues(x, n, c, spatial, ch)));
  const bn = layer.kind === 'batchnorm';
  /** The set of values sample i's unit-`unit` value is normalized with, per kind. */
  const setOf = (i: number): number[] => {
    switch (layer.kind) {
      case 'layernorm':
      case 'rmsnorm':
        return setValues(x, c, spatial, [i, i + 1], [0, c]);
      case 'groupnorm': {
        const size = c / groups;
        const g = Math.floor(unit / size);
        return setValues(x, c, spatial, [i, i + 1], [g * size, (g + 1) * size]);
      }
      case 'instancenorm':
        return setValues(x, c, spatial, [i, i + 1], [unit, unit + 1]);
      default:
        return channelValues(x, n, c, spatial, unit);
    }
  };
  const xs = new Float32Array(rows);
  const xhat = new Float32Array(rows);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = x[(i * c + unit) * spatial];
    const set = setOf(i);
    let h: number;
    if (layer.kind === 'rmsnorm') h = v / Math.sqrt(set.reduce((a, b) => a + b * b, 0) / set.length + eps);
    else {
      const mv = meanVar(set);
      h = (v - mv.mean) / Math.sqrt(mv.variance + eps);
    }
    xs[i] = v;
    xhat[i] = h;
    y[i] = GAMMA * h + (layer.kind === 'rmsnorm' ? 0 : BETA);
  }
  return {
    layer: layerIndex,
    histograms: null,
    unitPercentiles: null,
    channels:
      bn && running
        ? {
            batchMean: Float32Array.from(perChannel, (s) => s.mean),
            batchVar: Float32Array.from(perChannel, (s) => s.variance),
            runningMean: Float32Array.from(running.mean),
            runningVar: Float32Array.from(running.variance),
          }
        : null,
    diagnostics: null,
    inspector: {
      x: xs,
      mean: bn ? perChannel[unit].mean : Number.NaN,
      variance: bn ? perChannel[unit].variance : Number.NaN,
      eps,
      xhat,
      gamma: GAMMA,
      beta: layer.kind === 'rmsnorm' ? 0 : BETA,
      y,
    },
    cells: { n: rows, c: cols, spatial, mean: cellMean, variance: cellVar },
    boundary: null,
  };
}

/**
 * Snapshots every `every` steps up to `last`, with BatchNorm running statistics updated the
 * PyTorch way at each snapshot (running = (1 − momentum) running + momentum batch, unbiased var).
 */
export function fixtureSnapshots(
  runId: string,
  layerIndex: number,
  layer: FixtureLayer,
  last: number,
  options: { every?: number; momentum?: number; unit?: number; batchSize?: number } = {},
): RunSnapshot[] {
  const { every = 10, momentum = 0.1, unit = 0, batchSize = FIXTURE_CONFIG.batchSize } = options;
  const c = layer.shape[0];
  const spatial = layer.shape.length === 3 ? layer.shape[1] * layer.shape[2] : 1;
  const m = batchSize * spatial;
  const running = { mean: new Float32Array(c), variance: new Float32Array(c).fill(1) };
  const out: RunSnapshot[] = [];
  for (let step = every; step <= last; step += every) {
    const x = fixtureBatch(batchSize, c, spatial, step);
    for (let ch = 0; ch < c; ch++) {
      const mv = meanVar(channelValues(x, batchSize, c, spatial, ch));
      running.mean[ch] = (1 - momentum) * running.mean[ch] + momentum * mv.mean;
      running.variance[ch] = (1 - momentum) * running.variance[ch] + (momentum * mv.variance * m) / (m - 1);
    }
    out.push({
      runId,
      step,
      losses: Float32Array.of(1 / (1 + step / 100)),
      test: null,
      msPerStep: 0.2,
      diverged: false,
      observation: fixtureObservation(layerIndex, layer, step, running, unit, batchSize),
    });
  }
  return out;
}

/** Layers of a small network whose layer 1 is the observed normalizer (or dense layer). */
export function fixtureLayers(kind: NormChoice | 'dense', shape: number[]): LayerInfo[] {
  return [
    { index: 0, kind: 'dense', shape, params: 2 * shape[0] },
    { index: 1, kind: kind === 'none' ? 'dense' : kind, shape, params: 2 * shape[0] },
    { index: 2, kind: 'tanh', shape, params: 0 },
    { index: 3, kind: 'dense', shape: [2], params: shape[0] * 2 + 2 },
  ];
}

/** A RunView for the store (setRuns) whose layer 1 is `kind`. */
export function fixtureRun(
  id: string,
  kind: NormChoice | 'dense',
  shape: number[],
  config: Partial<ExperimentConfig> = {},
): RunView {
  const norm: NormChoice = kind === 'dense' ? 'none' : kind;
  return {
    id,
    label: id,
    color: 'var(--c-blue)',
    config: { ...FIXTURE_CONFIG, norm, ...config },
    step: 0,
    lastLoss: null,
    test: null,
    msPerStep: 0,
    diverged: null,
    layers: fixtureLayers(kind, shape),
  };
}
