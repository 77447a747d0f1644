import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { LayerSpec, ModelSpec } from '../core/spec.ts';
import type { Arr } from '../core/types.ts';
import { WasmKernels } from '../core/wasm-kernels.ts';
import type { Conv2d } from '../layers/conv2d.ts';
import type { Dense } from '../layers/dense.ts';
import { randomInput } from '../testing/grad-check.ts';
import { buildModel, type Model } from './model.ts';

/** Whole-model dL/dparam vs central differences of the mean loss, float64 (FD_STEP 1e-6). */
const GRAD_TOL = 1e-6;
const FD_STEP = 1e-6;

/** Two Gaussian blobs in 2-D, class 0 around (-1, -1) and class 1 around (1, 1), std 0.5: separable in practice. */
function blobs(count: number, seed: number, f64 = false): { x: Arr; y: Arr } {
  const rng = new Rng(seed);
  const x = f64 ? new Float64Array(2 * count) : new Float32Array(2 * count);
  const y = f64 ? new Float64Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const centre = label === 0 ? -1 : 1;
    x[2 * i] = centre + 0.5 * rng.normal();
    x[2 * i + 1] = centre + 0.5 * rng.normal();
    y[i] = label;
  }
  return { x, y };
}

function spec(input: number[], layers: LayerSpec[], extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    input,
    layers,
    loss: 'softmax-cross-entropy',
    optimizer: { type: 'sgd', lr: 0.1 },
    init: { type: 'kaiming' },
    seed: 3,
    ...extra,
  };
}

const smallMlp = (extra: Partial<ModelSpec> = {}) =>
  spec([2], [{ type: 'dense', units: 8 }, { type: 'tanh' }, { type: 'dense', units: 2 }], extra);

const smallCnn = spec(
  [2, 6, 6],
  [
    { type: 'conv2d', filters: 3, kernel: 3, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'conv2d', filters: 2, kernel: 2, stride: 2, padding: 1, bias: false },
    { type: 'sigmoid' },
    { type: 'avgpool2d', size: 2, stride: 1 },
    { type: 'flatten' },
    { type: 'dense', units: 3 },
  ],
);

/**
 * Largest relative error (|a - b| / max(1, |a|, |b|), as in grad-check.ts) between computeGradients
 * and central differences of the train-mode mean loss, over every element of every param.
 */
function modelGradError(model: Model, x: Float64Array, targets: Float64Array, n: number): number {
  model.computeGradients(x, targets, n);
  const analytic = model.params().map((p) => Float64Array.from(p.grad));
  let worst = 0;
  model.params().forEach((p, k) => {
    for (let i = 0; i < p.value.length; i++) {
      const orig = p.value[i];
      p.value[i] = orig + FD_STEP;
      const lp = model.evaluate(x, targets, n, n, 'train').loss;
      p.value[i] = orig - FD_STEP;
      const lm = model.evaluate(x, targets, n, n, 'train').loss;
      p.value[i] = orig;
      const numeric = (lp - lm) / (2 * FD_STEP);
      const a = analytic[k][i];
      worst = Math.max(worst, Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric)));
    }
  });
  return worst;
}

