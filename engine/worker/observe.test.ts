import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { mlpSpec } from '../experiment/presets.ts';
import { buildModel } from '../train/model.ts';
import {
  cellStats,
  defaultLayerIndex,
  growRange,
  histogram,
  Observer,
  percentiles,
  resolveLayer,
  saturatedFraction,
} from './observe.ts';
import { PERCENTILES } from './protocol.ts';

describe('observe helpers', () => {
  it('percentiles interpolate linearly like numpy', () => {
    expect(Array.from(percentiles([4, 1, 3, 2, 5], 5, [0, 25, 50, 100]))).toEqual([1, 2, 3, 5]);
    expect(percentiles([0, 10], 2, [15])[0]).toBeCloseTo(1.5);
  });

  it('histogram counts every finite value once, clamping outliers into the end bins', () => {
    const h = histogram(Float32Array.from([-5, -0.5, 0, 0.5, 0.99, 5, Number.NaN]), 7, -1, 1, 4);
    expect(Array.from(h)).toEqual([1, 1, 1, 3]);
  });

  it('growRange only grows, by powers of two', () => {
    expect(growRange(1, Float32Array.from([0.3]), 1)).toBe(1);
    expect(growRange(1, Float32Array.from([-5]), 1)).toBe(8);
    expect(growRange(8, Float32Array.from([0.1]), 1)).toBe(8);
  });

  it('cellStats gives each (sample, channel) mean and biased variance over H*W', () => {
    // n=2, c=2, spatial 2: cells [1,3] [5,5] [0,2] [2,2]
    const cells = cellStats(Float32Array.from([1, 3, 5, 5, 0, 2, 2, 2]), 2, [2, 1, 2]);
    expect(cells).toMatchObject({ n: 2, c: 2, spatial: 2 });
    expect(Array.from(cells?.mean ?? [])).toEqual([2, 5, 1, 2]);
    expect(Array.from(cells?.variance ?? [])).toEqual([1, 0, 1, 0]);
  });
});

describe('Observer on a trained step', () => {
  const spec = mlpSpec({
    input: 2,
    hidden: [8, 8],
    classes: 2,
    activation: 'sigmoid',
    norm: { type: 'batchnorm' },
    optimizer: { type: 'sgd', lr: 0.1 },
  });
  const rng = new Rng(4);
  const x = Float32Array.from({ length: 16 * 2 }, () => rng.normal());
  const y = Float32Array.from({ length: 16 }, (_, i) => i % 2);

  it('reports histograms, unit percentiles, batch vs running statistics, inspector numbers and diagnostics', () => {
    const model = buildModel(spec);
    const observer = new Observer(model);
    observer.rememberWeights();
    model.trainStep(x, y, 16);
    const o = observer.observe(
      {
        layer: 1,
        unit: 0,
        activations: true,
        channels: true,
        diagnostics: true,
        inspector: true,
        boundary: 0,
      },
      0.1,
    );
    expect(o.histograms?.input.reduce((a, b) => a + b, 0)).toBe(16 * 8);
    expect(o.unitPercentiles).toHaveLength(PERCENTILES.length);
    expect(o.channels?.runningVar).toHaveLength(8);
    // BN output over the batch: mean 0, so the inspector's y for gamma 1, beta 0 is x-hat
    const ins = o.inspector;
    expect(ins).not.toBeNull();
    if (!ins) return;
    const mean = ins.x.reduce((a, b) => a + b, 0) / ins.x.length;
    expect(ins.mean).toBeCloseTo(mean, 5);
    for (let i = 0; i < ins.x.length; i++) {
      expect(ins.xhat[i]).toBeCloseTo((ins.x[i] - ins.mean) / Math.sqrt(ins.variance + ins.eps), 4);
      expect(ins.y[i]).toBeCloseTo(ins.gamma * ins.xhat[i] + ins.beta, 5);
    }
    expect(Array.from(o.diagnostics?.layers ?? [])).toEqual([0, 3, 6]);
    expect(o.diagnostics?.updateRatio.every((r) => r > 0 && r < 1)).toBe(true);
    expect(o.cells?.n).toBe(16);
  });

  it('saturatedFraction counts sigmoid outputs near 0 or 1', () => {
    const big = buildModel({
      ...spec,
      init: { type: 'normal', std: 50 },
      layers: spec.layers.filter((l) => l.type !== 'batchnorm'),
    });
    big.forward(x, 16, 'train');
    expect(saturatedFraction(big, 0, 16)).toBeGreaterThan(0.5);
    const calm = buildModel(spec);
    calm.forward(x, 16, 'train');
    expect(saturatedFraction(calm, 0, 16)).toBeLessThan(0.2);
  });
});

describe('resolveLayer', () => {
  it('{ activation: 0 } is the first activation of each model, wherever its normalizer sits', () => {
    const base = { input: 2, hidden: [4], classes: 2, activation: 'tanh' as const };
    const none = buildModel(mlpSpec(base));
    const bn = buildModel(mlpSpec({ ...base, norm: { type: 'batchnorm' } }));
    expect(resolveLayer(none, { activation: 0 })).toBe(1);
    expect(resolveLayer(bn, { activation: 0 })).toBe(2);
    expect(resolveLayer(bn, 99)).toBe(bn.layers.length - 1);
  });

  it('{ norm: k } is the k-th normalization layer of each model; a model without one gives its k-th activation', () => {
    const base = { input: 2, hidden: [4, 4], classes: 2, activation: 'tanh' as const };
    const none = buildModel(mlpSpec(base));
    const bn = buildModel(mlpSpec({ ...base, norm: { type: 'batchnorm' } }));
    const ln = buildModel(mlpSpec({ ...base, norm: { type: 'layernorm' } }));
    expect(bn.layers[resolveLayer(bn, { norm: 0 })].kind).toBe('batchnorm');
    expect(resolveLayer(bn, { norm: 0 })).toBe(1);
    expect(resolveLayer(bn, { norm: 1 })).toBe(4);
    expect(ln.layers[resolveLayer(ln, { norm: 1 })].kind).toBe('layernorm');
    expect(resolveLayer(none, { norm: 0 })).toBe(resolveLayer(none, { activation: 0 }));
    expect(resolveLayer(none, { norm: 1 })).toBe(resolveLayer(none, { activation: 1 }));
  });

  it('a single run watches its first normalizer by default, else its first activation, else layer 0', () => {
    const base = { input: 2, hidden: [4], classes: 2, activation: 'tanh' as const };
    expect(defaultLayerIndex(buildModel(mlpSpec({ ...base, norm: { type: 'batchnorm' } })).layers)).toBe(1);
    expect(defaultLayerIndex(buildModel(mlpSpec(base)).layers)).toBe(1);
    expect(defaultLayerIndex([{ kind: 'dense' }])).toBe(0);
  });
});
