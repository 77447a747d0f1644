import { afterAll, describe, expect, it } from 'vitest';
import type { Mode } from '../core/types.ts';
import { gradCheck, randomInput } from '../testing/grad-check.ts';
import { GroupNorm, type GroupNormOptions } from './group-norm.ts';
import { InstanceNorm } from './instance-norm.ts';
import { LayerNorm } from './layer-norm.ts';
import { maxAbsDiff, refMeanVar, sampleValues } from './reference.ts';

/** Largest relative error accepted from the float64 finite-difference check (reached: ~1e-9). */
const GRAD_TOLERANCE = 1e-7;
/** Agreement of float64 layers with formulas, references and each other. */
const FLOAT64_TOLERANCE = 1e-12;

const EPS = 1e-5;

const reached: string[] = [];
afterAll(() => {
  if (process.env.NORM_GRAD_REPORT) console.log(reached.join('\n'));
});

function gn(inShape: number[], options: GroupNormOptions): GroupNorm {
  const layer = new GroupNorm(inShape, options, 'float64');
  const C = layer.channels;
  if (layer.affine) layer.setState({ gamma: randomInput(C, 1, 0.5, 1), beta: randomInput(C, 2) });
  return layer;
}

describe('groupNorm forward', () => {
  it('groupNorm construction: G must be a positive integer dividing C', () => {
    expect(() => new GroupNorm([6, 2, 2], { groups: 4 })).toThrow(
      new Error('groups must divide channels (c=6, g=4)'),
    );
    expect(() => new GroupNorm([6], { groups: 0 })).toThrow('groups must be a positive integer, got 0');
    expect(() => new GroupNorm([6], { groups: 1.5 })).toThrow('groups must be a positive integer, got 1.5');
    expect(new GroupNorm([6], { groups: 3 }).groups).toBe(3);
  });

  it('groupNorm forward, NCHW n=1 c=4 h=1 w=2 g=2: per-group statistics, per-channel gamma and beta', () => {
    const layer = new GroupNorm([4, 1, 2], { groups: 2 }, 'float64');
    layer.setState({ gamma: [1, 2, 3, 4], beta: [0, 1, 0, 1] });
    // group 0 = channels 0, 1: 1 3 | 5 7 -> mean 4, var 5; group 1 = channels 2, 3: 0 0 | 2 4 -> mean 1.5, var 2.75
    const x = Float64Array.from([1, 3, 5, 7, 0, 0, 2, 4]);
    const y = layer.forward(x, [1, 4, 1, 2], 'train');
    expect(Array.from(layer.lastMean ?? [])).toEqual([4, 1.5]);
    expect(Array.from(layer.lastVar ?? [])).toEqual([5, 2.75]);
    const expected = Array.from(x, (v, i) => {
      const c = Math.floor(i / 2);
      const g = Math.floor(c / 2);
      return [1, 2, 3, 4][c] * ((v - [4, 1.5][g]) / Math.sqrt([5, 2.75][g] + EPS)) + [0, 1, 0, 1][c];
    });
    expect(maxAbsDiff(y, expected)).toBeLessThan(FLOAT64_TOLERANCE);
  });

  it.each([
    ['NCHW n=3 c=6 h=2 w=2 g=3', [6, 2, 2], 3, 3],
    ['dense n=4 c=6 g=2', [6], 4, 2],
  ])(
    'groupNorm train mode output, %s: per (sample, group) mean 0, variance var/(var+eps)',
    (_, inShape, n, groups) => {
      const layer = new GroupNorm(inShape, { groups }, 'float64');
      const C = inShape[0];
      const S = layer.spatial;
      const x = randomInput(n * layer.sampleSize, 3, 2, 1);
      const y = layer.forward(x, n, 'train');
      const per = C / groups;
      expect(layer.lastMean?.length).toBe(n * groups);
      for (let i = 0; i < n; i++) {
        for (let g = 0; g < groups; g++) {
          const input = refMeanVar(sampleValues(x, i, C, S, g * per, (g + 1) * per));
          const output = refMeanVar(sampleValues(y, i, C, S, g * per, (g + 1) * per));
          expect(layer.lastMean?.[i * groups + g]).toBeCloseTo(input.mean, 13);
          expect(Math.abs(output.mean)).toBeLessThan(FLOAT64_TOLERANCE);
          expect(Math.abs(output.variance - input.variance / (input.variance + EPS))).toBeLessThan(
            FLOAT64_TOLERANCE,
          );
        }
      }
    },
  );

  it('groupNorm G=1, NCHW n=2 c=4 h=2 w=2: the same normalised values as LayerNorm', () => {
    const x = randomInput(32, 4, 3, 2);
    const group = new GroupNorm([4, 2, 2], { groups: 1 }, 'float64');
    const layer = new LayerNorm([4, 2, 2], {}, 'float64');
    expect(maxAbsDiff(group.forward(x, 2, 'train'), layer.forward(x, 2, 'train'))).toBeLessThan(
      FLOAT64_TOLERANCE,
    );
    expect(Array.from(group.lastVar ?? [])).toEqual(Array.from(layer.lastVar ?? []));
    // but its affine is per channel (4 values), LayerNorm's per element (16)
    expect(group.params()[0].value.length).toBe(4);
    expect(layer.params()[0].value.length).toBe(16);
  });

  it('groupNorm G=C, NCHW n=2 c=3 h=2 w=3: equals InstanceNorm (same gamma and beta)', () => {
    const x = randomInput(36, 5, 3, 2);
    const group = gn([3, 2, 3], { groups: 3 });
    const instance = new InstanceNorm([3, 2, 3], { affine: true }, 'float64');
    instance.setState(group.getState());
    expect(maxAbsDiff(group.forward(x, 2, 'train'), instance.forward(x, 2, 'train'))).toBeLessThan(
      FLOAT64_TOLERANCE,
    );
    const dy = randomInput(36, 6);
    expect(maxAbsDiff(group.backward(dy), instance.backward(dy))).toBeLessThan(FLOAT64_TOLERANCE);
  });

  it('groupNorm, NCHW n=3 c=4 h=1 w=2 g=2: train and eval agree; a sample ignores its batch-mates', () => {
    const layer = gn([4, 1, 2], { groups: 2 });
    const x = randomInput(24, 7);
    const y = Float64Array.from(layer.forward(x, 3, 'train'));
    expect(Array.from(layer.forward(x, 3, 'eval'))).toEqual(Array.from(y));
    expect(Array.from(layer.forward(x.subarray(8, 16), 1, 'eval'))).toEqual(Array.from(y.subarray(8, 16)));
  });
});

