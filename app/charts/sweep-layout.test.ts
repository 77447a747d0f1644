import { describe, expect, it } from 'vitest';
import { CROSS_HALF, layoutSweep, SWEEP_MARGIN } from './sweep-layout.ts';

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

  it('metric error: the y axis is test error in percent, each point says it, and a diverged point sits on the diverged row', () => {
    const series = [{ runId: 'bn', label: 'BatchNorm', color: 'blue' }];
    const results = [
      { runId: 'bn', value: 2, finalLoss: 0.3, testAccuracy: 0.6, testLoss: 1.2, divergedAt: null },
      { runId: 'bn', value: 32, finalLoss: 0.1, testAccuracy: 0.9, testLoss: 0.3, divergedAt: null },
      { runId: 'bn', value: 8, finalLoss: null, testAccuracy: null, testLoss: null, divergedAt: 12 },
    ];
    const layout = layoutSweep(results, [2, 8, 32], series, 400, 240, [], 'error');
    const [two, eight, big] = layout.series[0].points;
    expect(two.text).toBe('BatchNorm, 2: test error 40.0 %, final loss 0.300');
    expect(big.text).toBe('BatchNorm, 32: test error 10.0 %, final loss 0.100');
    // 40 % is higher on the chart (smaller y) than 10 %; the y ticks reach 40.
    expect(two.y).toBeLessThan(big.y);
    expect(Math.max(...layout.yTicks.map((t) => Number(t.label)))).toBeGreaterThanOrEqual(40);
    expect(eight.diverged).toBe(true);
    expect(eight.y).toBe(layout.divergedRowY);
    // The same results under the default metric plot the final loss.
    const loss = layoutSweep(results, [2, 8, 32], series, 400, 240);
    expect(loss.series[0].points[0].text).toBe('BatchNorm, 2: final loss 0.300, test accuracy 60.0 %');
  });

  it.each([390, 700])(
    'two runs diverged at the last and first values: their crosses sit apart and whole inside the plot (%i px)',
    (width) => {
      const series = [
        { runId: 'none', label: 'No norm', color: 'grey' },
        { runId: 'bn', label: 'BatchNorm', color: 'blue' },
      ];
      const values = [0.1, 0.2, 0.5, 1, 2, 3, 5, 10];
      const results = series.flatMap((s) =>
        [0.1, 10].map((value) => ({
          runId: s.runId,
          value,
          finalLoss: null,
          testAccuracy: null,
          testLoss: null,
          divergedAt: 4,
        })),
      );
      const layout = layoutSweep(results, values, series, width, 240);
      const innerW = width - SWEEP_MARGIN.left - SWEEP_MARGIN.right;
      for (const value of [0.1, 10]) {
        const [a, b] = layout.series.map((s) => s.points.find((p) => p.key.endsWith(`:${value}`)));
        expect(a?.diverged && b?.diverged).toBe(true);
        const [xa, xb] = [a?.x ?? 0, b?.x ?? 0];
        // Apart: the crosses' boxes do not touch.
        expect(Math.abs(xb - xa)).toBeGreaterThan(2 * CROSS_HALF);
        // Whole: each cross within the plot's width.
        for (const x of [xa, xb]) {
          expect(x - CROSS_HALF).toBeGreaterThanOrEqual(0);
          expect(x + CROSS_HALF).toBeLessThanOrEqual(innerW);
        }
      }
    },
  );
});
