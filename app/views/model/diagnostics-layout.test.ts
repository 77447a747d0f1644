import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '#engine';
import { LAYER_COLOR_MIN_DELTA_E } from '../../colors.ts';
import { RowSeries } from '../../runtime/row-series.ts';
import { closestPair, contrastRatio } from '../../testing/color-difference.ts';
import { UI_COLORS } from '../../tokens.ts';
import {
  activationAfter,
  DISTINCT_LAYERS,
  decadeTicks,
  diagnosticLayerLabel,
  formatDecade,
  formatMetric,
  layerColor,
  layoutPanel,
  panelSummary,
  percent,
  REFERENCE_LABEL,
  sharedStepMax,
  shownColumns,
  UPDATE_RATIO_REFERENCE,
} from './diagnostics-layout.ts';

/** Pixel tolerance of scale checks (the layout rounds nothing, so this is float noise). */
const PX = 1e-6;

function rows(width: number, data: [number, number[]][]): RowSeries {
  const s = new RowSeries(width, 64);
  for (const [step, values] of data) s.push(step, values);
  return s;
}

const MLP: LayerInfo[] = [
  { index: 0, kind: 'dense', shape: [16], params: 32 },
  { index: 1, kind: 'batchnorm', shape: [16], params: 32 },
  { index: 2, kind: 'tanh', shape: [16], params: 0 },
  { index: 3, kind: 'dense', shape: [2], params: 34 },
];

