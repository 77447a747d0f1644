import { describe, expect, it } from 'vitest';
import {
  type Cells,
  divisors,
  groupStats,
  membership,
  normSets,
  poolCells,
  SET_NORMS,
  setContaining,
  setLabel,
} from './set-stats.ts';

/** Relative tolerance of float32 cell statistics against a float64 direct computation. */
const TOL = 1e-5;

/** A seeded (N, C, S) tensor, row-major NCHW: ((n * C + c) * S + s). */
function tensor(n: number, c: number, spatial: number, seed = 3): Float64Array {
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Float64Array.from({ length: n * c * spatial }, (_, i) => rand() * 4 - 1 + (i % c) * 0.5);
}

/** Per-cell mean and biased variance, as engine/worker/observe.ts cellStats computes them. */
function cellsOf(x: Float64Array, n: number, c: number, spatial: number): Cells {
  const mean = new Float32Array(n * c);
  const variance = new Float32Array(n * c);
  for (let k = 0; k < n * c; k++) {
    const block = x.subarray(k * spatial, (k + 1) * spatial);
    const m = block.reduce((a, b) => a + b, 0) / spatial;
    mean[k] = m;
    variance[k] = block.reduce((a, b) => a + (b - m) ** 2, 0) / spatial;
  }
  return { n, c, spatial, mean, variance };
}

/** Mean, biased variance and mean square of the elements with sample in [s0, s1), channel in [c0, c1). */
function direct(x: Float64Array, c: number, spatial: number, s0: number, s1: number, c0: number, c1: number) {
  const values: number[] = [];
  for (let s = s0; s < s1; s++)
    for (let ch = c0; ch < c1; ch++)
      for (let k = 0; k < spatial; k++) values.push(x[(s * c + ch) * spatial + k]);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  const meanSquare = values.reduce((a, b) => a + b * b, 0) / values.length;
  return { count: values.length, mean, variance, meanSquare };
}

describe('normSets: which cells share one mean and variance, n=3 c=4', () => {
  it('BatchNorm: one set per channel over every sample', () => {
    expect(Array.from(membership('batchnorm', 3, 4))).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
  });
  it('LayerNorm and RMSNorm: one set per sample over every channel', () => {
    const rows = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    expect(Array.from(membership('layernorm', 3, 4))).toEqual(rows);
    expect(Array.from(membership('rmsnorm', 3, 4))).toEqual(rows);
  });
  it('GroupNorm g=2: one set per sample and pair of consecutive channels', () => {
    expect(Array.from(membership('groupnorm', 3, 4, 2))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
  it('InstanceNorm: every cell is its own set', () => {
    expect(Array.from(membership('instancenorm', 3, 4))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
  it('GroupNorm with G = 1 has LayerNorm sets, with G = C InstanceNorm sets (n=2 c=6)', () => {
    const strip = (sets: ReturnType<typeof normSets>) => sets.map(({ index: _, ...rest }) => rest);
    expect(strip(normSets('groupnorm', 2, 6, 1))).toEqual(strip(normSets('layernorm', 2, 6)));
    expect(strip(normSets('groupnorm', 2, 6, 6))).toEqual(strip(normSets('instancenorm', 2, 6)));
  });
  it('every norm covers every cell exactly once', () => {
    for (const norm of SET_NORMS) {
      const sets = normSets(norm, 3, 4, 2);
      const covered = new Int32Array(12);
      for (const t of sets)
        for (let s = t.sample0; s < t.sample1; s++)
          for (let ch = t.channel0; ch < t.channel1; ch++) covered[s * 4 + ch]++;
      expect(Array.from(covered), norm).toEqual(Array(12).fill(1));
    }
  });
  it('GroupNorm rejects a group count that does not divide C, by name', () => {
    expect(() => normSets('groupnorm', 2, 6, 4)).toThrow('groups must divide channels (c=6, g=4)');
  });
  it('divisors of C are the group counts offered', () => {
    expect(divisors(16)).toEqual([1, 2, 4, 8, 16]);
    expect(divisors(6)).toEqual([1, 2, 3, 6]);
  });
  it('names a set for screen readers', () => {
    const sets = normSets('groupnorm', 4, 8, 2);
    const set = setContaining(sets, 2, 5);
    expect(set && setLabel('groupnorm', set, 4, 8)).toBe('GroupNorm set: sample 2, channels 4–7');
    expect(setLabel('batchnorm', normSets('batchnorm', 4, 8)[3], 4, 8)).toBe(
      'BatchNorm set: channel 3, all 4 samples',
    );
    expect(setLabel('instancenorm', normSets('instancenorm', 4, 8)[9], 4, 8)).toBe(
      'InstanceNorm set: sample 1, channel 1',
    );
  });
});

describe('pooled set statistics from cells equal a direct computation, n=3 c=4 spatial=5', () => {
  const [n, c, spatial] = [3, 4, 5];
  const x = tensor(n, c, spatial);
  const cells = cellsOf(x, n, c, spatial);
  for (const norm of SET_NORMS) {
    it(`${norm}${norm === 'groupnorm' ? ' g=2' : ''}: mean, biased variance and mean square of every set`, () => {
      const stats = groupStats(cells, norm, 2);
      expect(stats.length).toBeGreaterThan(0);
      for (const set of stats) {
        const want = direct(x, c, spatial, set.sample0, set.sample1, set.channel0, set.channel1);
        expect(set.stats).not.toBeNull();
        expect(set.stats?.count).toBe(want.count);
        expect(set.stats?.mean).toBeCloseTo(want.mean, 5);
        expect(Math.abs((set.stats?.variance ?? 0) - want.variance) / want.variance).toBeLessThan(TOL);
        expect(Math.abs((set.stats?.meanSquare ?? 0) - want.meanSquare) / want.meanSquare).toBeLessThan(TOL);
      }
    });
  }
  it('a set outside the cell grid fails loudly', () => {
    expect(() => poolCells(cells, { index: 0, sample0: 0, sample1: 1, channel0: 0, channel1: 6 })).toThrow(
      'set must lie inside the 3 × 4 cells',
    );
  });
  it('a non-finite cell gives no statistics rather than NaN', () => {
    const bad: Cells = {
      ...cells,
      mean: Float32Array.from(cells.mean, (v, i) => (i === 0 ? Number.NaN : v)),
    };
    expect(groupStats(bad, 'batchnorm')[0].stats).toBeNull();
    expect(groupStats(bad, 'batchnorm')[1].stats).not.toBeNull();
  });
});
