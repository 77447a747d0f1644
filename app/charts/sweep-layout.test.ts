import { describe, expect, it } from 'vitest';
import { layoutSweep } from './sweep-layout.ts';

describe('layoutSweep', () => {
  it('a skipped point sits on the x axis at its value with its reason; the results draw as before', () => {
    const series = [{ runId: 'main', label: 'BatchNorm', color: 'blue' }];
    const results = [8, 32].map((value) => ({
      runId: 'main',
      value,
      finalLoss: value === 8 ? 0.2 : 0.4,
      testAccuracy: null,
      testLoss: null,
      divergedAt: null,
    }));
    const skipped = [{ runId: 'main', value: 1, reason: 'needs at least 2 values per channel' }];
    const layout = layoutSweep(results, [1, 8, 32], series, 400, 240, skipped);
    expect(layout.series[0].points.map((p) => p.key)).toEqual(['main:8', 'main:32']);
    expect(layout.skipped).toHaveLength(1);
    const [mark] = layout.skipped;
    expect(mark.x).toBeCloseTo(layout.xTicks[0].x);
    expect(mark.y).toBeGreaterThan(Math.max(...layout.series[0].points.map((p) => p.y)));
    expect(mark.text).toBe('BatchNorm, 1: skipped — needs at least 2 values per channel');
    expect(mark.color).toBe('blue');
  });
});
