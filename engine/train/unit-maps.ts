// Each hidden unit's response over the 2-D input plane, as TensorFlow Playground draws its neurons:
// a res x res grid of points over the data's extent is forwarded in eval mode (normalizers use their
// running statistics, dropout is off), so the picture does not depend on any batch, and the first
// `units` units of each asked layer are copied out. Nothing of the model changes: an eval-mode
// forward moves no running statistic, draws no dropout mask and computes no gradient.

import { type Extent, planeGrid } from '../data/extent.ts';
import type { Model } from './model.ts';

/** One layer's pictures: `values` holds `shown` maps of res x res, at (u * res + row) * res + col. */
export interface UnitMapLayer {
  /** The layer's index in the model (as in LayerInfo.index). */
  index: number;
  kind: string;
  /** The layer's width; the first `shown` of them are pictured. */
  units: number;
  shown: number;
  values: Float32Array;
}

/** Unit pictures over the plane [x0, x1] x [y0, y1]; row 0 is the top (y1), as in a decision-boundary grid. */
export interface UnitMaps extends Extent {
  res: number;
  /** Always eval: the pass uses running statistics, so no batch is involved. */
  mode: 'eval';
  layers: UnitMapLayer[];
}

/** Grid sides the request accepts. */
export const UNIT_MAP_MIN_RES = 2;
export const UNIT_MAP_MAX_RES = 64;

/**
 * Forwards a res x res grid over `extent` through `model` (input [2]) in eval mode and returns
 * the first `units` outputs of each of `layers` (indices of layers with a flat output) at every
 * grid point. Throws, changing nothing, on a model that does not read 2-D points or a layer that
 * is out of range or image-shaped.
 */
export function unitMaps(
  model: Model,
  extent: Extent,
  res: number,
  layers: readonly number[],
  units: number,
): UnitMaps {
  if (model.inShape.length !== 1 || model.inShape[0] !== 2)
    throw new Error(
      `unit pictures need a network that reads 2-D points, got input [${model.inShape.join(', ')}]`,
    );
  if (!Number.isInteger(res) || res < UNIT_MAP_MIN_RES || res > UNIT_MAP_MAX_RES)
    throw new Error(
      `unit picture resolution must be an integer in [${UNIT_MAP_MIN_RES}, ${UNIT_MAP_MAX_RES}], got ${res}`,
    );
  if (!Number.isInteger(units) || units < 1)
    throw new Error(`units must be a positive integer, got ${units}`);
  for (const i of layers) {
    if (!Number.isInteger(i) || i < 0 || i >= model.layers.length)
      throw new Error(`layer ${i} is out of range [0, ${model.layers.length})`);
    if (model.layers[i].outShape.length !== 1)
      throw new Error(`layer ${i} (${model.layers[i].kind}) has no flat output to picture`);
  }
  const n = res * res;
  model.forward(planeGrid(extent, res), n, 'eval');
  return {
    ...extent,
    res,
    mode: 'eval',
    layers: layers.map((index) => {
      const width = model.layers[index].outShape[0];
      const shown = Math.min(units, width);
      const out = model.layerOutputs[index];
      const values = new Float32Array(shown * n);
      // The layer's output is (n, width) row-major; a picture is one column of it.
      for (let u = 0; u < shown; u++) for (let p = 0; p < n; p++) values[u * n + p] = out[p * width + u];
      return { index, kind: model.layers[index].kind, units: width, shown, values };
    }),
  };
}
