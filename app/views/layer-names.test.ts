import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '#engine';
import { experimentSpec } from '#engine/testing';
import { kindName, layerNumbers, layerText, moduleName, observedName } from './layer-names.ts';

/** The network a config builds, as the page sees its kinds (the worker's LayerInfo kinds). */
function kinds(patch: Partial<ExperimentConfig>): { kind: string; shape: number[] }[] {
  const config = {
    ...DEFAULT_CONFIG,
    dataset: 'spiral',
    model: 'mlp',
    depth: 8,
    ...patch,
  } as ExperimentConfig;
  const input = config.model === 'cnn' ? [1, 28, 28] : [2];
  return experimentSpec(config, input, config.model === 'cnn' ? 10 : 2).layers.map((l) => ({
    kind: l.type,
    shape: [],
  }));
}

/** The reader's name of every weight layer, in order. */
function weightNames(layers: { kind: string; shape: number[] }[]): string[] {
  const names = layerNumbers(layers);
  return layers.flatMap((l, i) => (l.kind === 'dense' || l.kind === 'conv2d' ? [names[i].text] : []));
}

const EIGHT = [...Array.from({ length: 8 }, (_, i) => `Layer ${i + 1}`), 'Output'];

describe('layer numbers', () => {
  it('an 8-layer MLP reads Layer 1 … 8 + Output without a normalizer, with BN before or after, plain or residual', () => {
    const variants: Partial<ExperimentConfig>[] = [
      { norm: 'none' },
      { norm: 'batchnorm', placement: 'before' },
      { norm: 'batchnorm', placement: 'after' },
      { norm: 'layernorm', residual: 'post' },
      { norm: 'batchnorm', residual: 'pre' },
      { norm: 'none', residual: 'pre' },
    ];
    for (const v of variants) {
      const layers = kinds(v);
      expect(weightNames(layers), JSON.stringify(v)).toEqual(EIGHT);
      // Every module is named by one of those, and the numbers never go down.
      const numbers = layerNumbers(layers).map((n) => n.number ?? 9);
      expect(
        numbers.every((n, i) => i === 0 || n >= numbers[i - 1]),
        JSON.stringify(v),
      ).toBe(true);
    }
    // Before: 25 modules (9 dense, 8 BN, 8 tanh); without BN 17: the numbers do not depend on it.
    expect(kinds({ norm: 'batchnorm' })).toHaveLength(25);
    expect(kinds({ norm: 'none' })).toHaveLength(17);
  });

  it('a normalizer and an activation belong to the weight layer before them', () => {
    const bn = kinds({ norm: 'batchnorm', placement: 'before' });
    expect(bn.slice(0, 4).map((l) => l.kind)).toEqual(['dense', 'batchnorm', 'tanh', 'dense']);
    expect([0, 1, 2, 3].map((i) => layerText(bn, i))).toEqual(['Layer 1', 'Layer 1', 'Layer 1', 'Layer 2']);
    const after = kinds({ norm: 'batchnorm', placement: 'after' });
    expect(moduleName(after, 2)).toBe('Layer 1 · BatchNorm');
    expect(moduleName(bn, bn.length - 1)).toBe('Output · dense');
  });

  it("a pre-activation residual block's norm and activation belong to the block's own weight layer", () => {
    const pre = kinds({ norm: 'batchnorm', residual: 'pre' });
    // Stem dense, then [skip, BN, act, dense, add] per block.
    expect(pre.slice(0, 6).map((l) => l.kind)).toEqual([
      'dense',
      'skip',
      'batchnorm',
      'tanh',
      'dense',
      'add',
    ]);
    expect([1, 2, 3, 4, 5].map((i) => layerText(pre, i))).toEqual(Array(5).fill('Layer 2'));
  });

  it('the CNN: conv layers are Layer 1 and 2 (their pools and the flatten with them), the classifier Output', () => {
    const cnn = kinds({ dataset: 'mnist', model: 'cnn', norm: 'batchnorm' });
    expect(weightNames(cnn)).toEqual(['Layer 1', 'Layer 2', 'Output']);
    const flatten = cnn.findIndex((l) => l.kind === 'flatten');
    expect(layerText(cnn, flatten)).toBe('Layer 2');
  });

  it('names with the output shape, and nothing outside the network', () => {
    const layers = [
      { kind: 'dense', shape: [16] },
      { kind: 'relu', shape: [16] },
      { kind: 'dense', shape: [2] },
    ];
    expect(moduleName(layers, 0, { shape: true })).toBe('Layer 1 · dense 16');
    expect(moduleName(layers, 2, { shape: true })).toBe('Output · dense 2');
    expect(moduleName(layers, 3)).toBeNull();
    expect(layerText(layers, -1)).toBeNull();
  });
});

describe('observed layer names', () => {
  it('one name when the runs of a comparison watch the same layer, each run’s otherwise', () => {
    expect(observedName(['Layer 1', 'Layer 1'], ['batchnorm', 'tanh'])).toBe('Layer 1 · BatchNorm / tanh');
    expect(observedName(['Layer 1', 'Layer 1'], ['groupnorm', 'groupnorm'])).toBe('Layer 1 · GroupNorm');
    expect(observedName(['Layer 2', 'Layer 2'], ['dense', 'dense'])).toBe('Layer 2 · dense');
    expect(observedName(['Layer 1', 'Layer 2'], ['tanh', 'dense'])).toBe('Layer 1 · tanh / Layer 2 · dense');
    // Before the networks are built there is nothing to count.
    expect(observedName(['', ''], ['', ''])).toBe('The picked layer');
  });
});

describe('kindName', () => {
  it('names a normalizer as the menus and the network diagram do, any other module by its engine kind', () => {
    expect(kindName('batchnorm')).toBe('BatchNorm');
    expect(kindName('rmsnorm')).toBe('RMSNorm');
    expect(kindName('conv2d')).toBe('conv2d');
    expect(kindName('relu')).toBe('relu');
  });
});
