import { describe, expect, it } from 'vitest';
import {
  explain,
  formatEps,
  formatValue,
  type Inspector,
  type InspectorInput,
  inspectorModel,
  statisticsSentence,
  subscript,
} from './inspector-math.ts';
import type { Cells } from './set-stats.ts';

/** A dense BatchNorm batch of 4 values of unit 2, normalized with eps 1e-5. */
function bnInspector(x: number[], gamma = 1.5, beta = -0.25, eps = 1e-5): Inspector {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
  const xhat = x.map((v) => (v - mean) / Math.sqrt(variance + eps));
  return {
    x: Float32Array.from(x),
    mean,
    variance,
    eps,
    xhat: Float32Array.from(xhat),
    gamma,
    beta,
    y: Float32Array.from(xhat, (v) => gamma * v + beta),
  };
}

function input(kind: InspectorInput['kind'], inspector: Inspector, extra: Partial<InspectorInput> = {}) {
  return {
    kind,
    unit: 2,
    inspector,
    batchSize: inspector.x.length,
    spatial: 1,
    channels: 4,
    groups: 2,
    cells: null,
    ...extra,
  } satisfies InspectorInput;
}

describe('number formatting', () => {
  it('three decimals, a true minus sign, exponents for tiny and huge values, a dash for NaN', () => {
    expect(formatValue(0.41234)).toBe('0.412');
    expect(formatValue(-1.25)).toBe('−1.250');
    expect(formatValue(0.0043)).toBe('0.0043');
    expect(formatValue(1.2e-5)).toBe('1.2e−5');
    expect(formatValue(123456)).toBe('1.23e5');
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('—');
  });
  it('epsilon as written in the formula', () => {
    expect(formatEps(1e-5)).toBe('0.00001');
    expect(formatEps(1e-3)).toBe('0.001');
    expect(formatEps(2 ** -23)).toBe('1.19e−7');
  });
  it('subscripts', () => {
    expect(subscript(3)).toBe('₃');
    expect(subscript(15)).toBe('₁₅');
  });
});

describe('BatchNorm arithmetic, dense, batch of 4 (every value shown)', () => {
  const ins = bnInspector([0.5, -0.25, 1, 0.75]);
  const inp = input('batchnorm', ins);
  const model = inspectorModel(inp);

  it('m is the batch size and the batch statistics come from the engine', () => {
    expect(model.m).toBe(4);
    expect(model.batch).toEqual({ mean: ins.mean, variance: ins.variance });
    expect(model.perRow).toBeNull();
  });
  it('x̂ with the numbers substituted', () => {
    expect(explain(model, inp, { col: 'xhat', row: 3 })).toBe(
      'x̂₃ = (0.750 − 0.500) / √(0.219 + 0.00001) = 0.535',
    );
  });
  it('y = γ x̂ + β with a negative β in parentheses', () => {
    expect(explain(model, inp, { col: 'y', row: 0 })).toBe('y₀ = γ · x̂₀ + β = 1.500 × 0 + (−0.250) = −0.250');
  });
  it('μ_B sums every value when all are shown', () => {
    expect(explain(model, inp, { col: 'mean' })).toBe(
      'μ_B = (0.500 + (−0.250) + 1.000 + 0.750) / 4 = 0.500.',
    );
  });
  it('σ²_B is biased (divided by m)', () => {
    expect(explain(model, inp, { col: 'variance' })).toBe(
      'σ²_B = ((0.500 − 0.500)² + (−0.250 − 0.500)² + (1.000 − 0.500)² + (0.750 − 0.500)²) / 4 = 0.219; biased: divided by m, not m − 1.',
    );
  });
  it('ε, γ and β explain themselves', () => {
    expect(explain(model, inp, { col: 'eps' })).toContain('ε = 0.00001');
    expect(explain(model, inp, { col: 'gamma' })).toContain('γ = 1.500: the learned scale of unit 2');
    expect(explain(model, inp, { col: 'beta' })).toBe('β = −0.250: the learned shift of unit 2.');
  });
});

