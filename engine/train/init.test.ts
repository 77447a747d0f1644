import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { initStd, initWeight } from './init.ts';

/** Sample std of 78 400 normals is within ~0.25% of the true std (1 sigma); 2% is ~8 sigma. */
const STD_REL_TOL = 0.02;

function sampleStd(a: Float64Array): number {
  let mean = 0;
  for (const v of a) mean += v / a.length;
  let variance = 0;
  for (const v of a) variance += (v - mean) ** 2 / a.length;
  return Math.sqrt(variance);
}

describe('init', () => {
  const cases = [
    { spec: { type: 'kaiming' } as const, std: Math.sqrt(2 / 784) },
    { spec: { type: 'xavier' } as const, std: Math.sqrt(2 / (784 + 100)) },
    { spec: { type: 'normal', std: 0.05 } as const, std: 0.05 },
  ];
  for (const { spec, std } of cases) {
    it(`${spec.type}: Dense (100, 784) weights have std ${std.toFixed(4)}`, () => {
      expect(initStd(spec, 784, 100)).toBeCloseTo(std, 15);
      const w = new Float64Array(100 * 784);
      initWeight(w, spec, 784, 100, new Rng(3));
      expect(Math.abs(sampleStd(w) / std - 1)).toBeLessThan(STD_REL_TOL);
    });
  }

  it('is deterministic from the Rng: same seed, same weights bit for bit', () => {
    const a = new Float32Array(50);
    const b = new Float32Array(50);
    initWeight(a, { type: 'kaiming' }, 10, 5, new Rng(7));
    initWeight(b, { type: 'kaiming' }, 10, 5, new Rng(7));
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('rejects a negative normal std', () => {
    expect(() => initStd({ type: 'normal', std: -1 }, 1, 1)).toThrow(
      'normal init std must be a finite number >= 0, got -1',
    );
  });
});
