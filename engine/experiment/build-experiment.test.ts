import { describe, expect, it } from 'vitest';
import { buildModel } from '../train/model.ts';
import { experimentData, experimentSpec, TOY_SAMPLES } from './build-experiment.ts';
import { DEFAULT_CONFIG } from './experiment.ts';

describe('experimentSpec', () => {
  it('default config: 3 hidden blocks Dense(no bias) -> BatchNorm -> tanh, then Dense(2)', () => {
    const spec = experimentSpec(DEFAULT_CONFIG, [2], 2);
    expect(spec.layers.map((l) => l.type)).toEqual([
      ...Array(3).fill(['dense', 'batchnorm', 'tanh']).flat(),
      'dense',
    ]);
    expect(spec.layers[0]).toEqual({ type: 'dense', units: 16, bias: false });
    expect(spec.layers[1]).toMatchObject({ type: 'batchnorm', momentum: 0.1, eps: 1e-5 });
    expect(spec.optimizer).toEqual({ type: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0 });
  });

  it('placement after, dropout and no-norm variants', () => {
    const after = experimentSpec({ ...DEFAULT_CONFIG, placement: 'after', dropout: 0.2, depth: 1 }, [2], 2);
    expect(after.layers.map((l) => l.type)).toEqual(['dense', 'tanh', 'batchnorm', 'dropout', 'dense']);
    const none = experimentSpec({ ...DEFAULT_CONFIG, norm: 'none', depth: 1 }, [2], 2);
    expect(none.layers).toEqual([
      { type: 'dense', units: 16 },
      { type: 'tanh' },
      { type: 'dense', units: 2 },
    ]);
  });

  it('an MLP on images flattens first; the CNN is the documented conv net and builds', () => {
    const mlp = experimentSpec({ ...DEFAULT_CONFIG, dataset: 'mnist' }, [1, 28, 28], 10);
    expect(mlp.layers[0]).toEqual({ type: 'flatten' });
    const cnn = experimentSpec(
      { ...DEFAULT_CONFIG, dataset: 'mnist', model: 'cnn', norm: 'groupnorm', groups: 4 },
      [1, 28, 28],
      10,
    );
    expect(cnn.layers.map((l) => l.type)).toEqual([
      'conv2d',
      'groupnorm',
      'relu',
      'maxpool2d',
      'conv2d',
      'groupnorm',
      'relu',
      'maxpool2d',
      'flatten',
      'dense',
    ]);
    expect(buildModel(cnn).outShape).toEqual([10]);
  });

  it('an impossible config fails loudly with the reason', () => {
    expect(() => experimentSpec({ ...DEFAULT_CONFIG, norm: 'groupnorm', groups: 3 }, [2], 2)).toThrow(
      'impossible experiment: groups must divide channels (c=16, g=3)',
    );
  });
});

describe('experimentData', () => {
  it('toy data comes from a fixed data seed: the run seed does not change the points', () => {
    const a = experimentData({ ...DEFAULT_CONFIG, seed: 1 }, null);
    const b = experimentData({ ...DEFAULT_CONFIG, seed: 2 }, null);
    expect(a.train.count + a.test.count).toBe(TOY_SAMPLES);
    expect(Array.from(a.train.x)).toEqual(Array.from(b.train.x));
  });

  it('MNIST before its asset is loaded is a clear error', () => {
    expect(() => experimentData({ ...DEFAULT_CONFIG, dataset: 'mnist' }, null)).toThrow(
      'the MNIST digits are not loaded yet',
    );
  });
});
