import { describe, expect, it } from 'vitest';
import { channelIndices, makeBatch, runBatchStep, type StepExample, type StepResult } from './batch-step.ts';
import {
  arithmetic,
  type CellKey,
  decimalsFor,
  formatFixed,
  formatTiny,
  lineText,
  parseShown,
  sliderRanges,
  stepFormat,
  xhatMoments,
} from './step-arith.ts';

/** Recomputing a line from its unrounded operands: float64 on ≤ 18 values. */
const TIGHT = 1e-12;

/** The numbers written in a piece of arithmetic, in order ("−0.823" with a true minus sign). */
function numbersIn(text: string): number[] {
  return (text.match(/−?\d+(?:\.\d+)?/g) ?? []).map(parseShown);
}

function allKeys(step: StepResult): CellKey[] {
  const keys: CellKey[] = [];
  for (let i = 0; i < step.batch.x.length; i++)
    for (const kind of ['x', 'xhat', 'y'] as const) keys.push({ kind, index: i });
  for (let c = 0; c < step.batch.shape.c; c++)
    for (const kind of ['mean', 'variance', 'gamma', 'beta', 'runningMean', 'runningVar'] as const)
      keys.push({ kind, channel: c });
  return keys;
}

describe('formats', () => {
  it.each([
    [12.3, 2],
    [1.9, 3],
    [0.0625, 5],
    [150, 1],
    [9999, 0],
    [0, 3],
    [1e-9, 6],
    [Number.NaN, 3],
  ])('decimalsFor(%d) = %i', (v, d) => {
    expect(decimalsFor(v)).toBe(d);
  });

  it('formatFixed writes a true minus sign and never "−0.000"', () => {
    expect(formatFixed(-1.5, 3)).toBe('−1.500');
    expect(formatFixed(-0.0001, 3)).toBe('0.000');
    expect(formatFixed(2.345678, 2)).toBe('2.35');
    expect(formatFixed(Number.NaN, 2)).toBe('—');
    expect(parseShown('−1.500')).toBe(-1.5);
  });

  it('formatTiny: errors near machine precision in scientific notation', () => {
    expect(formatTiny(0)).toBe('0');
    expect(formatTiny(4.44e-16)).toBe('4.4e−16');
    expect(formatTiny(1.234)).toBe('1.234');
  });

  it('a column shares its decimals, so decimal points align (dense, seed 1)', () => {
    const step = runBatchStep(makeBatch('dense', 1));
    const fmt = stepFormat(step);
    for (let c = 0; c < 4; c++) {
      for (const [q, values] of [
        ['x', step.batch.x],
        ['xhat', step.xhat],
        ['y', step.y],
      ] as const) {
        const texts = channelIndices(step.batch.shape, c).map((i) => fmt(q, c, values[i]));
        const decimals = new Set(texts.map((t) => t.split('.')[1]?.length ?? 0));
        expect(decimals.size).toBe(1);
        // The column's largest value has 4 significant digits (3 for 3-digit x̂ below 1).
        const longest = Math.max(...texts.map((t) => t.replace(/[−.]/g, '').replace(/^0+/, '').length));
        expect(longest).toBeGreaterThanOrEqual(q === 'xhat' ? 3 : 4);
      }
    }
  });
});

