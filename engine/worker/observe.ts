// Observability: turns a model's last forward/backward into the numbers the views draw
// (histograms, percentiles, per-channel statistics, diagnostics, the BN inspector). Nothing
// here runs unless a view asked for it, and only once per snapshot, never per step. Results
// are fresh typed arrays because the worker transfers them to the page.

import { type Arr, type Mode, sizeOf } from '../core/types.ts';
import { hasRunningStats, isNorm, type Norm, normInfo } from '../norm/index.ts';
import type { Model } from '../train/model.ts';
import { HISTOGRAM_BINS, type Observation, type ObserveRequest, PERCENTILES } from './protocol.ts';

/** At most this many batch values are shown by the inspector. */
export const INSPECTOR_MAX_VALUES = 16;
/** sigmoid outputs within this distance of 0 or 1 (tanh: |y| > 1 - SATURATION_MARGIN) count as saturated. */
export const SATURATION_MARGIN = 0.02;
/** The axes diagram shows at most this many samples and channels. */
export const CELL_MAX_SAMPLES = 16;
export const CELL_MAX_CHANNELS = 32;

/** Channels (or features) and spatial size per channel of a sample shape. */
function channelsOf(shape: readonly number[]): { channels: number; spatial: number } {
  return shape.length === 3
    ? { channels: shape[0], spatial: shape[1] * shape[2] }
    : { channels: sizeOf(shape), spatial: 1 };
}

/** Copies unit `unit`'s values over the batch (all of its N * spatial entries) into out; returns the count. */
export function gatherUnit(
  x: Arr,
  n: number,
  shape: readonly number[],
  unit: number,
  out: Float64Array,
): number {
  const { channels, spatial } = channelsOf(shape);
  const u = Math.min(Math.max(0, unit), channels - 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const base = (i * channels + u) * spatial;
    for (let s = 0; s < spatial && k < out.length; s++) out[k++] = x[base + s];
  }
  return k;
}

