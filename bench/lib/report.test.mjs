// The benchmark report judges issue 18's targets: each ratio against the right peer and row, the
// W4 GEMM target in absolute GFLOP/s, and a missing cell never counted as met.

import { describe, expect, it } from 'vitest';
import { evaluateTargets, markdown, TARGETS } from './report.mjs';

const labels = {
  normlab: 'NormLab',
  'normlab-js': 'NormLab JS',
  'normlab-f32': 'NormLab WASM f32',
  'tfjs-cpu': 'TF.js cpu',
  'tfjs-wasm': 'TF.js wasm',
  convnetjs: 'ConvNetJS',
};

const cell = (median) => ({ median, rates: [median] });

/**
 * One environment's rows. NormLab sits just above or below each target: W1 2.1× and W1-bn 1.9×
 * ConvNetJS W1, W2 3.1× TF.js wasm W2 (but 30× TF.js cpu, which no target uses), W2-bn 2.9× TF.js
 * wasm W2-bn (with a TF.js wasm W2 that would make it 3.2×), W3 10.5× ConvNetJS W3 and W3-bn 9.5×,
 * W4 31 GFLOP/s (the float32 lanes at 50 do not count).
 */
function env() {
  return {
    libraries: {},
    rows: {
      W1: { normlab: cell(21_000), convnetjs: cell(10_000), 'tfjs-cpu': cell(1_000) },
      'W1-bn': { normlab: cell(19_000), convnetjs: { median: null, na: 'no BatchNorm' } },
      W2: { normlab: cell(93), 'tfjs-wasm': cell(30), 'tfjs-cpu': cell(3.1), convnetjs: cell(5) },
      'W2-bn': { normlab: cell(87), 'tfjs-wasm': cell(30) },
      W3: { normlab: cell(10.5), convnetjs: cell(1) },
      'W3-bn': { normlab: cell(9.5) },
      W4: {
        normlab: { median: 1, gflops: 31 },
        'normlab-f32': { median: 1, gflops: 50 },
        'tfjs-wasm': { median: 1, gflops: 40 },
      },
    },
  };
}

function verdicts(environment) {
  return evaluateTargets({ environments: { node: environment } });
}

describe('evaluateTargets', () => {
  it("carries exactly issue 18's targets", () => {
    expect(TARGETS).toEqual([
      { row: 'W1', vs: 'convnetjs', vsRow: 'W1', min: 2 },
      { row: 'W1-bn', vs: 'convnetjs', vsRow: 'W1', min: 2 },
      { row: 'W2', vs: 'tfjs-wasm', vsRow: 'W2', min: 3 },
      { row: 'W2-bn', vs: 'tfjs-wasm', vsRow: 'W2-bn', min: 3 },
      { row: 'W3', vs: 'convnetjs', vsRow: 'W3', min: 10 },
      { row: 'W3-bn', vs: 'convnetjs', vsRow: 'W3', min: 10 },
      { row: 'W4', gflops: true, min: 30 },
    ]);
  });

  it('judges each ratio against its own peer and row, and W4 by NormLab GFLOP/s', () => {
    const byRow = Object.fromEntries(verdicts(env()).map((v) => [v.row, v]));
    expect(byRow.W1.value).toBeCloseTo(2.1, 10);
    expect(byRow['W1-bn'].value).toBeCloseTo(1.9, 10);
    expect(byRow.W2.value).toBeCloseTo(3.1, 10);
    expect(byRow['W2-bn'].value).toBeCloseTo(2.9, 10);
    expect(byRow.W3.value).toBeCloseTo(10.5, 10);
    expect(byRow['W3-bn'].value).toBeCloseTo(9.5, 10);
    expect(byRow.W4.value).toBe(31);
    expect(Object.fromEntries(Object.entries(byRow).map(([row, v]) => [row, v.met]))).toEqual({
      W1: true,
      'W1-bn': false,
      W2: true,
      'W2-bn': false,
      W3: true,
      'W3-bn': false,
      W4: true,
    });
  });

  it('misses W4 below 30 GFLOP/s even when the float32 lanes or TF.js are above it', () => {
    const e = env();
    e.rows.W4.normlab.gflops = 29.9;
    expect(verdicts(e).find((v) => v.row === 'W4').met).toBe(false);
  });

  it('never counts an unmeasured cell as met', () => {
    const e = env();
    delete e.rows.W3.convnetjs;
    delete e.rows.W4;
    const missing = verdicts(e).filter((v) => v.value == null);
    expect(missing.map((v) => v.row)).toEqual(['W3', 'W3-bn', 'W4']);
    expect(missing.every((v) => !v.met)).toBe(true);
  });
});

/** A run's results around one node environment (the report's input); `extra` adds or replaces fields. */
function runResults(nodeEnv, extra = {}) {
  return {
    labels,
    date: '2026-12-06T00:00:00.000Z',
    wallSeconds: 1,
    quick: false,
    machine: {
      cpuModel: 'x',
      cores: 2,
      memoryGiB: 1,
      platform: 'linux',
      loadStart: [0, 0, 0],
      loadEnd: [0, 0, 0],
      node: 'v20',
    },
    versions: { normlab: '0', tfjs: '0', convnetjs: '0' },
    timing: { warmupMs: 1, warmupMinIters: 1, reps: 1, repMs: 1 },
    workloads: [],
    environments: { node: nodeEnv },
    heap: [],
    ...extra,
  };
}

describe('markdown', () => {
  it("shows every target with its verdict in each environment's column", () => {
    const workloads = ['W1', 'W1-bn', 'W2', 'W2-bn', 'W3', 'W3-bn'].map((id) => ({ id }));
    const text = markdown(runResults(env(), { workloads }));
    const targets = text.slice(text.indexOf('## Targets'), text.indexOf('## Zero allocations'));
    expect(targets).toContain('| W1 ≥ 2× ConvNetJS W1 | 2.10×: met |');
    expect(targets).toContain('| W1-bn ≥ 2× ConvNetJS W1 | 1.90×: MISSED (5% short) |');
    expect(targets).toContain('| W2 ≥ 3× TF.js wasm W2 | 3.10×: met |');
    expect(targets).toContain('| W2-bn ≥ 3× TF.js wasm W2-bn | 2.90×: MISSED (3% short) |');
    expect(targets).toContain('| W3 ≥ 10× ConvNetJS W3 | 11×: met |');
    expect(targets).toContain('| W3-bn ≥ 10× ConvNetJS W3 | 9.50×: MISSED (5% short) |');
    expect(targets).toContain('| W4 NormLab ≥ 30 GFLOP/s | 31.0 GFLOP/s: met |');
    expect(targets).toContain('4 of 7 target checks met.');
    expect(text).toContain('NormLab (? kernels) 31.0 GFLOP/s');
    expect(text).not.toContain('SIMD ceiling'); // not measured in this run
  });

  it('sets W4 against the SIMD ceiling measured in the same run: float64 lanes against f64x2, float32 against f32x4', () => {
    const e = env();
    e.rows.W4['normlab-f32'] = { ...cell(1), gflops: 45 };
    const text = markdown(runResults(e, { simdPeak: { f64x2: 24.8, f32x4: 50 } }));
    expect(text).toContain('f64x2 24.8 GFLOP/s, f32x4 50.0 GFLOP/s');
    expect(text).toContain('its W4 is 125 % (node) of the f64x2 ceiling'); // the fixture's 31 GFLOP/s
    expect(text).toContain("NormLab WASM f32's is 90 % (node) of the f32x4 one");
  });
});