describe('buildModel', () => {
  it('infers shapes layer by layer: CNN [2, 6, 6] -> [3, 6, 6] -> [3, 3, 3] -> [2, 2, 2] -> [2, 1, 1] -> [2] -> [3]', () => {
    const model = buildModel(smallCnn);
    expect(model.layers.map((l) => l.outShape)).toEqual([
      [3, 6, 6],
      [3, 6, 6],
      [3, 3, 3],
      [2, 2, 2],
      [2, 2, 2],
      [2, 1, 1],
      [2],
      [3],
    ]);
    expect(model.outShape).toEqual([3]);
    expect(model.params().map((p) => p.name)).toEqual(['weight', 'bias', 'weight', 'weight', 'bias']);
  });

  it('rejects impossible specs with named messages', () => {
    expect(() => buildModel(spec([784], [{ type: 'conv2d', filters: 8, kernel: 3 }]))).toThrow(
      'layers[0]: conv2d needs a [C, H, W] input, got [784]',
    );
    expect(() =>
      buildModel(
        spec(
          [1, 4, 4],
          [
            { type: 'conv2d', filters: 2, kernel: 3 },
            { type: 'dense', units: 2 },
          ],
        ),
      ),
    ).toThrow("layers[1]: dense needs a flat [F] input, got [2, 2, 2]: add { type: 'flatten' } first");
    expect(() => buildModel(spec([1, 4, 4], [{ type: 'conv2d', filters: 2, kernel: 3 }]))).toThrow(
      'the last layer must give flat [K] logits for the loss, got [2, 2, 2]',
    );
    expect(() => buildModel(spec([4], [{ type: 'dense', units: 1 }]))).toThrow(
      'softmax-cross-entropy needs at least 2 outputs, got 1',
    );
    expect(() => buildModel(spec([0], []))).toThrow('input shape must be positive integers, got [0]');
    expect(() => buildModel(spec([2], [{ type: 'dense', units: 2 }], { loss: 'hinge' as 'mse' }))).toThrow(
      "unknown loss 'hinge'",
    );
    expect(() => buildModel(spec([4, 3, 3], [{ type: 'groupnorm', groups: 3 }]))).toThrow(/^layers\[0\]: /);
  });

  it('same spec and seed give bit-identical weights; another seed does not', () => {
    const a = buildModel(smallMlp());
    const b = buildModel(smallMlp());
    const c = buildModel(smallMlp({ seed: 4 }));
    expect(Array.from(a.params()[0].value)).toEqual(Array.from(b.params()[0].value));
    expect(Array.from(a.params()[0].value)).not.toEqual(Array.from(c.params()[0].value));
  });

  it('dropout layers do not shift the initial weights of later layers (separate Rng streams)', () => {
    const plain = buildModel(smallMlp());
    const withDropout = buildModel(
      spec(
        [2],
        [
          { type: 'dense', units: 8 },
          { type: 'tanh' },
          { type: 'dropout', rate: 0.5 },
          { type: 'dense', units: 2 },
        ],
      ),
    );
    expect(Array.from(withDropout.params()[2].value)).toEqual(Array.from(plain.params()[2].value));
  });

  it("the first trainable layer skips its input gradient (nobody reads dL/dx of the model's input)", () => {
    const model = buildModel(smallCnn);
    expect((model.layers[0] as Conv2d).inputGrad).toBe(false);
    expect((model.layers[3] as Conv2d).inputGrad).toBe(true);
    const mlp = buildModel(spec([1, 2, 2], [{ type: 'flatten' }, { type: 'dense', units: 2 }]));
    expect((mlp.layers[1] as Dense).inputGrad).toBe(false);
  });
});

describe('model API boundaries', () => {
  const model = buildModel(smallMlp());
  it('rejects a wrong input length, a bad n and wrong targets with named errors', () => {
    expect(() => model.forward(new Float32Array(5), 2, 'eval')).toThrow(
      'input length 5 does not match n=2 samples of [2] (4 values)',
    );
    expect(() => model.forward(new Float32Array(4), 0, 'eval')).toThrow(
      'batch size n must be a positive integer, got 0',
    );
    expect(() => model.trainStep(new Float32Array(4), new Float32Array(3), 2)).toThrow(
      'targets length 3 does not match n=2 for softmax-cross-entropy (2 values)',
    );
    expect(() => model.evaluate(new Float32Array(4), new Float32Array(2), 2, 0)).toThrow(
      'evaluate batchSize must be a positive integer, got 0',
    );
  });
});

