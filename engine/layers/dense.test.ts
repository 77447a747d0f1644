import { describe, expect, it } from 'vitest';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { MAX_CACHED_BATCH_SIZES } from './batch-cache.ts';
import { Dense } from './dense.ts';

/** Central differences in float64 with FD_STEP 1e-6 agree to ~1e-9 on these smooth layers. */
const GRAD_TOL = 1e-6;

function randomDense(inF: number, outF: number, bias: boolean, seed: number): Dense {
  const layer = new Dense([inF], outF, bias, 'float64');
  layer.weight.value.set(randomInput(inF * outF, seed));
  if (layer.bias) layer.bias.value.set(randomInput(outF, seed + 1));
  return layer;
}

describe('Dense', () => {
  it('forward by hand: W (3, 2) = [[1, 2], [3, 4], [5, 6]], b = [1, 0, -1], x = [1, 1] -> [4, 7, 10]', () => {
    const layer = new Dense([2], 3, true, 'float64');
    layer.weight.value.set([1, 2, 3, 4, 5, 6]);
    layer.bias?.value.set([1, 0, -1]);
    expect(Array.from(layer.forward(Float64Array.of(1, 1), 1, 'train'))).toEqual([4, 7, 10]);
  });

  it('backward by hand, n=1: dW = dy x^T, db = dy, dx = W^T dy', () => {
    const layer = new Dense([2], 3, true, 'float64');
    layer.weight.value.set([1, 2, 3, 4, 5, 6]);
    layer.forward(Float64Array.of(2, -1), 1, 'train');
    const dx = layer.backward(Float64Array.of(1, 0, 1));
    expect(Array.from(layer.weight.grad)).toEqual([2, -1, 0, 0, 2, -1]);
    expect(Array.from(layer.bias?.grad ?? [])).toEqual([1, 0, 1]);
    expect(Array.from(dx)).toEqual([6, 8]);
  });

  for (const bias of [true, false]) {
    it(`gradient check, float64, n=3 in=5 out=4, bias=${bias}, train mode`, () => {
      const layer = randomDense(5, 4, bias, 11);
      const { maxRelError, worst } = gradCheck(layer, randomInput(15, 12), 3, 'train');
      expect(maxRelError, worst).toBeLessThan(GRAD_TOL);
    });
  }

  it('params are weight (decay) and bias (no decay); bias=false has only weight', () => {
    expect(new Dense([3], 2, true, 'float32').params().map((p) => [p.name, p.decay])).toEqual([
      ['weight', true],
      ['bias', false],
    ]);
    expect(new Dense([3], 2, false, 'float32').params().map((p) => p.name)).toEqual(['weight']);
  });

  it('inputGrad=false skips dL/dx but still writes dW and db', () => {
    const layer = randomDense(4, 3, true, 3);
    layer.inputGrad = false;
    layer.forward(randomInput(8, 4), 2, 'train');
    expect(layer.backward(randomInput(6, 5)).length).toBe(0);
    expect(layer.weight.grad.some((g) => g !== 0)).toBe(true);
  });

  it('buffers are cached per batch size: same n gives the same output object, n=2 and n=5 differ', () => {
    const layer = randomDense(4, 3, true, 3);
    const y2 = layer.forward(randomInput(8, 1), 2, 'train');
    const y5 = layer.forward(randomInput(20, 1), 5, 'train');
    expect(y5).not.toBe(y2);
    expect(y5.length).toBe(15);
    expect(layer.forward(randomInput(8, 2), 2, 'eval')).toBe(y2);
  });

  it(`keeps at most ${MAX_CACHED_BATCH_SIZES} batch sizes, dropping the least recently used`, () => {
    const layer = randomDense(2, 2, true, 3);
    const first = layer.forward(randomInput(2, 1), 1, 'train');
    for (let n = 2; n <= MAX_CACHED_BATCH_SIZES; n++) layer.forward(randomInput(2 * n, 1), n, 'train');
    expect(layer.forward(randomInput(2, 1), 1, 'train')).toBe(first);
    layer.forward(randomInput(2 * 99, 1), 99, 'train'); // evicts n=2, the least recently used
    expect(layer.forward(randomInput(2, 1), 1, 'train')).toBe(first);
    const second = layer.forward(randomInput(2 * 3, 1), 3, 'train');
    expect(layer.forward(randomInput(2 * 2, 1), 2, 'train').length).toBe(4); // re-allocated
    expect(layer.forward(randomInput(2 * 3, 1), 3, 'train')).toBe(second);
  });

  it('rejects a [C, H, W] input with a named error', () => {
    expect(() => new Dense([8, 7, 7], 10, true, 'float32')).toThrow(
      "dense needs a flat [F] input, got [8, 7, 7]: add { type: 'flatten' } first",
    );
    expect(() => new Dense([4], 0, true, 'float32')).toThrow('dense units must be a positive integer, got 0');
  });
});
