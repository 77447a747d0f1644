// A fixed feature-map result shaped like lesson 7's CNN (conv 8 → BN → ReLU → pool → conv 16 → BN →
// ReLU → pool → flatten → dense 10), with seeded values, for the view's browser tests. Not real
// activations: the live view always shows the engine's answer.

import { type FeatureMaps, type LayerInfo, Rng } from '#engine';

const KINDS: [string, number[]][] = [
  ['conv2d', [8, 28, 28]],
  ['batchnorm', [8, 28, 28]],
  ['relu', [8, 28, 28]],
  ['maxpool2d', [8, 14, 14]],
  ['conv2d', [16, 14, 14]],
  ['batchnorm', [16, 14, 14]],
  ['relu', [16, 14, 14]],
  ['maxpool2d', [16, 7, 7]],
  ['flatten', [784]],
  ['dense', [10]],
];

export const FIXTURE_LAYERS: LayerInfo[] = KINDS.map(([kind, shape], index) => ({
  index,
  kind,
  shape,
  params: kind === 'conv2d' ? 100 : kind === 'dense' ? 7850 : 0,
}));

export function fixtureMaps(patch: Partial<FeatureMaps> = {}): FeatureMaps {
  const rng = new Rng(7);
  const input = new Float32Array(784);
  for (let r = 6; r < 22; r++) for (let c = 12; c < 16; c++) input[r * 28 + c] = 1;
  const layers = FIXTURE_LAYERS.filter((l) => l.shape.length === 3).map((l) => {
    const [c, h, w] = l.shape;
    const values = Float32Array.from({ length: c * h * w }, () => {
      const v = 2 * rng.uniform() - 1;
      return l.kind === 'relu' || l.kind === 'maxpool2d'
        ? Math.max(0, v)
        : l.kind === 'conv2d'
          ? v * 0.3
          : v * 2;
    });
    return { index: l.index, kind: l.kind, shape: [c, h, w] as [number, number, number], values };
  });
  return {
    image: 1,
    label: 2,
    predicted: 2,
    mode: 'eval',
    batch: [1],
    input: { shape: [1, 28, 28], values: input },
    layers,
    ...patch,
  };
}
