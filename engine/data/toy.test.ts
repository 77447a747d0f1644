import { describe, expect, test } from 'vitest';
import { classCounts, type Split } from './dataset.ts';
import { makeToyDataset, spiralPoint, TOY_KINDS, type ToyKind, toyClasses } from './toy.ts';

/** Float32 storage of float64 points: a noise-0 point matches its formula to this. */
const FLOAT32_TOL = 1e-6;
/** With noise <= 0.1, clean features stay within [-1, 1]; allow this much jitter beyond. */
const RANGE_LIMIT = 1.5;

function both(split: { train: Split; test: Split }): Split[] {
  return [split.train, split.test];
}

describe.each(TOY_KINDS)('toy %s', (kind: ToyKind) => {
  const options = { count: 300, noise: 0.1, seed: 42, testFraction: 0.2 };

  test('same seed gives identical arrays', () => {
    const a = makeToyDataset(kind, options);
    const b = makeToyDataset(kind, options);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.train.y).toEqual(b.train.y);
    expect(a.test.x).toEqual(b.test.x);
    expect(a.test.y).toEqual(b.test.y);
  });

  test('different seeds give different arrays', () => {
    const a = makeToyDataset(kind, options);
    const b = makeToyDataset(kind, { ...options, seed: 43 });
    expect(a.train.x).not.toEqual(b.train.x);
  });

  test('shape, class balance and a stratified 80/20 split, count 300', () => {
    const data = makeToyDataset(kind, options);
    const classes = toyClasses(kind);
    expect(data.name).toBe(kind);
    expect(data.inputShape).toEqual([2]);
    expect(data.classes).toBe(classes);
    expect(data.train.count + data.test.count).toBe(300);
    const perClass = 300 / classes;
    const testPerClass = Math.round(perClass * 0.2);
    expect(classCounts(data.test, classes)).toEqual(new Array(classes).fill(testPerClass));
    expect(classCounts(data.train, classes)).toEqual(new Array(classes).fill(perClass - testPerClass));
    for (const split of both(data)) {
      expect(split.x.length).toBe(split.count * 2);
      expect(split.y.length).toBe(split.count);
    }
  });

  test('values are finite and within the [-1, 1]-ish range', () => {
    for (const split of both(makeToyDataset(kind, options))) {
      for (const v of split.x) {
        expect(Number.isFinite(v)).toBe(true);
        expect(Math.abs(v)).toBeLessThan(RANGE_LIMIT);
      }
    }
  });

  test('changing only the noise keeps the split and the clean points', () => {
    const clean = makeToyDataset(kind, { ...options, noise: 0 });
    const noisy = makeToyDataset(kind, { ...options, noise: 0.05 });
    expect(noisy.train.y).toEqual(clean.train.y);
    let worst = 0;
    for (let i = 0; i < clean.train.x.length; i++) {
      worst = Math.max(worst, Math.abs(noisy.train.x[i] - clean.train.x[i]));
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.05 * 6);
  });
});