describe('groupNorm backward, float64 finite differences', () => {
  const cases: [string, () => GroupNorm, number, Mode][] = [
    ['train mode, n=4 c=6 g=3 h=2 w=2', () => gn([6, 2, 2], { groups: 3 }), 4, 'train'],
    ['eval mode, n=2 c=6 g=3 h=2 w=2', () => gn([6, 2, 2], { groups: 3 }), 2, 'eval'],
    ['train mode, dense n=3 c=6 g=2', () => gn([6], { groups: 2 }), 3, 'train'],
    ['train mode, n=2 c=4 g=1 h=2 w=1', () => gn([4, 2, 1], { groups: 1 }), 2, 'train'],
    ['train mode, n=2 c=4 g=4 h=1 w=3', () => gn([4, 1, 3], { groups: 4 }), 2, 'train'],
    [
      'train mode, n=2 c=6 g=2 h=2 w=2, affine=false',
      () => gn([6, 2, 2], { groups: 2, affine: false }),
      2,
      'train',
    ],
  ];
  it.each(cases)('groupNorm backward, %s', (name, build, n, mode) => {
    const layer = build();
    const x = randomInput(n * layer.sampleSize, 91, 1.5, 0.3);
    const { maxRelError, worst } = gradCheck(layer, x, n, mode);
    reached.push(`groupNorm ${name}: ${maxRelError.toExponential(2)} (${worst})`);
    expect(maxRelError).toBeLessThan(GRAD_TOLERANCE);
  });
});
