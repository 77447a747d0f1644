import { describe, expect, it } from 'vitest';
import type { LayerInfo, UnitMaps } from '#engine';
import { mlpLayers } from './fixtures.ts';
import {
  picturableLayerCount,
  placeText,
  stageSummary,
  UNIT_MAP_MAX_LAYERS,
  unitGroups,
  unitMapLayers,
  unitSummary,
} from './unit-maps-layout.ts';

const layer = (index: number, kind: string, width = 16): LayerInfo => ({
  index,
  kind,
  shape: [width],
  params: 0,
});
const stack = (kinds: string[]) => kinds.map((k, i) => layer(i, k, i === kinds.length - 1 ? 2 : 16));

/** An answer for `layers` whose unit u at grid point p is u * 10 + p (res 3). */
function answer(layers: readonly LayerInfo[], indices: number[], shown = 2): UnitMaps {
  const res = 3;
  return {
    res,
    x0: -1,
    x1: 1,
    y0: -1,
    y1: 1,
    mode: 'eval',
    layers: indices.map((index) => ({
      index,
      kind: layers[index].kind,
      units: layers[index].shape[0],
      shown,
      values: Float32Array.from({ length: shown * res * res }, (_, k) => Math.floor(k / 9) * 10 + (k % 9)),
    })),
  };
}

describe('unit pictures: which layers', () => {
  it('BN before the activation: the dense feeding BN, BN and the activation of each hidden layer, not the logits', () => {
    // dense bn tanh ×3, dense(out)
    expect(unitMapLayers(mlpLayers('batchnorm'))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('no normalizer: only the activations (a dense output is the pre-activation, not pictured)', () => {
    expect(unitMapLayers(mlpLayers('none'))).toEqual([1, 3, 5]);
  });

  it('BN after the activation: the activation (BN’s input) and BN; a normalizer on the logits is left out', () => {
    const after = stack(['dense', 'relu', 'batchnorm', 'dense', 'relu', 'batchnorm', 'dense', 'batchnorm']);
    expect(unitMapLayers(after)).toEqual([1, 2, 4, 5]);
  });

  it('caps the pictures at the first layers as the diagram numbers them: 32 BN layers ask for 4', () => {
    const deep = stack([...Array.from({ length: 32 }, () => ['dense', 'batchnorm', 'relu']).flat(), 'dense']);
    expect(picturableLayerCount(deep)).toBe(32);
    expect(unitMapLayers(deep)).toHaveLength(96);
    // dense → BN → relu of layers 1–4: model indices 0–11, nothing of layer 5 (index 12) on.
    expect(unitMapLayers(deep, UNIT_MAP_MAX_LAYERS)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // A network within the cap is pictured whole.
    expect(unitMapLayers(mlpLayers('batchnorm'), UNIT_MAP_MAX_LAYERS)).toEqual(
      unitMapLayers(mlpLayers('batchnorm')),
    );
  });

  it('a CNN’s image-shaped layers are not pictured', () => {
    const cnn: LayerInfo[] = [
      { index: 0, kind: 'conv2d', shape: [8, 28, 28], params: 72 },
      { index: 1, kind: 'batchnorm', shape: [8, 28, 28], params: 16 },
      { index: 2, kind: 'relu', shape: [8, 28, 28], params: 0 },
      { index: 3, kind: 'flatten', shape: [6272], params: 0 },
      { index: 4, kind: 'dense', shape: [10], params: 62730 },
    ];
    expect(unitMapLayers(cnn)).toEqual([]);
  });
});

describe('unit pictures: groups, scales and words', () => {
  it('groups stages under the diagram’s layer numbers, titled by what they show', () => {
    const layers = mlpLayers('batchnorm');
    const groups = unitGroups(answer(layers, [0, 1, 2, 3, 4, 5]), layers);
    expect(groups.map((g) => g.text)).toEqual(['Layer 1', 'Layer 2']);
    expect(groups[0].stages.map((s) => [s.title, s.name])).toEqual([
      ['dense → BatchNorm', 'Layer 1 · dense'],
      ['BatchNorm', 'Layer 1 · BatchNorm'],
      ['tanh', 'Layer 1 · tanh'],
    ]);
    // Each stage's scale is ± its largest |value| (unit 2’s last point: 10 + 8).
    expect(groups[0].stages[0].scale).toBe(18);
  });

  it('skips an answer for a different network (the run was rebuilt meanwhile)', () => {
    const layers = mlpLayers('batchnorm');
    const stale = answer(mlpLayers('none'), [1, 3]);
    // Index 1 is a tanh in the old network but a batchnorm now; index 3 is a tanh then, a dense now.
    expect(unitGroups(stale, layers)).toEqual([]);
  });

  it('says where on the plane a grid cell lies', () => {
    expect(placeText(0, 0, 24)).toBe('top left');
    expect(placeText(0, 12, 24)).toBe('top');
    expect(placeText(12, 12, 24)).toBe('centre');
    expect(placeText(12, 23, 24)).toBe('middle right');
    expect(placeText(23, 23, 24)).toBe('bottom right');
  });

  it('a unit’s sentence names its range and where its extremes are; a stage’s names the units shown', () => {
    const layers = mlpLayers('none');
    const [group] = unitGroups(answer(layers, [1]), layers);
    const stage = group.stages[0];
    // Unit 2 (index 1): 10 at point 0 (top left) to 18 at point 8 (bottom right) on the 3×3 grid.
    expect(unitSummary(stage, 1, 3)).toBe(
      'unit 2: 10.00 (smallest, top left) to 18.00 (largest, bottom right)',
    );
    expect(stageSummary(stage)).toBe('Layer 1 · tanh, units 1–2 of 16, scale ±18.00');
    const flat = { ...stage, values: new Float32Array(18).fill(0.5), shown: 16 };
    expect(unitSummary(flat, 0, 3)).toBe('unit 1: 0.50 everywhere');
    expect(stageSummary(flat)).toMatch(/^Layer 1 · tanh, all 16 units/);
  });
});
