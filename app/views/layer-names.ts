// Layer numbers as a reader counts them: the weight layers (dense, conv2d) are Layer 1 … N and
// the classifier is "Output"; every other module (normalizer, activation, pool, dropout, the
// residual markers) is named by the weight layer it belongs to, so the same 8-layer MLP reads
// Layer 1 … 8 + Output with or without BatchNorm, in any placement, plain or residual. The one
// home of this rule: the diagnostics, drift, activation views and the network diagram derive
// their layer names from here, and every view names a module's kind with kindName. Pure; unit-tested.

import { isNormKind, type LayerInfo, NORM_LABEL } from '#engine';

/** A module's kind as the screen names it: a normalizer by its name ("BatchNorm"), else the engine's kind ("conv2d"). */
export function kindName(kind: string): string {
  return isNormKind(kind) ? NORM_LABEL[kind] : kind;
}

/** The layers a reader counts: the ones with a weight matrix or kernel. */
export function isWeightLayer(kind: string): boolean {
  return kind === 'dense' || kind === 'conv2d';
}

export interface LayerNumber {
  /** 1-based weight-layer number, or null for the output layer (the last weight layer's group). */
  number: number | null;
  /** "Layer 3" or "Output". */
  text: string;
}

/**
 * The weight layer each module belongs to, by model index. A group is a weight layer with what
 * follows it up to the next group; a residual block's `skip` opens a group (its pre-activation
 * norm and activation then belong to the block's own weight layer), and what precedes the first
 * weight layer (a flatten) belongs to Layer 1.
 */
export function layerNumbers(layers: readonly Pick<LayerInfo, 'kind'>[]): LayerNumber[] {
  const group = new Array<number>(layers.length);
  let count = 0;
  // Whether the current group has been opened (by a skip or the network's start) but has no weight layer yet.
  let open = true;
  for (let i = 0; i < layers.length; i++) {
    const kind = layers[i].kind;
    if (kind === 'skip' && !open) open = true;
    if (isWeightLayer(kind)) {
      count++;
      open = false;
    }
    group[i] = open ? count + 1 : count;
  }
  // A trailing open group with no weight layer (not built by any preset) stays with the last one.
  const last = Math.max(1, count);
  return group.map((g) => {
    const n = Math.min(g, last);
    return n === last && count > 0 ? { number: null, text: 'Output' } : { number: n, text: `Layer ${n}` };
  });
}

/** "Layer 3" or "Output" for the module at `index`, or null when the index is outside the network. */
export function layerText(layers: readonly Pick<LayerInfo, 'kind'>[], index: number): string | null {
  return layerNumbers(layers)[index]?.text ?? null;
}

/** "Layer 3 · BatchNorm" (and, with its output shape, "Layer 3 · dense 16"). */
export function moduleName(
  layers: readonly Pick<LayerInfo, 'kind' | 'shape'>[],
  index: number,
  options: { shape?: boolean } = {},
): string | null {
  const layer = layers[index];
  const text = layerText(layers, index);
  if (!layer || text === null) return null;
  const shape = options.shape && layer.shape.length > 0 ? ` ${layer.shape.join('×')}` : '';
  return `${text} · ${kindName(layer.kind)}${shape}`;
}

/**
 * The observed layer as a reader counts layers (views/layer-names.ts), one name for the runs of a
 * comparison when they agree: "Layer 2 · BatchNorm / tanh", else "Layer 1 · tanh / Layer 2 · dense".
 */
export function observedName(names: readonly string[], kinds: readonly string[]): string {
  const known = names
    .map((name, i) => ({ name, kind: kinds[i] ? kindName(kinds[i]) : '' }))
    .filter((r) => r.name !== '');
  if (known.length === 0) return 'The picked layer';
  const layers = [...new Set(known.map((r) => r.name))];
  const distinct = <T>(xs: T[]) => [...new Set(xs)];
  if (layers.length === 1) {
    const k = distinct(known.map((r) => r.kind).filter(Boolean));
    return k.length > 0 ? `${layers[0]} · ${k.join(' / ')}` : layers[0];
  }
  return distinct(known.map((r) => (r.kind ? `${r.name} · ${r.kind}` : r.name))).join(' / ');
}
