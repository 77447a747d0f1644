// Pure parts of the network diagram's unit pictures (TensorFlow Playground's neurons): which layers
// are pictured, how their pictures group under the diagram's layer numbers, each stage's colour
// scale, and the sentences a screen reader gets. No DOM; unit-tested.

import { isNormKind, type LayerInfo, type UnitMaps } from '#engine';
import { formatValue } from '../feature-maps/feature-map-layout.ts';
import { kindName, layerNumbers, moduleName } from '../layer-names.ts';

/** Grid side of a picture (points per row over the data's plane). */
export const UNIT_MAP_RES = 24;
/** Units pictured per layer: the first ones. */
export const UNIT_MAP_UNITS = 8;
/** While training, the pictures are asked again at most this often (a pause always asks). */
export const UNIT_MAP_REFRESH_MS = 2000;
/**
 * Layers pictured at most: the first ones. Every picture costs the worker a forward pass over the
 * plane and the page ~2.3 kB per unit, and a 32-layer BatchNorm net's full answer is ~1.7 MB.
 */
export const UNIT_MAP_MAX_LAYERS = 4;

const ACTIVATIONS = new Set(['relu', 'tanh', 'sigmoid']);

/**
 * The model indices pictured: every hidden layer with a flat output that is an activation or a
 * normalizer, or that feeds a normalizer (its input: the picture before the normalization), in the
 * first `maxLayers` layers as the diagram numbers them. The logits' layer is left out (the decision
 * boundary shows it), and so is a normalizer on the logits.
 */
export function unitMapLayers(layers: readonly LayerInfo[], maxLayers = Number.POSITIVE_INFINITY): number[] {
  const numbers = layerNumbers(layers);
  return layers
    .filter((l, i) => {
      const n = numbers[i].number;
      if (l.shape.length !== 1 || n === null || n > maxLayers) return false;
      const next = layers[i + 1];
      return ACTIVATIONS.has(l.kind) || isNormKind(l.kind) || (next !== undefined && isNormKind(next.kind));
    })
    .map((l) => l.index);
}

/** How many layers (as the diagram numbers them) have units to picture, before any cap. */
export function picturableLayerCount(layers: readonly LayerInfo[]): number {
  const numbers = layerNumbers(layers);
  return new Set(unitMapLayers(layers).map((i) => numbers[i].number)).size;
}

/** One pictured layer: its units' maps on one shared diverging scale. */
export interface UnitStage {
  index: number;
  kind: string;
  /** What the stage shows, e.g. "dense → BatchNorm" (the normalizer's input), "BatchNorm", "tanh". */
  title: string;
  /** "Layer 1 · tanh", as the other views name it. */
  name: string;
  units: number;
  shown: number;
  /** The colour scale's half-width: ± the largest |value| of the shown units (1 when all are 0). */
  scale: number;
  values: Float32Array;
}

/** The pictured stages of one weight layer ("Layer 1"), in model order. */
export interface UnitGroup {
  number: number;
  text: string;
  stages: UnitStage[];
}

/** The answer's layers grouped by the diagram's layer numbers; layers it does not list are skipped. */
export function unitGroups(result: UnitMaps, layers: readonly LayerInfo[]): UnitGroup[] {
  const numbers = layerNumbers(layers);
  const groups: UnitGroup[] = [];
  for (const l of result.layers) {
    const info = layers[l.index];
    const at = numbers[l.index];
    if (!info || info.kind !== l.kind || !at || at.number === null) continue;
    const next = layers[l.index + 1];
    const feedsNorm = !isNormKind(l.kind) && next !== undefined && isNormKind(next.kind);
    const stage: UnitStage = {
      index: l.index,
      kind: l.kind,
      title: feedsNorm ? `${kindName(l.kind)} → ${kindName(next.kind)}` : kindName(l.kind),
      name: moduleName(layers, l.index) ?? at.text,
      units: l.units,
      shown: l.shown,
      scale: largestMagnitude(l.values),
      values: l.values,
    };
    const group = groups.find((g) => g.number === at.number);
    if (group) group.stages.push(stage);
    else groups.push({ number: at.number, text: at.text, stages: [stage] });
  }
  return groups;
}

function largestMagnitude(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m > 0 ? m : 1;
}

/** Where on the plane a grid cell lies, in words: "top left", "centre", "bottom right". */
export function placeText(row: number, col: number, res: number): string {
  const third = (k: number) => Math.min(2, Math.floor((3 * k) / res));
  const v = ['top', 'middle', 'bottom'][third(row)];
  const h = ['left', 'centre', 'right'][third(col)];
  if (v === 'middle' && h === 'centre') return 'centre';
  if (v === 'middle') return `middle ${h}`;
  return h === 'centre' ? v : `${v} ${h}`;
}

/** One unit's picture in words: its range and where it is largest and smallest. */
export function unitSummary(stage: UnitStage, unit: number, res: number): string {
  const n = res * res;
  let lo = 0;
  let hi = 0;
  for (let p = 1; p < n; p++) {
    if (stage.values[unit * n + p] < stage.values[unit * n + lo]) lo = p;
    if (stage.values[unit * n + p] > stage.values[unit * n + hi]) hi = p;
  }
  const at = (p: number) => placeText(Math.floor(p / res), p % res, res);
  const min = stage.values[unit * n + lo];
  const max = stage.values[unit * n + hi];
  if (min === max) return `unit ${unit + 1}: ${formatValue(min)} everywhere`;
  return (
    `unit ${unit + 1}: ${formatValue(min)} (smallest, ${at(lo)}) to ${formatValue(max)} ` +
    `(largest, ${at(hi)})`
  );
}

/** The stage's sentence: "Layer 1 · tanh, units 1–8 of 16, scale ±0.98". */
export function stageSummary(stage: UnitStage): string {
  const units =
    stage.shown === stage.units ? `all ${stage.units} units` : `units 1–${stage.shown} of ${stage.units}`;
  return `${stage.name}, ${units}, scale ±${formatValue(stage.scale)}`;
}