describe('end-to-end gradients, float64', () => {
  it('small MLP 2-8-2, tanh, softmax cross-entropy, n=5: every param', () => {
    const model = buildModel(smallMlp(), 'float64');
    const { x, y } = blobs(5, 1, true);
    expect(modelGradError(model, x as Float64Array, y as Float64Array, 5)).toBeLessThan(GRAD_TOL);
  });

  it('small MLP 2-8-3 with MSE and with sigmoid BCE (3 outputs), n=4', () => {
    for (const loss of ['mse', 'sigmoid-bce'] as const) {
      const model = buildModel(
        spec([2], [{ type: 'dense', units: 8 }, { type: 'sigmoid' }, { type: 'dense', units: 3 }], { loss }),
        'float64',
      );
      const targets = Float64Array.from({ length: 12 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
      expect(modelGradError(model, randomInput(8, 2), targets, 4)).toBeLessThan(GRAD_TOL);
    }
  });

  it('small CNN [2, 6, 6]: conv pad 1 -> relu -> maxpool -> conv stride 2 -> sigmoid -> avgpool -> dense, n=3', () => {
    const model = buildModel(smallCnn, 'float64');
    expect(modelGradError(model, randomInput(3 * 72, 3), Float64Array.of(0, 2, 1), 3)).toBeLessThan(GRAD_TOL);
  });
});

describe('training', () => {
  it('loss decreases on two separable blobs: MLP 2-16-2 relu, SGD momentum 0.9, 60 steps of n=32', () => {
    const model = buildModel(
      spec([2], [{ type: 'dense', units: 16 }, { type: 'relu' }, { type: 'dense', units: 2 }], {
        optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9 },
      }),
    );
    const train = blobs(320, 5);
    const test = blobs(200, 6);
    const before = model.evaluate(test.x, test.y, 200, 64);
    for (let step = 0; step < 60; step++) {
      const s = (step % 10) * 32;
      model.trainStep(train.x.subarray(2 * s, 2 * (s + 32)), train.y.subarray(s, s + 32), 32);
    }
    const after = model.evaluate(test.x, test.y, 200, 64);
    expect(after.loss).toBeLessThan(0.5 * before.loss);
    expect(after.accuracy).toBeGreaterThan(0.95);
  });

  it('Adam and the sigmoid-bce loss (1 output) also learn the blobs', () => {
    const model = buildModel(
      spec([2], [{ type: 'dense', units: 8 }, { type: 'tanh' }, { type: 'dense', units: 1 }], {
        loss: 'sigmoid-bce',
        optimizer: { type: 'adam', lr: 0.02 },
      }),
    );
    const { x, y } = blobs(64, 7);
    const first = model.trainStep(x, y, 64).loss;
    let last = first;
    for (let step = 0; step < 40; step++) last = model.trainStep(x, y, 64).loss;
    expect(last).toBeLessThan(0.5 * first);
  });

  it('determinism: two models from the same spec and seed give bit-identical losses over 20 steps (dropout on)', () => {
    const withDropout = spec(
      [2],
      [
        { type: 'dense', units: 16 },
        { type: 'relu' },
        { type: 'dropout', rate: 0.3 },
        { type: 'dense', units: 2 },
      ],
    );
    const { x, y } = blobs(32, 8);
    const run = () => {
      const model = buildModel(withDropout);
      return Array.from({ length: 20 }, () => model.trainStep(x, y, 32).loss);
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it('a divergent learning rate returns a non-finite loss instead of throwing', () => {
    const model = buildModel(
      spec([2], [{ type: 'dense', units: 8 }, { type: 'relu' }, { type: 'dense', units: 2 }], {
        optimizer: { type: 'sgd', lr: 1e30 },
      }),
    );
    const { x, y } = blobs(16, 9);
    const losses = Array.from({ length: 5 }, () => model.trainStep(x, y, 16).loss);
    expect(losses.some((l) => !Number.isFinite(l))).toBe(true);
  });

  it('setLearningRate / setMomentum / setWeightDecay reach the optimizer between steps', () => {
    const model = buildModel(smallMlp());
    model.setLearningRate(0.02);
    model.setMomentum(0.5);
    model.setWeightDecay(1e-4);
    expect([model.optimizer.learningRate, model.optimizer.momentum, model.optimizer.weightDecay]).toEqual([
      0.02, 0.5, 1e-4,
    ]);
  });
});

describe('batch size and observability', () => {
  it('evaluate in chunks (batchSize 7 over 20 samples) equals one eval pass over all 20', () => {
    const model = buildModel(smallMlp(), 'float64');
    const { x, y } = blobs(20, 10, true);
    const whole = model.evaluate(x, y, 20, 20);
    const chunked = model.evaluate(x, y, 20, 7);
    expect(Math.abs(whole.loss - chunked.loss)).toBeLessThan(1e-14);
    expect(chunked.accuracy).toBe(whole.accuracy);
    expect(model.lastBatchSize).toBe(6);
  });

  it('layerInputs/layerOutputs expose each layer of the last forward: input[0] = x, input[i + 1] = output[i]', () => {
    const model = buildModel(smallCnn);
    const x = new Float32Array(4 * 72).fill(0.5);
    const logits = model.forward(x, 4, 'eval');
    expect(model.layerInputs[0]).toBe(x);
    expect(model.layerOutputs[model.layers.length - 1]).toBe(logits);
    model.layers.forEach((layer, i) => {
      expect(model.layerOutputs[i].length).toBe(4 * layer.outShape.reduce((a, b) => a * b, 1));
      if (i > 0) expect(model.layerInputs[i]).toBe(model.layerOutputs[i - 1]);
    });
  });

  it('batch size may change between steps: n=8, n=5, n=8 again reuses the n=8 buffers', () => {
    const model = buildModel(smallMlp());
    const { x, y } = blobs(8, 11);
    model.trainStep(x, y, 8);
    const logits8 = model.layerOutputs[2];
    model.trainStep(x.subarray(0, 10), y.subarray(0, 5), 5);
    expect(model.layerOutputs[2].length).toBe(10);
    model.trainStep(x, y, 8);
    expect(model.layerOutputs[2]).toBe(logits8);
  });
});

type Counter = { count: number };

/**
 * Counts typed-array and Array constructions and view/copy methods while `run` executes, by
 * swapping the global constructors for counting proxies and wrapping the prototype methods.
 * (Object literals and closures cannot be seen from here; the identity test covers the rest.)
 */
function countAllocations(run: () => void): number {
  const counter: Counter = { count: 0 };
  const g = globalThis as unknown as Record<string, unknown>;
  const names = ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array', 'Array', 'ArrayBuffer'];
  const saved = names.map((name) => g[name]);
  const typedProto = Object.getPrototypeOf(Int8Array.prototype) as Record<string, unknown>;
  const methods: [Record<string, unknown>, string][] = [
    ...['subarray', 'slice', 'map', 'filter'].map(
      (m) => [typedProto, m] as [Record<string, unknown>, string],
    ),
    ...['slice', 'map', 'filter', 'concat', 'flatMap'].map(
      (m) => [Array.prototype as unknown as Record<string, unknown>, m] as [Record<string, unknown>, string],
    ),
  ];
  const savedMethods = methods.map(([proto, m]) => proto[m]);
  names.forEach((name, i) => {
    g[name] = new Proxy(saved[i] as object, {
      construct(target, args, newTarget) {
        counter.count++;
        return Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget);
      },
    });
  });
  methods.forEach(([proto, m], i) => {
    const original = savedMethods[i] as (...a: unknown[]) => unknown;
    proto[m] = function (this: unknown, ...args: unknown[]) {
      counter.count++;
      return original.apply(this, args);
    };
  });
  try {
    run();
  } finally {
    names.forEach((name, i) => {
      g[name] = saved[i];
    });
    methods.forEach(([proto, m], i) => {
      proto[m] = savedMethods[i];
    });
  }
  return counter.count;
}

describe('no allocation per training step after warm-up', () => {
  const cases: [string, ModelSpec, number][] = [
    [
      'MLP with dropout',
      spec(
        [2],
        [
          { type: 'dense', units: 8 },
          { type: 'relu' },
          { type: 'dropout', rate: 0.2 },
          { type: 'dense', units: 2 },
        ],
      ),
      2,
    ],
    ['CNN with both pools', smallCnn, 72],
  ];
  // The default kernels, and the WebAssembly backend running every GEMM (however small) in its
  // linear memory: it grows once per larger shape, then copies through cached views.
  for (const [name, modelSpec, inSize] of cases)
    for (const wasm of [null, new WasmKernels(1)])
      it(`${name}, float32, n=6 then n=4${wasm ? ', every GEMM in WebAssembly' : ''}: identical buffers and no typed array/view/Array created`, () => {
        const model = buildModel(
          { ...modelSpec, optimizer: { type: 'sgd', lr: 0.01, momentum: 0.9 } },
          'float32',
          wasm ?? undefined,
        );
        const x6 = randomInput(6 * inSize, 12);
        const x = Float32Array.from(x6);
        const y = Float32Array.of(0, 1, 1, 0, 1, 0);
        const x4 = x.subarray(0, 4 * inSize);
        const y4 = y.subarray(0, 4);
        model.trainStep(x, y, 6); // warm-up, one per batch size
        model.trainStep(x4, y4, 4);
        model.trainStep(x, y, 6);
        const outputs = [...model.layerOutputs];
        const grads = [...model.layerOutputGrads];
        const allocations = countAllocations(() => {
          for (let i = 0; i < 3; i++) {
            model.trainStep(x, y, 6);
            model.trainStep(x4, y4, 4);
          }
          model.trainStep(x, y, 6);
        });
        expect(allocations).toBe(0);
        model.layerOutputs.forEach((buffer, i) => {
          expect(buffer).toBe(outputs[i]);
        });
        model.layerOutputGrads.forEach((buffer, i) => {
          expect(buffer).toBe(grads[i]);
        });
        if (wasm) expect(wasm.wasmGemms).toBeGreaterThan(7 * 3);
      });

  it('the allocation counter does see a typed array created inside it', () => {
    expect(countAllocations(() => new Float32Array(3))).toBe(1);
    expect(countAllocations(() => new Float32Array(3).subarray(1))).toBe(2);
  });
});

describe('models with normalizers', () => {
  const bnMlp = (extra: Partial<ModelSpec> = {}) =>
    spec(
      [2],
      [
        { type: 'dense', units: 6, bias: false },
        { type: 'batchnorm' },
        { type: 'tanh' },
        { type: 'dense', units: 5 },
        { type: 'relu' },
        { type: 'layernorm' },
        { type: 'dense', units: 3 },
      ],
      extra,
    );

  it('end-to-end gradient, float64, MLP dense -> batchnorm -> tanh -> dense -> relu -> layernorm -> dense, n=6', () => {
    const model = buildModel(bnMlp(), 'float64');
    const x = randomInput(12, 13);
    expect(modelGradError(model, x, Float64Array.of(0, 1, 2, 2, 1, 0), 6)).toBeLessThan(GRAD_TOL);
  });

  it('end-to-end gradient, float64, CNN conv -> batchnorm -> relu -> groupnorm(2) -> flatten -> dense, n=3', () => {
    const model = buildModel(
      spec(
        [1, 4, 4],
        [
          { type: 'conv2d', filters: 4, kernel: 3, padding: 1, bias: false },
          { type: 'batchnorm' },
          { type: 'relu' },
          { type: 'groupnorm', groups: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 2 },
        ],
      ),
      'float64',
    );
    expect(modelGradError(model, randomInput(48, 14), Float64Array.of(0, 1, 1), 3)).toBeLessThan(GRAD_TOL);
  });

  it('a BatchNorm MLP trains on the blobs and its eval mode then uses running statistics', () => {
    const model = buildModel(bnMlp({ optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 } }));
    const { x, y } = blobs(64, 15);
    const first = model.trainStep(x, y, 64).loss;
    let last = first;
    for (let step = 0; step < 30; step++) last = model.trainStep(x, y, 64).loss;
    expect(last).toBeLessThan(0.5 * first);
    expect(model.evaluate(x, y, 64, 16).accuracy).toBeGreaterThan(0.9);
  });

  it('no allocation per step with batchnorm and layernorm, float32, n=6', () => {
    const model = buildModel(bnMlp());
    const { x, y } = blobs(6, 16);
    model.trainStep(x, y, 6);
    const outputs = [...model.layerOutputs];
    expect(countAllocations(() => model.trainStep(x, y, 6))).toBe(0);
    model.layerOutputs.forEach((buffer, i) => {
      expect(buffer).toBe(outputs[i]);
    });
  });
});

describe('gradient accumulation (trainStepAccumulated)', () => {
  const mlp = (layers: LayerSpec[]) =>
    spec([2], [{ type: 'dense', units: 8 }, ...layers, { type: 'relu' }, { type: 'dense', units: 2 }], {
      optimizer: { type: 'adam', lr: 0.01 },
    });
  const weights = (m: Model) => m.params().flatMap((p) => Array.from(p.value));

  it('without a normalizer, 4 accumulated micro-batches of 8 are one step of batch 32 (to float rounding)', () => {
    const data = blobs(32, 11, true);
    const one = buildModel(mlp([]), 'float64');
    const accumulated = buildModel(mlp([]), 'float64');
    for (let step = 0; step < 5; step++) {
      const a = one.trainStep(data.x, data.y, 32);
      const aLoss = a.loss;
      const aCorrect = a.correct;
      const b = accumulated.trainStepAccumulated(data.x, data.y, 32, 4);
      expect(b.loss).toBeCloseTo(aLoss, 12);
      expect(b.correct).toBe(aCorrect);
    }
    const wa = weights(one);
    const wb = weights(accumulated);
    const scale = Math.max(...wa.map(Math.abs));
    wa.forEach((w, i) => {
      expect(Math.abs(w - wb[i])).toBeLessThan(1e-10 * scale);
    });
    // parts = 1 is an ordinary step.
    const plain = buildModel(mlp([]), 'float64');
    plain.trainStepAccumulated(data.x, data.y, 32, 1);
    const reference = buildModel(mlp([]), 'float64');
    reference.trainStep(data.x, data.y, 32);
    expect(weights(plain)).toEqual(weights(reference));
  });

  it('with BatchNorm each micro-batch is normalized on its own: the gradient is the mean of the micro-batch gradients, not the big batch’s', () => {
    const data = blobs(32, 12, true);
    const bn: LayerSpec[] = [{ type: 'batchnorm' }];
    const probe = buildModel(mlp(bn), 'float64');
    const mean = probe.params().map((p) => new Float64Array(p.grad.length));
    for (let p = 0; p < 4; p++) {
      probe.computeGradients(data.x.subarray(16 * p, 16 * (p + 1)), data.y.subarray(8 * p, 8 * (p + 1)), 8);
      probe.params().forEach((param, i) => {
        for (let j = 0; j < param.grad.length; j++) mean[i][j] += param.grad[j] / 4;
      });
    }
    const accumulated = buildModel(mlp(bn), 'float64');
    // At lr 0 the step leaves the weights, and the averaged gradient stays in each param's grad.
    accumulated.setLearningRate(0);
    accumulated.trainStepAccumulated(data.x, data.y, 32, 4);
    accumulated.params().forEach((param, i) => {
      for (let j = 0; j < param.grad.length; j++) expect(param.grad[j]).toBeCloseTo(mean[i][j], 12);
    });
    const whole = buildModel(mlp(bn), 'float64');
    whole.computeGradients(data.x, data.y, 32);
    const differs = whole
      .params()[0]
      .grad.some((g, j) => Math.abs(g - accumulated.params()[0].grad[j]) > 1e-6);
    expect(differs).toBe(true);
    // BatchNorm's running statistics moved once per micro-batch.
    const layer = accumulated.layers[1] as unknown as { numBatchesTracked: number };
    expect(layer.numBatchesTracked).toBe(4);
  });

  it('refuses a batch that does not split into whole micro-batches', () => {
    const data = blobs(10, 13, true);
    const model = buildModel(mlp([]), 'float64');
    expect(() => model.trainStepAccumulated(data.x, data.y, 10, 4)).toThrow(
      'accumulation needs a whole number of micro-batches: n=10, parts=4',
    );
  });
});
