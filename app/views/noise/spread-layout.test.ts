import { describe, expect, it } from 'vitest';
import type { SpreadResult } from '#engine';
import { fitExponent, layoutSpread, spreadRatio, spreadSummary } from './spread-layout.ts';

const B = [4, 8, 16, 32, 64];
function result(spread: number[], batchStatistics = true): SpreadResult {
  return { image: 0, batchSizes: B, spread, draws: 32, batchStatistics };
}

describe('spread layout', () => {
  it('fits the log-log exponent: exactly −0.5 for 1/√B, −1 for 1/B', () => {
    expect(
      fitExponent(
        B,
        B.map((b) => 3 / Math.sqrt(b)),
      ),
    ).toBeCloseTo(-0.5, 12);
    expect(
      fitExponent(
        B,
        B.map((b) => 1 / b),
      ),
    ).toBeCloseTo(-1, 12);
    expect(
      fitExponent(
        B,
        B.map(() => 0),
      ),
    ).toBeNull();
  });

  it('says how much smaller the spread is at B = 64 and the fitted exponent', () => {
    const r = result(B.map((b) => 4.64 / Math.sqrt(b)));
    expect(spreadRatio(r)).toBeCloseTo(4, 12);
    expect(spreadSummary(r)).toBe(
      '2.3 at B = 4, 0.58 at B = 64: 4.0× smaller; fitted exponent −0.50 (1/√B: −0.50)',
    );
    expect(spreadSummary(result([0, 0, 0, 0, 0], false))).toMatch(/^0 at every batch size/);
  });

  it('places points left to right and high to low; the 1/√B reference starts at the first point', () => {
    const r = result([2.2, 1.7, 1.2, 0.9, 0.58]);
    const l = layoutSpread(r, 300, 150);
    if (!l) throw new Error('expected a layout');
    const xs = l.points.map((p) => p.x);
    const ys = l.points.map((p) => p.y);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(300);
    expect(Math.min(...ys)).toBeGreaterThan(0);
    expect(Math.max(...ys)).toBeLessThan(150);
    expect(l.reference.startsWith(`M${l.points[0].x.toFixed(1)},${l.points[0].y.toFixed(1)}`)).toBe(true);
    expect(l.xTicks.map((t) => t.label)).toEqual(['4', '8', '16', '32', '64']);
    expect(l.yTicks.length).toBeGreaterThanOrEqual(2);
    expect(layoutSpread(result([0, 0, 0, 0, 0], false), 300, 150)).toBeNull();
  });
});
