// Pure parts of the feature-map view: which layers it offers (those whose output is an image), the
// pair it shows for a picked layer (what flows in, what comes out), each map's colours on one
// diverging scale per row, tile sizes, and the sentences a screen reader gets. No DOM; unit-tested.

import type { FeatureMaps, LayerInfo } from '#engine';
import { divergingPixels } from '../../colors.ts';
import { moduleName } from '../layer-names.ts';
import { formatShape, type LayerBlock, layerBlocks } from '../model/network-layout.ts';

/** One row of maps: a layer's output (or the input digit) for the served digit. */
export interface MapRow {
  /** "the input digit" or the layer as the views name it: "Layer 1 · BatchNorm". */
  name: string;
  /** Model layer index; -1 for the input. */
  index: number;
  shape: [number, number, number];
  values: Float32Array;
}

/** A layer the reader can pick: its index, the network diagram's number and title, and its name. */
export interface MapStage {
  index: number;
  /** The weight layer it belongs to, as the network diagram shows it ("1"). */
  number: string;
  title: string;
  shape: string;
  role: LayerBlock['role'];
  /** As the other views name it (views/layer-names.ts): "Layer 1 · BatchNorm". */
  name: string;
}

/** The layers with image outputs, numbered and named as the network diagram and the other views do. */
export function mapStages(result: FeatureMaps, layers: readonly LayerInfo[]): MapStage[] {
  const blocks = layerBlocks(layers);
  return result.layers.flatMap((l) => {
    const info = layers[l.index];
    const b = blocks[l.index];
    const name = moduleName(layers, l.index);
    if (!info || info.kind !== l.kind || !b || name === null) return [];
    return [{ index: l.index, number: b.number, title: b.title, shape: b.shape, role: b.role, name }];
  });
}

/**
 * The layer shown when the reader has picked none (or one without an image output): the first
 * normalizer (what the course is about), else the first convolution.
 */
export function defaultStage(stages: readonly MapStage[], picked: number | null): number | null {
  if (picked !== null && stages.some((s) => s.index === picked)) return picked;
  return (stages.find((s) => s.role === 'norm') ?? stages[0])?.index ?? null;
}

/** What flows into layer `index` (the previous image-shaped output, or the digit) and out of it. */
export function beforeAfter(
  result: FeatureMaps,
  stages: readonly MapStage[],
  index: number,
): { before: MapRow; after: MapRow } | null {
  const k = result.layers.findIndex((l) => l.index === index);
  const stage = stages.find((s) => s.index === index);
  if (k < 0 || !stage) return null;
  const after: MapRow = { name: stageName(stage), ...pick(result.layers[k]) };
  const prev = k > 0 ? result.layers[k - 1] : null;
  const prevStage = prev ? stages.find((s) => s.index === prev.index) : null;
  const before: MapRow = prev && prevStage ? { name: stageName(prevStage), ...pick(prev) } : inputRow(result);
  return { before, after };
}

/** The digit as the network reads it, as a row of one map. */
export function inputRow(result: FeatureMaps): MapRow {
  return { name: 'the input digit', index: -1, shape: result.input.shape, values: result.input.values };
}

/** "Layer 1 · BatchNorm" */
export function stageName(stage: Pick<MapStage, 'name'>): string {
  return stage.name;
}

function pick(l: FeatureMaps['layers'][number]) {
  return { index: l.index, shape: l.shape, values: l.values };
}

export interface RowStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  /** The colour scale's half-width: |value| ≥ this is full colour. */
  scale: number;
}

export function rowStats(values: ArrayLike<number>): RowStats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const n = Math.max(1, values.length);
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) ** 2;
  const scale = Math.max(Math.abs(min), Math.abs(max));
  return { min, max, mean, std: Math.sqrt(sq / n), scale: scale > 0 ? scale : 1 };
}

/** Per-channel mean and (population) standard deviation of a [C, H, W] row. */
export function channelStats(row: Pick<MapRow, 'shape' | 'values'>): { mean: number; std: number }[] {
  const [c, h, w] = row.shape;
  const size = h * w;
  return Array.from({ length: c }, (_, ch) => {
    const s = rowStats(row.values.subarray(ch * size, (ch + 1) * size));
    return { mean: s.mean, std: s.std };
  });
}

/**
 * RGBA pixels of channel `channel` of a row, on the diverging scale ±`scale` (app/colors.ts): 0 is
 * white, −scale full blue, +scale full vermillion (the same scale for every channel of the row, so
 * channels compare).
 */
export function channelPixels(
  row: Pick<MapRow, 'shape' | 'values'>,
  channel: number,
  scale: number,
): Uint8ClampedArray<ArrayBuffer> {
  const [, h, w] = row.shape;
  return divergingPixels(row.values, channel * h * w, h * w, scale);
}

/** On-screen side of one map in CSS px: small maps are magnified more, so 7×7 stays readable. */
export function tileSide(width: number): number {
  if (width >= 28) return 2 * width;
  if (width >= 14) return 3 * width;
  return Math.max(5 * width, 28);
}

export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 100 || a < 0.01 ? v.toExponential(1) : v.toFixed(2);
  return text.replace('-', '−');
}

/** "8 maps of 28×28" */
export function mapsText(shape: readonly number[]): string {
  const [c, h, w] = shape;
  return `${c} ${c === 1 ? 'map' : 'maps'} of ${formatShape([h, w])}`;
}

/** The row's sentence for screen readers and the caption: size, range, mean and spread. */
export function rowSummary(row: MapRow): string {
  const s = rowStats(row.values);
  return (
    `${mapsText(row.shape)}, values ${formatValue(s.min)} to ${formatValue(s.max)}, ` +
    `mean ${formatValue(s.mean)}, standard deviation ${formatValue(s.std)}`
  );
}

/** Per channel, for the screen-reader list: "channel 3: mean 0.12, standard deviation 0.98". */
export function channelSummaries(row: MapRow): string[] {
  return channelStats(row).map(
    (s, ch) => `channel ${ch + 1}: mean ${formatValue(s.mean)}, standard deviation ${formatValue(s.std)}`,
  );
}

/** Which digit in which pass: "Test digit 4 (label 4, predicted 4) in eval mode, in a batch of 8". */
export function passText(result: FeatureMaps): string {
  const batch = result.batch.length === 1 ? 'alone in its batch' : `in a batch of ${result.batch.length}`;
  return (
    `Test digit ${result.image} (label ${result.label}, predicted ${result.predicted}) ` +
    `in ${result.mode} mode, ${batch}`
  );
}
