// Folding BatchNorm into the preceding Dense/Conv2d for inference (lesson 13). In eval mode BN is
// the per-channel affine map y = (z - mean) * s + beta with s = gamma / sqrt(running_var + eps), so
// it composes with z = W x + b into one layer: W' = W * s (row-wise), b' = (b - mean) * s + beta.

import type { LayerSpec } from '../core/spec.ts';
import { type Arr, type Layer, type Param, sizeOf } from '../core/types.ts';
import { BatchNorm } from '../norm/batch-norm.ts';
import { hasRunningStats, isNorm } from '../norm/catalog.ts';
import { buildModel, type Model } from './model.ts';

function paramNamed(layer: Layer, name: string): Param | undefined {
  return layer.params().find((p) => p.name === name);
}

/** True when spec.layers[i] is a Dense/Conv2d directly followed by a BatchNorm with running statistics. */
function foldsWithNext(layers: readonly LayerSpec[], i: number): boolean {
  const next = layers[i + 1];
  const type = layers[i].type;
  return (
    (type === 'dense' || type === 'conv2d') && next?.type === 'batchnorm' && (next.trackRunningStats ?? true)
  );
}

/**
 * A new inference model where every (Dense|Conv2d -> BatchNorm) pair is one Dense/Conv2d (with a
 * bias, added if the original had none). Other layers, including BatchNorms that do not follow a
 * Dense/Conv2d or keep no running statistics, are copied with their params and running statistics.
 * The input model is not modified. Use the result in eval mode only: it has no BN to train.
 * A halfPrecision BN is folded with its stored statistics, so the float16 rounding it applies
 * in eval mode is not reproduced (the difference then reflects that rounding).
 */
export function foldBatchNorm(model: Model): Model {
  const specLayers = model.spec.layers;
  const folded: LayerSpec[] = [];
  /** For each layer of the folded model: its source layer index, and the BN folded into it (or -1). */
  const source: { layer: number; bn: number }[] = [];
  for (let i = 0; i < specLayers.length; i++) {
    const layerSpec = specLayers[i];
    if ((layerSpec.type === 'dense' || layerSpec.type === 'conv2d') && foldsWithNext(specLayers, i)) {
      folded.push({ ...layerSpec, bias: true });
      source.push({ layer: i, bn: i + 1 });
      i++;
    } else {
      folded.push(layerSpec);
      source.push({ layer: i, bn: -1 });
    }
  }
  const result = buildModel({ ...model.spec, layers: folded }, model.precision, model.kernels);
  source.forEach(({ layer, bn }, j) => {
    const from = model.layers[layer];
    const to = result.layers[j];
    if (bn >= 0) {
      foldInto(from, model.layers[bn] as BatchNorm, to);
      return;
    }
    copyLayer(from, to);
  });
  return result;
}

/** Copies params, and a BatchNorm's running statistics and settings, from one layer to its twin. */
function copyLayer(from: Layer, to: Layer): void {
  from.params().forEach((p, k) => {
    to.params()[k].value.set(p.value);
  });
  if (from instanceof BatchNorm && to instanceof BatchNorm) {
    if (from.trackRunningStats) {
      const { runningMean, runningVar, numBatchesTracked } = from;
      to.setState({ runningMean, runningVar, numBatchesTracked });
    }
    to.momentum = from.momentum;
    to.frozen = from.frozen;
  }
}

/**
 * An independent copy of a model (same weights and running statistics) with every dropout rate
 * set to 0: train-mode passes on it read batch statistics without touching the original's running
 * statistics or its dropout random stream.
 */
export function cloneWithoutDropout(model: Model): Model {
  const layers = model.spec.layers.map((l): LayerSpec => (l.type === 'dropout' ? { ...l, rate: 0 } : l));
  const copy = buildModel({ ...model.spec, layers }, model.precision, model.kernels);
  model.layers.forEach((from, i) => {
    copyLayer(from, copy.layers[i]);
  });
  return copy;
}

/** Number of BatchNorm layers (any layer keeping running statistics: BatchNorm, Batch Renorm). */
export function countBatchNorms(model: Model): number {
  return model.layers.filter((l) => hasRunningStats(l)).length;
}

/**
 * Multiplications for one sample in eval mode, counted where they are the bulk of the work:
 * a Dense layer does in × out, a Conv2d F·C·k·k per output position (its weight count times
 * outH·outW); a BatchNorm (running statistics, so a fixed per-channel scale and shift) one per
 * element; a normalizer that computes its statistics from the input (LayerNorm, GroupNorm,
 * InstanceNorm, RMSNorm) three per element (the square for its variance, the scaling by 1/σ and
 * γ). Activations, pooling, additions and the per-group divisions are not counted.
 */
export function countMultiplies(model: Model): number {
  let total = 0;
  for (const layer of model.layers) {
    const elements = sizeOf(layer.outShape);
    if (layer.kind === 'dense') total += weightCount(layer);
    else if (layer.kind === 'conv2d') total += weightCount(layer) * (elements / layer.outShape[0]);
    else if (hasRunningStats(layer)) total += elements;
    else if (isNorm(layer)) total += 3 * elements;
  }
  return total;
}

function weightCount(layer: Layer): number {
  return paramNamed(layer, 'weight')?.value.length ?? 0;
}

/** Writes W' = W * s and b' = (b - mean) * s + beta into `to`, s = gamma / sqrt(var + eps) per output channel. */
function foldInto(from: Layer, bn: BatchNorm, to: Layer): void {
  const weight = paramNamed(from, 'weight') as Param;
  const bias = paramNamed(from, 'bias');
  const gamma = paramNamed(bn, 'gamma');
  const beta = paramNamed(bn, 'beta');
  const newWeight = paramNamed(to, 'weight') as Param;
  const newBias = paramNamed(to, 'bias') as Param;
  const channels = bn.channels;
  const rowLength = weight.value.length / channels;
  const w: Arr = newWeight.value;
  for (let c = 0; c < channels; c++) {
    const s = (gamma ? gamma.value[c] : 1) / Math.sqrt(bn.runningVar[c] + bn.eps);
    for (let q = c * rowLength; q < (c + 1) * rowLength; q++) w[q] = weight.value[q] * s;
    const b = bias ? bias.value[c] : 0;
    newBias.value[c] = (b - bn.runningMean[c]) * s + (beta ? beta.value[c] : 0);
  }
}

/** Largest |model(x) - folded(x)| over all n x K logits, both in eval mode. */
export function maxFoldDifference(model: Model, folded: Model, x: Arr, n: number): number {
  const a = model.forward(x, n, 'eval');
  const b = folded.forward(x, n, 'eval');
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