/** Linear-interpolated percentiles (numpy's default) of values[0..count), p in [0, 100]. Sorts a copy. */
export function percentiles(values: ArrayLike<number>, count: number, ps: readonly number[]): Float32Array {
  // A plain loop, not Float64Array.from with a mapping function (a call per value: 1.5x slower).
  const sorted = new Float64Array(count);
  for (let i = 0; i < count; i++) sorted[i] = values[i];
  sorted.sort();
  const out = new Float32Array(ps.length);
  for (let j = 0; j < ps.length; j++) {
    if (count === 0) {
      out[j] = 0;
      continue;
    }
    const pos = (ps[j] / 100) * (count - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(count - 1, lo + 1);
    out[j] = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
  return out;
}

/** Counts values into `bins` equal bins over [lo, hi]; values outside land in the end bins. Non-finite values are skipped. */
export function histogram(values: Arr, count: number, lo: number, hi: number, bins: number): Float32Array {
  const out = new Float32Array(bins);
  const scale = bins / (hi - lo);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const b = Math.floor((v - lo) * scale);
    out[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
  }
  return out;
}

/**
 * A stable, symmetric histogram range that only grows: the smallest power of two (at least 1)
 * covering the largest |value| seen, so bins keep their meaning from one snapshot to the next.
 */
export function growRange(current: number, values: Arr, count: number): number {
  let m = 0;
  for (let i = 0; i < count; i++) {
    const a = Math.abs(values[i]);
    if (a > m && Number.isFinite(a)) m = a;
  }
  let r = Math.max(1, current);
  while (r < m) r *= 2;
  return r;
}

function l2(a: Arr): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

const ACTIVATIONS = new Set(['relu', 'sigmoid', 'tanh']);

/** The layer index an ObserveRequest means for this model (clamped to the model). */
export function resolveLayer(model: Model, layer: ObserveRequest['layer']): number {
  return resolveLayerIndex(model.layers, layer);
}

/**
 * The same for a model known only by its layers' kinds (the page's LayerInfo), so the page can
 * tell which layer each run of a comparison observes.
 */
export function resolveLayerIndex(
  layers: readonly { kind: string }[],
  layer: ObserveRequest['layer'],
): number {
  if (typeof layer === 'number') return Math.min(Math.max(0, layer), layers.length - 1);
  if ('norm' in layer) {
    let norms = -1;
    for (let i = 0; i < layers.length; i++) {
      if (isNorm(layers[i]) && ++norms === Math.max(0, layer.norm)) return i;
    }
    return resolveLayerIndex(layers, { activation: layer.norm });
  }
  let seen = -1;
  let last = -1;
  for (let i = 0; i < layers.length; i++) {
    if (!ACTIVATIONS.has(layers[i].kind)) continue;
    last = i;
    if (++seen === Math.max(0, layer.activation)) return i;
  }
  return Math.max(0, last);
}

/**
 * The layer a single run's views watch by default: the first normalizer (what the course is
 * about), else the first activation, else 0.
 */
export function defaultLayerIndex(layers: readonly { kind: string }[]): number {
  const norm = layers.findIndex((l) => isNorm(l));
  return norm >= 0 ? norm : resolveLayerIndex(layers, { activation: 0 });
}

/**
 * The mode the fixed probe set (ObserveRequest.probe) is forwarded in: 'train', each normalizer
 * standardizing with the probe set's own statistics (running statistics restored afterwards). The
 * BatchNorm paper's Figure 1(b, c) is about internal covariate shift: the distribution a sigmoid
 * receives while the network trains, and in training BN normalizes with batch statistics. On a
 * fixed set this is that distribution without the batch-to-batch sampling noise. 'eval' (running
 * statistics) was measured too and mixes in something else: the running averages, which trail the
 * batch statistics (momentum 0.1) and start at mean 0, variance 1. Measured on lesson 4's race (300
 * digits, seeds 1 / 2 / 3, steps 1-25 against 126-150): the BN unit's 85th percentile moves 1.38 /
 * 0.94 / 0.92 in eval mode (more than the plain unit's 0.58 / 1.94 / 0.61 on two seeds) against 0.35 /
 * 0.33 / 0.33 in train mode; the bands the paper's figure draws are the ones training sees.
 */
export const PROBE_MODE: Mode = 'train';

/**
 * The input of layer `layerIndex` for a fixed probe set (x, n samples) with the model's current
 * weights: only the layers below it run, normalizers in `mode`, everything else as at inference.
 * No random number is drawn (dropout is off here) and in 'train' mode the normalizers' running
 * statistics are restored, so training is unaffected. The model's layerInputs/layerOutputs (the
 * last training step's buffers, which the other views read) are left as they were. The returned
 * buffer belongs to the layer below: read it before the next forward pass.
 */
export function probeLayerInput(model: Model, layerIndex: number, x: Arr, n: number, mode: Mode): Arr {
  const norms = mode === 'train' ? model.layers.filter(hasRunningStats) : [];
  const saved = norms.map((layer) => layer.getState());
  let a = x;
  try {
    for (let i = 0; i < layerIndex; i++) {
      const layer = model.layers[i];
      a = layer.forward(a, n, isNorm(layer) ? mode : 'eval');
    }
  } finally {
    norms.forEach((layer, k) => {
      layer.setState(saved[k]);
    });
  }
  return a;
}

/** Percentiles (PERCENTILES) of unit `unit`'s input to layer `layerIndex` over a fixed probe set (probeLayerInput). */
export function probeUnitPercentiles(
  model: Model,
  layerIndex: number,
  unit: number,
  x: Arr,
  n: number,
  mode: Mode = PROBE_MODE,
): Float32Array {
  const input = probeLayerInput(model, layerIndex, x, n, mode);
  const shape = model.layers[layerIndex].inShape;
  const values = new Float64Array(n * channelsOf(shape).spatial);
  const k = gatherUnit(input, n, shape, unit, values);
  return percentiles(values, k, PERCENTILES);
}

/** Per-run observer: remembers histogram ranges and the weights before the last step. */
export class Observer {
  private range = 1;
  private outRange = 1;
  private readonly before: Float32Array[];
  private readonly paramLayers: number[];
  private unitScratch = new Float64Array(0);
  /** Every norm layer's gamma and beta before the last step (the values its forward used). */
  private readonly affineBefore: Map<number, { gamma: Float32Array | null; beta: Float32Array | null }>;

  constructor(private readonly model: Model) {
    this.paramLayers = model.layers.flatMap((l, i) => (l.kind === 'dense' || l.kind === 'conv2d' ? [i] : []));
    this.before = this.paramLayers.map((i) => new Float32Array(model.layers[i].params()[0].value.length));
    this.affineBefore = new Map();
    model.layers.forEach((layer, i) => {
      if (!isNorm(layer)) return;
      this.affineBefore.set(i, {
        gamma: layer.gamma ? new Float32Array(layer.gamma.value.length) : null,
        beta: layer.beta ? new Float32Array(layer.beta.value.length) : null,
      });
    });
  }

  /**
   * Call right before the training step to be observed: keeps the weights (for the update
   * ratio) and each normalizer's gamma/beta, since the optimizer changes them after the
   * forward pass the inspector explains.
   */
  rememberWeights(): void {
    this.paramLayers.forEach((layer, k) => {
      this.before[k].set(this.model.layers[layer].params()[0].value);
    });
    for (const [i, saved] of this.affineBefore) {
      const layer = this.model.layers[i] as Norm;
      if (saved.gamma && layer.gamma) saved.gamma.set(layer.gamma.value);
      if (saved.beta && layer.beta) saved.beta.set(layer.beta.value);
    }
  }

  /** Builds the requested observation from the model's last train step. */
  observe(request: ObserveRequest, lr: number): Observation {
    const model = this.model;
    const layerIndex = resolveLayer(model, request.layer);
    const layer = model.layers[layerIndex];
    const n = model.lastBatchSize;
    const input = model.layerInputs[layerIndex];
    const output = model.layerOutputs[layerIndex];
    const inCount = n * sizeOf(layer.inShape);
    const outCount = n * sizeOf(layer.outShape);
    const observation: Observation = {
      layer: layerIndex,
      histograms: null,
      unitPercentiles: null,
      channels: null,
      diagnostics: null,
      inspector: null,
      cells: null,
      boundary: null,
    };
    if (request.activations && n > 0) {
      this.range = growRange(this.range, input, inCount);
      this.outRange = growRange(this.outRange, output, outCount);
      observation.histograms = {
        lo: -this.range,
        hi: this.range,
        input: histogram(input, inCount, -this.range, this.range, HISTOGRAM_BINS),
        outLo: -this.outRange,
        outHi: this.outRange,
        output: histogram(output, outCount, -this.outRange, this.outRange, HISTOGRAM_BINS),
      };
      const { spatial } = channelsOf(layer.inShape);
      if (this.unitScratch.length < n * spatial) this.unitScratch = new Float64Array(n * spatial);
      const k = gatherUnit(input, n, layer.inShape, request.unit, this.unitScratch);
      observation.unitPercentiles = percentiles(this.unitScratch, k, PERCENTILES);
    }
    if (
      request.channels &&
      hasRunningStats(layer) &&
      layer.lastStatsSource === 'batch' &&
      layer.lastMean &&
      layer.lastVar
    ) {
      observation.channels = {
        batchMean: Float32Array.from(layer.lastMean),
        batchVar: Float32Array.from(layer.lastVar),
        runningMean: Float32Array.from(layer.runningMean),
        runningVar: Float32Array.from(layer.runningVar),
      };
    }
    if (request.inspector && n > 0) observation.cells = cellStats(input, n, layer.inShape);
    if (request.inspector && isNorm(layer) && layer.lastXhat && n > 0) {
      observation.inspector = this.inspect(layer, layerIndex, request.unit);
    }
    if (request.diagnostics) observation.diagnostics = this.diagnose(lr);
    return observation;
  }

  private inspect(layer: Norm, index: number, unit: number): Observation['inspector'] {
    const model = this.model;
    const n = Math.min(model.lastBatchSize, INSPECTOR_MAX_VALUES);
    const { channels, spatial } = channelsOf(layer.inShape);
    const u = Math.min(Math.max(0, unit), channels - 1);
    const x = new Float32Array(n);
    const xhat = new Float32Array(n);
    const y = new Float32Array(n);
    const input = model.layerInputs[index];
    const output = model.layerOutputs[index];
    const xh = layer.lastXhat as Arr;
    for (let i = 0; i < n; i++) {
      const at = (i * channels + u) * spatial; // first spatial position of unit u in sample i
      x[i] = input[at];
      xhat[i] = xh[at];
      y[i] = output[at];
    }
    // One statistic per channel over the batch (BN): the unit's own mean and variance.
    const info = normInfo(layer.kind);
    const perChannel = info.shares === 'channel';
    const mean = perChannel && 'lastMean' in layer && layer.lastMean ? layer.lastMean[u] : Number.NaN;
    const variance = perChannel && 'lastVar' in layer && layer.lastVar ? layer.lastVar[u] : Number.NaN;
    const gammaIndex = info.affinePer === 'element' ? u * spatial : u;
    const saved = this.affineBefore.get(index);
    return {
      x,
      mean,
      variance,
      eps: layer.eps,
      xhat,
      gamma: saved?.gamma ? saved.gamma[gammaIndex] : 1,
      beta: saved?.beta ? saved.beta[gammaIndex] : 0,
      y,
    };
  }

  private diagnose(lr: number): Observation['diagnostics'] {
    const model = this.model;
    const count = this.paramLayers.length;
    const layers = Int32Array.from(this.paramLayers);
    const gradNorm = new Float32Array(count);
    const updateRatio = new Float32Array(count);
    const saturated = new Float32Array(count);
    const n = model.lastBatchSize;
    this.paramLayers.forEach((index, k) => {
      const weight = model.layers[index].params()[0];
      gradNorm[k] = l2(weight.grad);
      let diff = 0;
      let base = 0;
      for (let i = 0; i < weight.value.length; i++) {
        const d = weight.value[i] - this.before[k][i];
        diff += d * d;
        base += this.before[k][i] * this.before[k][i];
      }
      updateRatio[k] = base > 0 ? Math.sqrt(diff / base) : lr;
      saturated[k] = saturatedFraction(model, index, n);
    });
    return { layers, gradNorm, updateRatio, saturated };
  }
}

/** Mean and biased variance of each (sample, channel) cell of x, for the first samples and channels. */
export function cellStats(x: Arr, n: number, shape: readonly number[]): Observation['cells'] {
  const { channels, spatial } = channelsOf(shape);
  const rows = Math.min(n, CELL_MAX_SAMPLES);
  const cols = Math.min(channels, CELL_MAX_CHANNELS);
  const mean = new Float32Array(rows * cols);
  const variance = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      const base = (i * channels + c) * spatial;
      let s = 0;
      for (let k = 0; k < spatial; k++) s += x[base + k];
      const m = s / spatial;
      let v = 0;
      for (let k = 0; k < spatial; k++) v += (x[base + k] - m) * (x[base + k] - m);
      mean[i * cols + c] = m;
      variance[i * cols + c] = v / spatial;
    }
  }
  return { n: rows, c: cols, spatial, mean, variance };
}

