import { afterAll, describe, expect, it } from 'vitest';
import type { Mode } from '../core/types.ts';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { InstanceNorm, type InstanceNormOptions } from './instance-norm.ts';
import { maxAbsDiff, refMeanVar, sampleValues } from './reference.ts';

/** Largest relative error accepted from the float64 finite-difference check (reached: ~1e-9). */
const GRAD_TOLERANCE = 1e-7;
/** Agreement of float64 layers with formulas and float64 references. */
const FLOAT64_TOLERANCE = 1e-12;

const EPS = 1e-5;

const reached: string[] = [];
afterAll(() => {
  if (process.env.NORM_GRAD_REPORT) console.log(reached.join('\n'));
});

function inorm(inShape: number[], options: InstanceNormOptions = {}): InstanceNorm {
  const layer = new InstanceNorm(inShape, options, 'float64');
  const C = layer.channels;
  if (layer.affine) layer.setState({ gamma: randomInput(C, 1, 0.5, 1), beta: randomInput(C, 2) });
  return layer;
}

describe('instanceNorm forward', () => {
  it('instanceNorm construction: needs [C, H, W] with H*W > 1', () => {
    expect(() => new InstanceNorm([4])).toThrow(
      new Error('instancenorm needs spatial input [C, H, W] with H*W > 1, got [4]'),
    );
    expect(() => new InstanceNorm([4, 1, 1])).toThrow(
      new Error('instancenorm needs spatial input [C, H, W] with H*W > 1, got [4, 1, 1]'),
    );
  });

  it('instanceNorm defaults, c=3 h=2 w=2: affine false as PyTorch (no params); affine true gives per-channel gamma, beta', () => {
    expect(new InstanceNorm([3, 2, 2]).params()).toEqual([]);
    expect(new InstanceNorm([3, 2, 2]).getState()).toEqual({});
    const affine = new InstanceNorm([3, 2, 2], { affine: true });
    expect(affine.params().map((p) => [p.name, p.value.length])).toEqual([
      ['gamma', 3],
      ['beta', 3],
    ]);
  });

  it('instanceNorm forward, NCHW n=2 c=1 h=1 w=2: each (sample, channel) over its H*W values', () => {
    const layer = new InstanceNorm([1, 1, 2], {}, 'float64');
    const y = layer.forward(Float64Array.from([1, 3, 10, 30]), [2, 1, 1, 2], 'train');
    expect(Array.from(layer.lastMean ?? [])).toEqual([2, 20]);
    expect(Array.from(layer.lastVar ?? [])).toEqual([1, 100]);
    const expected = [
      -1 / Math.sqrt(1 + EPS),
      1 / Math.sqrt(1 + EPS),
      -10 / Math.sqrt(100 + EPS),
      10 / Math.sqrt(100 + EPS),
    ];
    expect(maxAbsDiff(y, expected)).toBeLessThan(FLOAT64_TOLERANCE);
  });

  it('instanceNorm train mode output, NCHW n=3 c=4 h=3 w=2: per (sample, channel) mean 0, variance var/(var+eps)', () => {
    const layer = new InstanceNorm([4, 3, 2], {}, 'float64');
    const x = randomInput(3 * 24, 3, 2, 1);
    const y = layer.forward(x, 3, 'train');
    for (let i = 0; i < 3; i++) {
      for (let c = 0; c < 4; c++) {
        const input = refMeanVar(sampleValues(x, i, 4, 6, c, c + 1));
        const output = refMeanVar(sampleValues(y, i, 4, 6, c, c + 1));
        expect(Math.abs(output.mean)).toBeLessThan(FLOAT64_TOLERANCE);
        expect(Math.abs(output.variance - input.variance / (input.variance + EPS))).toBeLessThan(
          FLOAT64_TOLERANCE,
        );
      }
    }
    expect(Array.from(layer.forward(x, 3, 'eval'))).toEqual(Array.from(y));
  });
});

describe('instanceNorm backward, float64 finite differences', () => {
  const cases: [string, () => InstanceNorm, number, Mode][] = [
    ['train mode, n=3 c=2 h=2 w=2', () => inorm([2, 2, 2]), 3, 'train'],
    ['eval mode, n=2 c=3 h=1 w=3', () => inorm([3, 1, 3]), 2, 'eval'],
    ['train mode, n=2 c=3 h=2 w=2, affine=true', () => inorm([3, 2, 2], { affine: true }), 2, 'train'],
    ['eval mode, n=1 c=2 h=3 w=2, affine=true', () => inorm([2, 3, 2], { affine: true }), 1, 'eval'],
  ];
  it.each(cases)('instanceNorm backward, %s', (name, build, n, mode) => {
    const layer = build();
    const x = randomInput(n * layer.sampleSize, 92, 1.5, 0.3);
    const { maxRelError, worst } = gradCheck(layer, x, n, mode);
    reached.push(`instanceNorm ${name}: ${maxRelError.toExponential(2)} (${worst})`);
    expect(maxRelError).toBeLessThan(GRAD_TOLERANCE);
  });
});
