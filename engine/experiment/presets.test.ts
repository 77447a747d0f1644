import { describe, expect, it } from 'vitest';
import { buildModel } from '../train/model.ts';
import { cnnSpec, mlpSpec } from './presets.ts';

describe('mlpSpec', () => {
  it("Ioffe & Szegedy's MNIST MLP 784-100-100-100-10, sigmoid, BN before the activation: dense drops its bias", () => {
    const spec = mlpSpec({
      input: 784,
      hidden: [100, 100, 100],
      classes: 10,
      activation: 'sigmoid',
      norm: { type: 'batchnorm' },
    });
    expect(spec.layers.map((l) => l.type)).toEqual([
      ...['dense', 'batchnorm', 'sigmoid'],
      ...['dense', 'batchnorm', 'sigmoid'],
      ...['dense', 'batchnorm', 'sigmoid'],
      'dense',
    ]);
    expect(spec.layers[0]).toEqual({ type: 'dense', units: 100, bias: false });
    expect(spec.layers[9]).toEqual({ type: 'dense', units: 10 });
    expect(buildModel(spec).outShape).toEqual([10]);
  });

  it("placement 'after': dense (with bias) -> act -> norm; dropout follows each block", () => {
    const spec = mlpSpec({
      input: [1, 4, 4],
      hidden: [8],
      classes: 3,
      norm: { type: 'layernorm' },
      placement: 'after',
      dropout: 0.2,
    });
    expect(spec.layers).toEqual([
      { type: 'flatten' },
      { type: 'dense', units: 8 },
      { type: 'relu' },
      { type: 'layernorm' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 3 },
    ]);
    expect(spec.input).toEqual([1, 4, 4]);
  });

  it('defaults: no norm, relu, softmax cross-entropy, SGD lr 0.1, Kaiming, seed 1', () => {
    const spec = mlpSpec({ input: 2, hidden: [4], classes: 2 });
    expect(spec).toEqual({
      input: [2],
      layers: [{ type: 'dense', units: 4 }, { type: 'relu' }, { type: 'dense', units: 2 }],
      loss: 'softmax-cross-entropy',
      optimizer: { type: 'sgd', lr: 0.1 },
      init: { type: 'kaiming' },
      seed: 1,
    });
  });
});

describe('mlpSpec residual blocks and a normalizer on the logits', () => {
  const bn = { type: 'batchnorm' } as const;
  it("'post': the stem is a plain block, then skip -> dense (no bias) -> norm -> add -> act per hidden layer", () => {
    const spec = mlpSpec({ input: 2, hidden: [4, 4, 4], classes: 2, norm: bn, residual: 'post' });
    expect(spec.layers.map((l) => l.type)).toEqual([
      ...['dense', 'batchnorm', 'relu'],
      ...['skip', 'dense', 'batchnorm', 'add', 'relu'],
      ...['skip', 'dense', 'batchnorm', 'add', 'relu'],
      'dense',
    ]);
    expect(spec.layers[4]).toEqual({ type: 'dense', units: 4, bias: false });
    expect(buildModel(spec).outShape).toEqual([2]);
  });

  it("'pre': a bare dense stem, then skip -> norm -> act -> dense -> add, and norm -> act before the classifier", () => {
    const spec = mlpSpec({ input: 2, hidden: [4, 4, 4], classes: 2, norm: bn, residual: 'pre' });
    expect(spec.layers.map((l) => l.type)).toEqual([
      'dense',
      ...['skip', 'batchnorm', 'relu', 'dense', 'add'],
      ...['skip', 'batchnorm', 'relu', 'dense', 'add'],
      ...['batchnorm', 'relu', 'dense'],
    ]);
    expect(spec.layers[4]).toEqual({ type: 'dense', units: 4 });
    expect(
      buildModel(spec)
        .layers.map((l) => l.kind)
        .filter((k) => k === 'dense'),
    ).toHaveLength(4);
  });

  it('residual blocks need equal widths; normLogits puts the normalizer after the classifier, whose bias goes', () => {
    expect(() => mlpSpec({ input: 2, hidden: [4, 8], classes: 2, residual: 'pre' })).toThrow(
      'residual blocks need equal hidden widths, got [4, 8]',
    );
    const spec = mlpSpec({ input: 2, hidden: [4], classes: 3, norm: bn, normLogits: true });
    expect(spec.layers.slice(-2)).toEqual([{ type: 'dense', units: 3, bias: false }, { type: 'batchnorm' }]);
    expect(cnnSpec({ norm: bn, normLogits: true }).layers.slice(-2)).toEqual([
      { type: 'dense', units: 10, bias: false },
      { type: 'batchnorm' },
    ]);
    expect(() => mlpSpec({ input: 2, hidden: [4], classes: 3, normLogits: true })).toThrow(
      'a normalizer on the logits needs a normalizer (norm)',
    );
  });
});

describe('cnnSpec', () => {
  it('MNIST CNN [1, 28, 28]: 8x28x28 -> 8x14x14 -> 16x14x14 -> 16x7x7 -> 784 -> 10', () => {
    const model = buildModel(cnnSpec());
    expect(model.layers.map((l) => [l.kind, l.outShape])).toEqual([
      ['conv2d', [8, 28, 28]],
      ['relu', [8, 28, 28]],
      ['maxpool2d', [8, 14, 14]],
      ['conv2d', [16, 14, 14]],
      ['relu', [16, 14, 14]],
      ['maxpool2d', [16, 7, 7]],
      ['flatten', [784]],
      ['dense', [10]],
    ]);
  });

  it('with groupnorm(4) before the ReLU the convs drop their bias and the model builds', () => {
    const spec = cnnSpec({ norm: { type: 'groupnorm', groups: 4 } });
    expect(spec.layers.slice(0, 4)).toEqual([
      { type: 'conv2d', filters: 8, kernel: 3, padding: 1, bias: false },
      { type: 'groupnorm', groups: 4 },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2 },
    ]);
    expect(buildModel(spec).params()).toHaveLength(2 * 3 + 2);
  });
});