describe('BatchNorm arithmetic, conv, 32 samples × 49 positions (16 shown)', () => {
  const ins = bnInspector(Array.from({ length: 16 }, (_, i) => i / 10));
  const inp = input('batchnorm', ins, { batchSize: 32, spatial: 49, channels: 8 });
  const model = inspectorModel(inp);
  it('m = N × H × W and μ_B is abbreviated', () => {
    expect(model.m).toBe(32 * 49);
    expect(explain(model, inp, { col: 'mean' })).toBe(
      'μ_B = (x₀ + x₁ + … + x₁₅₆₇) / 1568 = 0.750: the mean of channel 2 over all 32 samples × 49 positions = 1568 values (the table shows 16).',
    );
    expect(statisticsSentence(model, inp)).toContain('channel 2 over 32 samples × 49 positions');
  });
});

describe('per-sample normalizers: statistics pooled from cells, n=2 c=4 spatial=1', () => {
  // Two samples of 4 features; cells of one value each (variance 0).
  const samples = [
    [1, 2, 3, 6],
    [0, -1, 1, 4],
  ];
  const cells: Cells = {
    n: 2,
    c: 4,
    spatial: 1,
    mean: Float32Array.from(samples.flat()),
    variance: new Float32Array(8),
  };
  const x = samples.map((s) => s[2]);
  const ln = (s: number[]) => {
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    return { mean, variance: s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length };
  };
  const ins: Inspector = {
    x: Float32Array.from(x),
    mean: Number.NaN,
    variance: Number.NaN,
    eps: 1e-5,
    xhat: Float32Array.from(samples, (s, i) => (x[i] - ln(s).mean) / Math.sqrt(ln(s).variance + 1e-5)),
    gamma: 1,
    beta: 0,
    y: Float32Array.from(samples, (s, i) => (x[i] - ln(s).mean) / Math.sqrt(ln(s).variance + 1e-5)),
  };

  it('LayerNorm: each row has its own mean and variance over all channels', () => {
    const inp = input('layernorm', ins, { cells });
    const model = inspectorModel(inp);
    expect(model.batch).toBeNull();
    expect(model.perRowProblem).toBeNull();
    expect(model.perRow?.[0]?.mean).toBeCloseTo(3, 6);
    expect(model.perRow?.[0]?.variance).toBeCloseTo(3.5, 6);
    expect(explain(model, inp, { col: 'xhat', row: 0 })).toBe(
      'x̂₀ = (3.000 − 3.000) / √(3.500 + 0.00001) = 0',
    );
    expect(explain(model, inp, { col: 'rowMean', row: 1 })).toBe(
      'μ₁ = 1.000: the mean of sample 1, all 4 channels: 4 values.',
    );
  });
  it('GroupNorm g=2: the row statistics are over the unit’s group of channels', () => {
    const inp = input('groupnorm', ins, { cells });
    const model = inspectorModel(inp);
    expect(model.perRow?.[0]?.mean).toBeCloseTo(4.5, 6);
    expect(explain(model, inp, { col: 'rowVariance', row: 0 })).toBe(
      'σ²₀ = 2.250: the biased variance of sample 0, channels 2–3: 2 values.',
    );
  });
  it('RMSNorm: the mean square, no mean subtracted and no β', () => {
    const inp = input('rmsnorm', ins, { cells });
    const model = inspectorModel(inp);
    expect(model.perRow?.[0]?.meanSquare).toBeCloseTo(12.5, 5);
    expect(explain(model, inp, { col: 'xhat', row: 0 })).toMatch(
      /^x̂₀ = 3\.000 \/ √\(12\.500 \+ 0\.00001\) = /,
    );
    expect(explain(model, inp, { col: 'y', row: 0 })).toContain('(RMSNorm has no β)');
    expect(explain(model, inp, { col: 'beta' })).toBe('RMSNorm has no β: y = γ · x̂.');
  });
  it('says why when the cells do not cover the set (64 channels, 32 in the cells)', () => {
    const inp = input('layernorm', ins, { cells: { ...cells, c: 4 }, channels: 64 });
    const model = inspectorModel(inp);
    expect(model.perRow).toBeNull();
    expect(model.perRowProblem).toBe(
      'this layer has 64 channels and the per-cell statistics cover only the first 4',
    );
    expect(explain(model, inp, { col: 'xhat', row: 0 })).toContain('(3.000 − μ₀) / √(σ²₀ + 0.00001)');
  });
  it('says so when there are no cells yet', () => {
    const model = inspectorModel(input('instancenorm', ins));
    expect(model.perRowProblem).toBe('the per-cell statistics of this layer are not available yet');
  });
});
