import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';

describe('Rng', () => {
  it('same seed gives the same stream; different seeds differ', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('pins the first values of seed 42 so a change of algorithm cannot pass unnoticed', () => {
    const rng = new Rng(42);
    const first = Array.from({ length: 3 }, () => rng.nextUint32());
    expect(first).toMatchInlineSnapshot(`
      [
        1028872839,
        2516511472,
        400437680,
      ]
    `);
  });

  it('uniform() is in [0, 1) with mean near 1/2; normal() has mean near 0 and variance near 1', () => {
    const rng = new Rng(3);
    const count = 20000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < count; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = rng.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(su / count).toBeCloseTo(0.5, 1);
    expect(sn / count).toBeCloseTo(0, 1);
    expect(sn2 / count).toBeCloseTo(1, 1);
  });

  it('shuffle is a seeded permutation', () => {
    const a = new Rng(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    const b = new Rng(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
