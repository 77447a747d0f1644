import { describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec } from '../core/spec.ts';
import { randomInput } from '../testing/grad-check.ts';
import { buildModel, type Model } from '../train/model.ts';
import type { Dense } from './dense.ts';
import { Add, Skip } from './residual.ts';

/** Whole-model dL/dparam and dL/dx vs central differences, float64. */
const GRAD_TOL = 1e-6;
const FD_STEP = 1e-6;

function spec(input: number[], layers: LayerSpec[]): ModelSpec {
  return {
    input,
    layers,
    loss: 'softmax-cross-entropy',
    optimizer: { type: 'sgd', lr: 0.1 },
    init: { type: 'kaiming' },
    seed: 5,
  };
}

const mean = (model: Model, x: Float64Array, t: Float64Array, n: number) =>
  model.evaluate(x, t, n, n, 'train').loss;

/** Largest relative error of every param's gradient against central differences of the mean loss. */
function paramGradError(model: Model, x: Float64Array, t: Float64Array, n: number): number {
  model.computeGradients(x, t, n);
  const analytic = model.params().map((p) => Float64Array.from(p.grad));
  let worst = 0;
  model.params().forEach((p, k) => {
    for (let i = 0; i < p.value.length; i++) {
      const orig = p.value[i];
      p.value[i] = orig + FD_STEP;
      const lp = mean(model, x, t, n);
      p.value[i] = orig - FD_STEP;
      const lm = mean(model, x, t, n);
      p.value[i] = orig;
      const numeric = (lp - lm) / (2 * FD_STEP);
      const a = analytic[k][i];
      worst = Math.max(worst, Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric)));
    }
  });
  return worst;
}

describe('Skip / Add (identity residual blocks)', () => {
  it('forward: skip -> dense -> add gives x + (W x + b); an empty block gives 2x', () => {
    const model = buildModel(
      spec(
        [2],
        [{ type: 'skip' }, { type: 'dense', units: 2 }, { type: 'add' }, { type: 'dense', units: 2 }],
      ),
      'float64',
    );
    const dense = model.layers[1] as Dense;
    dense.weight.value.set([1, 2, 3, 4]);
    dense.bias?.value.set([0.5, -1]);
    model.forward(Float64Array.of(1, -1), 1, 'eval');
    expect(Array.from(model.layerOutputs[2])).toEqual([1 + (1 - 2 + 0.5), -1 + (3 - 4 - 1)]);
    const empty = buildModel(
      spec([2], [{ type: 'skip' }, { type: 'add' }, { type: 'dense', units: 2 }]),
      'float64',
    );
    empty.forward(Float64Array.of(3, -2), 1, 'eval');
    expect(Array.from(empty.layerOutputs[1])).toEqual([6, -4]);
  });

  it('backward by hand: the gradient through an empty block is dy twice (identity path + block)', () => {
    const skip = new Skip([3], 'float64');
    const add = new Add([3], skip, 'float64');
    const x = Float64Array.of(1, 2, 3);
    add.forward(skip.forward(x, 1, 'train'), 1, 'train');
    const dy = Float64Array.of(0.5, -1, 2);
    expect(Array.from(skip.backward(add.backward(dy)))).toEqual([1, -2, 4]);
  });

  it('end-to-end gradient, float64: dense stem, a post-activation block and a pre-activation block with BN, n=5', () => {
    const model = buildModel(
      spec(
        [3],
        [
          { type: 'dense', units: 4 },
          { type: 'skip' },
          { type: 'dense', units: 4, bias: false },
          { type: 'batchnorm' },
          { type: 'add' },
          { type: 'relu' },
          { type: 'skip' },
          { type: 'batchnorm' },
          { type: 'tanh' },
          { type: 'dense', units: 4 },
          { type: 'add' },
          { type: 'dense', units: 3 },
        ],
      ),
      'float64',
    );
    const x = randomInput(15, 21);
    expect(paramGradError(model, x, Float64Array.of(0, 1, 2, 1, 0), 5)).toBeLessThan(GRAD_TOL);
  });

  it('end-to-end gradient, float64: nested blocks (a skip inside a skip) on conv feature maps, n=3', () => {
    const model = buildModel(
      spec(
        [2, 4, 4],
        [
          { type: 'conv2d', filters: 2, kernel: 3, padding: 1 },
          { type: 'skip' },
          { type: 'conv2d', filters: 2, kernel: 3, padding: 1 },
          { type: 'tanh' },
          { type: 'skip' },
          { type: 'conv2d', filters: 2, kernel: 3, padding: 1, bias: false },
          { type: 'groupnorm', groups: 2 },
          { type: 'add' },
          { type: 'add' },
          { type: 'flatten' },
          { type: 'dense', units: 3 },
        ],
      ),
      'float64',
    );
    const x = randomInput(3 * 32, 22);
    expect(paramGradError(model, x, Float64Array.of(2, 0, 1), 3)).toBeLessThan(GRAD_TOL);
  });

  it('rejects an add without a skip, a skip never closed, and a block that changes the shape', () => {
    expect(() => buildModel(spec([2], [{ type: 'add' }, { type: 'dense', units: 2 }]))).toThrow(
      "layers[0]: add has no open { type: 'skip' } before it",
    );
    expect(() => buildModel(spec([2], [{ type: 'skip' }, { type: 'dense', units: 2 }]))).toThrow(
      "1 residual block(s) opened by { type: 'skip' } never closed by { type: 'add' }",
    );
    expect(() =>
      buildModel(
        spec(
          [2],
          [{ type: 'skip' }, { type: 'dense', units: 3 }, { type: 'add' }, { type: 'dense', units: 2 }],
        ),
      ),
    ).toThrow(
      'layers[2]: add: the block gives [3] but its skip took [2]; an identity skip needs the same shape',
    );
  });
});