describe('toy data set shapes by formula, noise 0', () => {
  test('spiral points lie on their arm: (t sin a, t cos a), a = 1.75 * 2pi t + c pi, t = |p|', () => {
    const data = makeToyDataset('spiral', { count: 200, noise: 0, seed: 3 });
    for (const split of both(data)) {
      for (let n = 0; n < split.count; n++) {
        const x1 = split.x[2 * n];
        const x2 = split.x[2 * n + 1];
        const t = Math.hypot(x1, x2);
        const [e1, e2] = spiralPoint(split.y[n], t);
        expect(Math.abs(x1 - e1)).toBeLessThan(FLOAT32_TOL * 10);
        expect(Math.abs(x2 - e2)).toBeLessThan(FLOAT32_TOL * 10);
      }
    }
  });

  test('spiral arm 1 is arm 0 rotated by pi', () => {
    const [a1, a2] = spiralPoint(0, 0.3);
    const [b1, b2] = spiralPoint(1, 0.3);
    expect(b1).toBeCloseTo(-a1, 12);
    expect(b2).toBeCloseTo(-a2, 12);
  });

  test('circles: class 0 on radius 0.4, class 1 on radius 0.9', () => {
    const { train } = makeToyDataset('circles', { count: 100, noise: 0 });
    for (let n = 0; n < train.count; n++) {
      const r = Math.hypot(train.x[2 * n], train.x[2 * n + 1]);
      expect(Math.abs(r - (train.y[n] === 0 ? 0.4 : 0.9))).toBeLessThan(FLOAT32_TOL);
    }
  });

  test('xor: class 0 has same-sign features, class 1 opposite signs', () => {
    const { train } = makeToyDataset('xor', { count: 100, noise: 0 });
    for (let n = 0; n < train.count; n++) {
      const sameSign = train.x[2 * n] * train.x[2 * n + 1] > 0;
      expect(sameSign).toBe(train.y[n] === 0);
    }
  });

  test('blobs: 3 classes, each class mean near its centre on the radius-0.6 circle', () => {
    const { train } = makeToyDataset('blobs', { count: 600, noise: 0, seed: 5 });
    for (let c = 0; c < 3; c++) {
      let s1 = 0;
      let s2 = 0;
      let k = 0;
      for (let n = 0; n < train.count; n++) {
        if (train.y[n] !== c) continue;
        s1 += train.x[2 * n];
        s2 += train.x[2 * n + 1];
        k++;
      }
      const angle = Math.PI / 2 + (2 * Math.PI * c) / 3;
      // Standard error of the mean is 0.15 / sqrt(160) ~ 0.012; allow 4 of them.
      expect(Math.abs(s1 / k - 0.6 * Math.cos(angle))).toBeLessThan(0.05);
      expect(Math.abs(s2 / k - 0.6 * Math.sin(angle))).toBeLessThan(0.05);
    }
  });

  test('moons: class 0 lies on the upper unit half circle, scaled and centred', () => {
    const { train } = makeToyDataset('moons', { count: 100, noise: 0 });
    for (let n = 0; n < train.count; n++) {
      const mx = train.x[2 * n] / 0.65 + 0.5;
      const my = train.x[2 * n + 1] / 0.65 + 0.25;
      // Class 0: (cos t, sin t); class 1: (1 - cos t, 0.5 - sin t); both on a unit circle.
      const r = train.y[n] === 0 ? Math.hypot(mx, my) : Math.hypot(1 - mx, 0.5 - my);
      expect(Math.abs(r - 1)).toBeLessThan(FLOAT32_TOL * 10);
    }
  });
});

describe('makeToyDataset options', () => {
  test('defaults: 400 samples, 20% test', () => {
    const data = makeToyDataset('spiral');
    expect(data.train.count).toBe(320);
    expect(data.test.count).toBe(80);
  });

  test('uneven count: classes differ by at most one sample, count 7', () => {
    const data = makeToyDataset('blobs', { count: 7, testFraction: 0.3 });
    const total = classCounts(data.train, 3).map((n, c) => n + classCounts(data.test, 3)[c]);
    expect(total).toEqual([3, 2, 2]);
    expect(Math.min(...classCounts(data.test, 3))).toBeGreaterThanOrEqual(1);
    expect(Math.min(...classCounts(data.train, 3))).toBeGreaterThanOrEqual(1);
  });

  test.each([
    ['count too small', { count: 3 }, /toy count must be an integer >= 4/],
    ['fractional count', { count: 10.5 }, /toy count/],
    ['negative noise', { noise: -0.1 }, /toy noise/],
    ['NaN noise', { noise: Number.NaN }, /toy noise/],
    ['testFraction 0', { testFraction: 0 }, /toy testFraction/],
    ['testFraction 1', { testFraction: 1 }, /toy testFraction/],
  ])('rejects %s', (_name, options, message) => {
    expect(() => makeToyDataset('spiral', options)).toThrow(message);
  });

  test('rejects an unknown kind', () => {
    expect(() => makeToyDataset('checkerboard' as ToyKind)).toThrow(
      'unknown toy data set kind: checkerboard',
    );
  });
});
