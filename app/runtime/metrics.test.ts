import { describe, expect, it } from 'vitest';
import { HISTOGRAM_BINS, type RunSnapshot } from '#engine';
import {
  clearMetrics,
  knobMarks,
  MARK_MERGE_STEPS,
  metricsFor,
  recordKnobMark,
  recordSnapshot,
  setBoundary,
} from './metrics.ts';

/** A snapshot whose input histogram has all its values in one bin of [-range, range]. */
function snapshot(step: number, range: number, outRange: number, bin: number): RunSnapshot {
  const input = new Float32Array(HISTOGRAM_BINS);
  input[bin] = 100;
  const output = new Float32Array(HISTOGRAM_BINS);
  output[bin] = 50;
  return {
    runId: 'r',
    step,
    losses: new Float32Array([1]),
    test: null,
    msPerStep: 1,
    diverged: false,
    observation: {
      layer: 3,
      histograms: { lo: -range, hi: range, input, outLo: -outRange, outHi: outRange, output },
      unitPercentiles: null,
      channels: null,
      diagnostics: null,
      inspector: null,
      cells: null,
      boundary: null,
    },
  };
}

describe('histogram history', () => {
  it('keeps the rows so far when the range grows, re-binned onto it (the heatmap does not restart)', () => {
    clearMetrics();
    const top = HISTOGRAM_BINS - 1;
    recordSnapshot(snapshot(1, 1, 1, top)); // all input values in the last bin of [-1, 1]
    recordSnapshot(snapshot(2, 2, 1, top));
    const m = metricsFor('r');
    expect(m.inputHistograms?.length).toBe(2);
    expect(m.histogramRange).toBe(2);
    const first = Array.from(m.inputHistograms?.row(0) ?? []);
    // [-1, 1]'s last bin is [0.95, 1]: on [-2, 2] it lies in bin 29 (0.9 to 1.0) — same mass.
    expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 4);
    expect(first[29]).toBeCloseTo(100, 4);
    // The output keeps its own range, untouched by the input's growth.
    expect(m.outputRange).toBe(1);
    expect(m.outputHistograms?.row(0)[top]).toBe(50);
  });
});

describe('decision boundary', () => {
  const grid = (label: number) => ({
    res: 2,
    x0: -1,
    x1: 1,
    y0: -1,
    y1: 1,
    label: new Uint8Array(4).fill(label),
    confidence: new Float32Array(4).fill(0.9),
  });

  it('a round without a grid keeps the last one; a grid sent at a pause replaces it and keeps the rest', () => {
    clearMetrics();
    const first = snapshot(1, 1, 1, 0);
    if (first.observation) first.observation.boundary = grid(0);
    recordSnapshot(first);
    recordSnapshot(snapshot(2, 1, 1, 1)); // this round skipped the grid
    const m = metricsFor('r');
    expect(m.latest?.boundary?.label[0]).toBe(0);
    setBoundary('r', grid(1));
    expect(m.latest?.boundary?.label[0]).toBe(1);
    expect(m.latest?.histograms?.input[1]).toBe(100); // the latest histograms are still there
  });
});

describe('smoothness probes', () => {
  it('are kept per probe step, skip an exploded (infinite) probe, and survive a change of the observed layer', () => {
    clearMetrics();
    const probes = {
      step: Int32Array.from([0, 10]),
      loss: Float32Array.from([0.7, 0.6]),
      gradNorm: Float32Array.from([1, 0.5]),
      lossRange: Float32Array.from([0.2, Number.POSITIVE_INFINITY]),
      gradChange: Float32Array.from([2, 1]),
      relGradChange: Float32Array.from([2, 2]),
    };
    recordSnapshot({ ...snapshot(10, 1, 1, 0), smoothness: probes });
    const m = metricsFor('r');
    expect(Array.from(m.smoothness.relGradChange.x.subarray(0, m.smoothness.relGradChange.length))).toEqual([
      0, 10,
    ]);
    expect(m.smoothness.lossRange.length).toBe(1);
    const other = snapshot(11, 1, 1, 0);
    recordSnapshot({ ...other, observation: other.observation && { ...other.observation, layer: 5 } });
    expect(metricsFor('r').smoothness.gradChange.length).toBe(2);
  });
});

describe('knob marks', () => {
  it('one knob changed twice within MARK_MERGE_STEPS is one mark from the first value to the last; another knob or later is its own', () => {
    clearMetrics();
    recordKnobMark({ step: 100, knob: 'lr', from: 0.05, to: 0.056 });
    recordKnobMark({ step: 101, knob: 'lr', from: 0.056, to: 0.063 });
    expect(knobMarks()).toEqual([{ step: 100, knob: 'lr', from: 0.05, to: 0.063 }]);
    recordKnobMark({ step: 102, knob: 'batchSize', from: 32, to: 48 });
    recordKnobMark({ step: 100 + MARK_MERGE_STEPS + 5, knob: 'lr', from: 0.063, to: 0.1 });
    expect(knobMarks().map((m) => [m.knob, m.from, m.to])).toEqual([
      ['lr', 0.05, 0.063],
      ['batchSize', 32, 48],
      ['lr', 0.063, 0.1],
    ]);
    clearMetrics();
    expect(knobMarks()).toEqual([]);
  });
});