describe('diagnostics layout', () => {
  it('update ratio: log scale, one decade = equal pixels, 1e-3 reference line at y(1e-3)', () => {
    // float32 storage: 2e-4 and 5e-3 stay strictly inside the decades 1e-4 … 1e-2.
    const s = rows(2, [
      [10, [2e-4, 5e-3]],
      [20, [3e-4, 4e-3]],
    ]);
    const layout = layoutPanel('updateRatio', s, { innerW: 200, innerH: 100, stepMax: 20 });
    const { y } = layout;
    expect(layout.reference).not.toBeNull();
    expect(layout.reference?.y).toBeCloseTo(y(UPDATE_RATIO_REFERENCE), 9);
    expect(REFERENCE_LABEL).toBe('10⁻³ rule of thumb');
    // Pixel ↔ step both ways (the read-out maps the pointer back to a step).
    expect(layout.invertX(layout.x(17))).toBeCloseTo(17, 9);
    // Larger ratios are higher up (smaller y), and decades are evenly spaced.
    expect(y(1e-2)).toBeLessThan(y(1e-3));
    expect(y(1e-3) - y(1e-2)).toBeCloseTo(y(1e-4) - y(1e-3), 6);
    // Domain is niced to decades covering the data: 1e-4 at the bottom, 1e-2 at the top.
    expect(y(1e-4)).toBeCloseTo(100, 6);
    expect(y(1e-2)).toBeCloseTo(0, 6);
    expect(layout.yTicks.map((t) => t.label)).toEqual(['10⁻⁴', '10⁻³', '10⁻²']);
  });

  it('update ratio: the 1e-3 line stays in view even when every ratio is far above it', () => {
    const s = rows(1, [[5, [0.5]]]);
    const layout = layoutPanel('updateRatio', s, { innerW: 200, innerH: 100, stepMax: 5 });
    const refY = layout.reference?.y ?? Number.NaN;
    expect(refY).toBeGreaterThanOrEqual(0);
    expect(refY).toBeLessThanOrEqual(100);
    expect(refY).toBeGreaterThan(layout.y(0.5));
  });

  it('log panels clamp zero and non-finite values to the bottom and never emit NaN', () => {
    const s = rows(2, [
      [1, [0, 1]],
      [2, [Number.NaN, Number.POSITIVE_INFINITY]],
      [3, [0.1, 10]],
    ]);
    const layout = layoutPanel('gradNorm', s, { innerW: 120, innerH: 80, stepMax: 3 });
    expect(layout.y(0)).toBeCloseTo(80, 6);
    expect(layout.y(Number.NaN)).toBeCloseTo(80, 6);
    for (const l of layout.lines) expect(l.d).not.toMatch(/NaN|Infinity/);
    expect(layout.yTicks.every((t) => Number.isFinite(t.y))).toBe(true);
  });

  it('saturation is shown in percent on a fixed 0–100 axis', () => {
    expect(percent(0.25)).toBe(25);
    expect(formatMetric('saturated', 0.25)).toBe('25 %');
    expect(formatMetric('saturated', 0.004)).toBe('0.4 %');
    const s = rows(1, [[1, [0.25]]]);
    const layout = layoutPanel('saturated', s, { innerW: 100, innerH: 100, stepMax: 1 });
    expect(layout.y(0)).toBeCloseTo(100, 9);
    expect(layout.y(1)).toBeCloseTo(0, 9);
    expect(layout.y(0.25)).toBeCloseTo(75, 9);
    expect(layout.yTicks.map((t) => t.label)).toEqual(['0', '50', '100']);
    expect(layout.lines[0].last).toBeCloseTo(0.25);
    expect(layout.reference).toBeNull();
  });

  it('decimates a long history to at most one point per pixel column', () => {
    const s = new RowSeries(1, 512);
    for (let i = 1; i <= 500; i++) s.push(i, [0.01 * (1 + (i % 7))]);
    const layout = layoutPanel('gradNorm', s, { innerW: 50, innerH: 60, stepMax: 500 });
    const points = layout.lines[0].d.split('L').length;
    expect(points).toBeLessThanOrEqual(50);
    expect(points).toBeGreaterThan(40);
  });

  it('draws only the requested columns and shares the step axis', () => {
    const a = rows(3, [
      [10, [1, 2, 3]],
      [40, [1, 2, 3]],
    ]);
    const b = rows(3, [[20, [0, 0, 0]]]);
    expect(sharedStepMax([a, b, null])).toBe(40);
    const layout = layoutPanel('saturated', a, { innerW: 100, innerH: 50, stepMax: 80, columns: [0, 2] });
    expect(layout.lines.map((l) => l.column)).toEqual([0, 2]);
    expect(layout.x(40)).toBeCloseTo(50, PX);
  });

  it('the step axis ends on the ladder past the data, so its ticks keep still while training', () => {
    const s = rows(1, [
      [0, [1]],
      [1250, [1]],
    ]);
    const at = (stepMax: number) => layoutPanel('gradNorm', s, { innerW: 300, innerH: 50, stepMax });
    expect(at(1250).x(1500)).toBeCloseTo(300, PX);
    expect(at(1450).xTicks).toEqual(at(1250).xTicks);
  });

  it('an empty history is empty, with no lines and a readable summary', () => {
    const layout = layoutPanel('updateRatio', null, { innerW: 100, innerH: 50, stepMax: 1 });
    expect(layout.empty).toBe(true);
    expect(layout.lines).toEqual([]);
    expect(panelSummary(layout, String, null)).toBe('no data yet');
  });

  it('summaries name each layer with its latest value and step', () => {
    const s = rows(2, [[250, [0.5, 0.012]]]);
    const layout = layoutPanel('gradNorm', s, { innerW: 100, innerH: 50, stepMax: 250 });
    const summary = panelSummary(layout, (k) => diagnosticLayerLabel(MLP, [0, 3][k]), 250);
    expect(summary).toBe('at step 250, Layer 1 · dense 16: 0.5; Output · dense 2: 0.012');
  });

  it('saturation is measured on the activation after a layer; the output layer has none', () => {
    expect(activationAfter(MLP, 0)).toBe('tanh');
    expect(activationAfter(MLP, 3)).toBeNull();
  });

  it('nine layer lines are told apart: every pair of layer colours at least ΔE2000 20 apart in each theme', () => {
    const colors = Array.from({ length: 9 }, (_, k) => layerColor(k));
    for (const theme of ['light', 'dark'] as const) {
      const pair = closestPair(colors.map((c) => c[theme]));
      expect(pair.deltaE, `${theme}: ${pair.a} vs ${pair.b}`).toBeGreaterThanOrEqual(LAYER_COLOR_MIN_DELTA_E);
    }
    expect(LAYER_COLOR_MIN_DELTA_E).toBeGreaterThanOrEqual(15);
    // Each line stands out from its card (3:1, WCAG's non-text contrast).
    for (const c of colors) {
      expect(contrastRatio(c.light, UI_COLORS.light.surface)).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(c.dark, UI_COLORS.dark.surface)).toBeGreaterThanOrEqual(3);
    }
    // A deeper network repeats the colours rather than running out.
    expect(layerColor(9)).toEqual(layerColor(0));
  });

  it('log ticks are decades, thinned evenly to fit a short panel', () => {
    expect(decadeTicks([1e-4, 1e-2], 5)).toEqual([1e-4, 1e-3, 1e-2]);
    expect(decadeTicks([1e-8, 10], 4).map(formatDecade)).toEqual(['10⁻⁸', '10⁻⁵', '10⁻²', '10¹']);
    expect(formatDecade(1)).toBe('10⁰');
  });

  it('formats small values in scientific notation', () => {
    expect(formatMetric('updateRatio', 0.0012)).toBe('1.2e-3');
    expect(formatMetric('gradNorm', 0.41)).toBe('0.41');
    expect(formatMetric('gradNorm', Number.NaN)).toBe('—');
  });
});

describe('shownColumns', () => {
  it('keeps every layer while each can have its own colour', () => {
    expect(shownColumns(4)).toEqual([0, 1, 2, 3]);
    expect(shownColumns(DISTINCT_LAYERS)).toHaveLength(DISTINCT_LAYERS);
  });

  it('of a deeper network, picks one per colour, evenly spaced, with the first and the output layer', () => {
    expect(shownColumns(33)).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32]);
    for (const count of [10, 17, 25, 33]) {
      const shown = shownColumns(count);
      expect(shown).toHaveLength(DISTINCT_LAYERS);
      expect(new Set(shown).size).toBe(DISTINCT_LAYERS);
      expect(shown[0]).toBe(0);
      expect(shown.at(-1)).toBe(count - 1);
      expect([...shown].sort((a, b) => a - b)).toEqual(shown);
    }
  });

  it('gives every layer when the reader asks for all', () => {
    expect(shownColumns(33, true)).toEqual(Array.from({ length: 33 }, (_, k) => k));
  });
});