/**
 * Fraction of saturated units of the first activation after layer `from` (before the next
 * parametrized layer): sigmoid/tanh outputs within SATURATION_MARGIN of their limits; for
 * ReLU, units that are zero for every sample of the batch (inactive).
 */
export function saturatedFraction(model: Model, from: number, n: number): number {
  for (let i = from + 1; i < model.layers.length; i++) {
    const layer = model.layers[i];
    if (layer.kind === 'dense' || layer.kind === 'conv2d') return 0;
    if (layer.kind !== 'sigmoid' && layer.kind !== 'tanh' && layer.kind !== 'relu') continue;
    const y = model.layerOutputs[i];
    const size = sizeOf(layer.outShape);
    if (n === 0 || y.length < n * size) return 0;
    if (layer.kind === 'relu') {
      let dead = 0;
      for (let u = 0; u < size; u++) {
        let active = false;
        for (let s = 0; s < n && !active; s++) active = y[s * size + u] > 0;
        if (!active) dead++;
      }
      return dead / size;
    }
    const lo = layer.kind === 'sigmoid' ? SATURATION_MARGIN : -1 + SATURATION_MARGIN;
    const hi = 1 - SATURATION_MARGIN;
    let count = 0;
    for (let i2 = 0; i2 < n * size; i2++) if (y[i2] < lo || y[i2] > hi) count++;
    return count / (n * size);
  }
  return 0;
}