describe.each(['dense', 'conv'] as StepExample[])('arithmetic, %s', (example) => {
  for (const seed of [1, 2]) {
    const step = runBatchStep(
      makeBatch(example, seed),
      [1.5, 0.5, 2, 1].slice(0, example === 'dense' ? 4 : 3),
      [0.3, -0.7, 0, 1.1].slice(0, example === 'dense' ? 4 : 3),
    );
    const fmt = stepFormat(step);

    it(`seed ${seed}: every line's value is the engine's, and its operands recompute it`, () => {
      for (const key of allKeys(step)) {
        const a = arithmetic(step, fmt, key);
        expect(a.lines.length).toBeGreaterThan(0);
        for (const line of a.lines) {
          expect(lineText(line).endsWith(`= ${line.shown}`)).toBe(true);
          expect(line.shown).not.toMatch(/NaN|—/);
        }
        const first = a.lines[0];
        switch (key.kind) {
          case 'x':
          case 'xhat':
          case 'y': {
            const [x, xhat, y] = a.lines;
            const i = key.index;
            expect(x.value).toBe(step.batch.x[i]);
            expect(xhat.value).toBe(step.xhat[i]);
            expect(y.value).toBe(step.y[i]);
            const [xv, mean, variance, eps] = xhat.operands;
            expect(Math.abs((xv - mean) / Math.sqrt(variance + eps) - xhat.value)).toBeLessThan(TIGHT);
            const [g, xh, b] = y.operands;
            expect(Math.abs(g * xh + b - y.value)).toBeLessThan(TIGHT);
            break;
          }
          case 'mean': {
            expect(first.value).toBe(step.mean[key.channel]);
            expect(first.operands).toHaveLength(step.m);
            const sum = first.operands.reduce((p, q) => p + q, 0);
            expect(Math.abs(sum / step.m - first.value)).toBeLessThan(TIGHT);
            break;
          }
          case 'variance': {
            expect(first.value).toBe(step.variance[key.channel]);
            const xs = first.operands.slice(0, step.m);
            const mean = first.operands[step.m];
            const biased = xs.reduce((p, q) => p + (q - mean) ** 2, 0) / step.m;
            expect(Math.abs(biased - first.value)).toBeLessThan(TIGHT);
            break;
          }
          case 'gamma':
            expect(first.value).toBe(step.gamma[key.channel]);
            break;
          case 'beta':
            expect(first.value).toBe(step.beta[key.channel]);
            break;
          case 'runningMean': {
            expect(first.value).toBe(step.runningMean[key.channel]);
            const [keep, start, f, mean] = first.operands;
            expect(Math.abs(keep * start + f * mean - first.value)).toBeLessThan(TIGHT);
            break;
          }
          case 'runningVar': {
            const [unbiased, running] = a.lines;
            expect(running.value).toBe(step.runningVar[key.channel]);
            const [variance, m, m1] = unbiased.operands;
            expect(Math.abs((variance * m) / m1 - unbiased.value)).toBeLessThan(TIGHT);
            const [keep, start, f, u] = running.operands;
            expect(Math.abs(keep * start + f * u - running.value)).toBeLessThan(TIGHT);
            break;
          }
        }
      }
    });

    it(`seed ${seed}: the numbers as WRITTEN recompute the written result (to display rounding)`, () => {
      for (let i = 0; i < step.batch.x.length; i++) {
        const [, xhat, y] = arithmetic(step, fmt, { kind: 'xhat', index: i }).lines;
        const [x, mean, variance, eps] = numbersIn(xhat.substituted ?? '');
        expect(Math.abs((x - mean) / Math.sqrt(variance + eps) - parseShown(xhat.shown))).toBeLessThan(0.005);
        const [g, xh, b] = numbersIn(y.substituted ?? '');
        expect(Math.abs(g * xh + b - parseShown(y.shown))).toBeLessThan(0.005);
      }
      for (let c = 0; c < step.batch.shape.c; c++) {
        const [mean] = arithmetic(step, fmt, { kind: 'mean', channel: c }).lines;
        const xs = numbersIn(mean.substituted ?? '');
        expect(xs.pop()).toBe(step.m);
        // Each written x and the written mean are off by at most half a unit in the last place.
        const unit = 10 ** -(mean.shown.split('.')[1]?.length ?? 0);
        expect(Math.abs(xs.reduce((p, q) => p + q, 0) / step.m - parseShown(mean.shown))).toBeLessThanOrEqual(
          unit,
        );
        const [, running] = arithmetic(step, fmt, { kind: 'runningVar', channel: c }).lines;
        const [keep, start, f, u] = numbersIn(running.substituted ?? '');
        expect(Math.abs(keep * start + f * u - parseShown(running.shown))).toBeLessThan(0.002);
      }
    });
  }
});

describe('text', () => {
  const dense = runBatchStep(makeBatch('dense', 1));
  const conv = runBatchStep(makeBatch('conv', 1));

  it('names the element and the set its statistics come from', () => {
    const a = arithmetic(dense, stepFormat(dense), { kind: 'y', index: 13 });
    expect(a.title).toBe('sample 3, feature 1');
    expect(a.note).toContain('feature 1 over all 8 samples');
    const b = arithmetic(conv, stepFormat(conv), { kind: 'x', index: 9 + 7 });
    expect(b.title).toBe('image 0, channel 1, row 2, column 1');
    expect(b.note).toContain('channel 1 over 2 images × 3×3 positions = 18 values');
  });

  it('the variance says biased (m, not m − 1); the running variance uses m/(m − 1)', () => {
    const v = arithmetic(conv, stepFormat(conv), { kind: 'variance', channel: 0 });
    expect(v.note).toContain('divided by m = 18, not m − 1 = 17');
    const r = arithmetic(conv, stepFormat(conv), { kind: 'runningVar', channel: 0 });
    expect(lineText(r.lines[0])).toContain('× 18/17 =');
    expect(lineText(r.lines[1])).toMatch(/^σ̂² = 0\.9 · 1 \+ 0\.1 · σ²_unbiased = 0\.9 × 1 \+ 0\.1 × /);
  });
});

describe('sliderRanges', () => {
  it.each(['dense', 'conv'] as StepExample[])(
    '%s: the undo values lie inside the slider ranges',
    (example) => {
      for (const seed of [1, 2, 3]) {
        const step = runBatchStep(makeBatch(example, seed));
        for (let c = 0; c < step.batch.shape.c; c++) {
          const r = sliderRanges(step, c);
          expect(r.gammaMax).toBeGreaterThanOrEqual(Math.max(2, Math.sqrt(step.variance[c] + step.eps)));
          expect(r.betaMin).toBeLessThan(Math.min(0, step.mean[c]));
          expect(r.betaMax).toBeGreaterThan(Math.max(0, step.mean[c]));
        }
      }
    },
  );
});

describe('xhatMoments', () => {
  it('mean 0 and biased variance σ²/(σ² + ε) per channel (conv, seed 3)', () => {
    const step = runBatchStep(makeBatch('conv', 3));
    for (let c = 0; c < 3; c++) {
      const { mean, variance } = xhatMoments(step, c);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(variance).toBeCloseTo(step.variance[c] / (step.variance[c] + step.eps), 12);
    }
  });
});
