import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '#engine';
import { knobChangeLabel } from '../knob-labels.ts';
import { Series } from '../runtime/series.ts';
import {
  formatTick,
  layoutCurves,
  layoutKnobLabels,
  logTicks,
  smooth,
  stepAxisEnd,
  stepDomain,
} from './loss-layout.ts';

function series(values: number[]): Series {
  const s = new Series(64);
  for (const [i, v] of values.entries()) s.push(i + 1, v);
  return s;
}

describe('loss chart layout', () => {
  it('smooth() debiases so the first value is kept and a constant stays constant', () => {
    expect(Array.from(smooth([5, 5, 5], 3, 0.9))).toEqual([5, 5, 5]);
    expect(smooth([1, 0], 2, 0.5)[0]).toBe(1);
  });

  it('logTicks gives 1-2-5 ticks inside a narrow domain and decades for a wide one', () => {
    expect(logTicks([0.1, 1])).toEqual([0.1, 0.2, 0.5, 1]);
    expect(logTicks([1e-4, 100])).toEqual([1e-4, 0.01, 1, 100]);
  });

  it('formatTick is compact', () => {
    expect([0, 0.5, 2, 1500, 20000, 0.0001].map(formatTick)).toEqual([
      '0',
      '0.5',
      '2',
      '1.5k',
      '20k',
      '1e-4',
    ]);
  });

  it('lays out every run on shared axes with its last value and divergence marker', () => {
    const a = series([2, 1, 0.5, 0.25]);
    const b = series([2, 1.8, 1.6, 1.4]);
    const layout = layoutCurves(
      [
        { id: 'a', label: 'A', color: 'red', series: a, divergedAt: null },
        { id: 'b', label: 'B', color: 'blue', series: b, divergedAt: 3 },
      ],
      400,
      200,
      { log: false, smoothing: 0 },
    );
    expect(layout.empty).toBe(false);
    expect(layout.curves.map((c) => c.last?.step)).toEqual([4, 4]);
    expect(layout.curves[0].last?.value).toBeCloseTo(0.25);
    expect(layout.curves[1].last?.value).toBeCloseTo(1.4);
    expect(layout.curves[0].columns.n).toBe(4); // four steps, four pixel columns
    expect(layout.curves[0].columns.mid[3]).toBeGreaterThan(layout.curves[0].columns.mid[0]); // falling loss: lower on screen = larger y
    expect(layout.curves[1].diverged).not.toBeNull();
    expect(layout.curves[0].diverged).toBeNull();
    expect(layout.yTicks.some((t) => t.label === '0')).toBe(true);
  });

  it.each([false, true])('puts a value on a tick exactly at that tick (log scale: %s)', (log) => {
    // Values that sit on ticks of both scales: 0.1 … 2 are all 1-2-5 ticks of the log axis.
    const values = [2, 1, 0.5, 0.2, 0.1];
    const layout = layoutCurves(
      [{ id: 'a', label: 'A', color: 'red', series: series(values), divergedAt: null }],
      400,
      200,
      { log, smoothing: 0 },
    );
    const { n, mid } = layout.curves[0].columns;
    expect(n).toBe(values.length);
    for (const [i, v] of values.entries()) {
      const tick = layout.yTicks.find((t) => Number(t.label) === v);
      if (tick) expect(mid[i]).toBeCloseTo(tick.y, 3);
    }
    // At least the ends are ticks on either scale, so the check above did run.
    expect(layout.yTicks.filter((t) => values.includes(Number(t.label))).length).toBeGreaterThanOrEqual(2);
  });

  it('the step axis ends on a coarse ladder just past the data, so it keeps still while training', () => {
    expect([0, 1, 7, 10, 11, 99, 101, 1234, 2600, 4000, 8001, 49_000].map(stepAxisEnd)).toEqual([
      1, 1, 8, 10, 12, 100, 120, 1500, 3000, 4000, 10_000, 50_000,
    ]);
    // The data fills at least 3/4 of the axis.
    for (let step = 2; step < 100_000; step = Math.ceil(step * 1.07)) {
      expect(step / stepAxisEnd(step)).toBeGreaterThanOrEqual(0.75);
      expect(stepAxisEnd(step)).toBeGreaterThanOrEqual(step);
    }
    // Two redraws a few hundred steps apart share their ticks exactly.
    const at = (steps: number) =>
      layoutCurves(
        [
          {
            id: 'a',
            label: 'A',
            color: 'red',
            series: series(Array.from({ length: steps }, () => 1)),
            divergedAt: null,
          },
        ],
        400,
        200,
        { log: false, smoothing: 0 },
      );
    const [a, b] = [at(1250), at(1450)];
    expect(a.xDomain).toEqual([0, 1500]);
    expect(b.xTicks).toEqual(a.xTicks);
    expect(a.xLast).toBeGreaterThan(1200); // the last step kept (a bounded series may merge the last few)
    expect(a.xLast).toBeLessThanOrEqual(1250);
    expect(a.xScale(a.xLast)).toBeCloseTo((a.xLast / 1500) * (400 - 52 - 16));
  });

  it('a step axis for data that starts late keeps still too and is mostly data', () => {
    // From near 0: the ladder from 0.
    expect(stepDomain(1, 1234)).toEqual([1, 1500]);
    // A layer watched from step 5,000 on: the ladder from there, not a sliver at the left of 0–6,000.
    expect(stepDomain(5000, 5010)).toEqual([5000, 5010]);
    expect(stepDomain(5000, 5011)).toEqual([5000, 5012]);
    for (const first of [0, 1, 10, 990, 5000]) {
      let domain = stepDomain(first, first + 1);
      let moves = 0;
      for (let last = first + 1; last < first + 20_000; last += 7) {
        const next = stepDomain(first, last);
        const [lo, hi] = next;
        expect(lo).toBe(first);
        expect(hi).toBeGreaterThanOrEqual(last);
        expect((last - first) / (hi - first)).toBeGreaterThanOrEqual(0.75);
        if (next[1] !== domain[1]) moves++;
        domain = next;
      }
      // ~2,860 redraws; the axis end moved a few dozen times at most.
      expect(moves).toBeLessThan(50);
    }
  });

  it('an empty chart reports empty and draws no path', () => {
    const layout = layoutCurves(
      [{ id: 'a', label: 'A', color: 'red', series: new Series(8), divergedAt: null }],
      400,
      200,
      {
        log: true,
        smoothing: 0.6,
      },
    );
    expect(layout.empty).toBe(true);
    expect(layout.curves[0].columns.n).toBe(0);
  });
});

describe('columnBins', () => {
  it('draws at most one column per pixel however long the series, keeping a spike in the band', () => {
    const s = new Series(4096);
    for (let i = 0; i < 4000; i++) s.push(i, i === 1234 ? 50 : 1);
    const layout = layoutCurves(
      [{ id: 'a', label: 'A', color: 'red', series: s, divergedAt: null }],
      300,
      200,
      {
        log: false,
        smoothing: 0,
      },
    );
    const { n, hi, lo, mid } = layout.curves[0].columns;
    expect(n).toBeGreaterThan(200);
    expect(n).toBeLessThanOrEqual(300 - 52 - 16); // at most one column per pixel of the plot
    expect(Math.min(...hi.subarray(0, n))).toBeLessThan(5); // the spike reaches the top of the plot
    // Every other column is flat at 1: band and line coincide there.
    const flat = Array.from(hi.subarray(0, n)).filter((v, i) => v === lo[i] && v === mid[i]);
    expect(flat.length).toBeGreaterThan(n - 3);
  });
});

describe('knob-change labels', () => {
  const mark = (x: number, knob: keyof ExperimentConfig, from: number, to: number) => ({
    x,
    long: knobChangeLabel(knob, from, to),
    short: knobChangeLabel(knob, from, to, true),
  });

  it('name the knob as the controls do, with its values: "learning rate 0.05 → 0.1", never "lr 0.05→0.1"', () => {
    expect(knobChangeLabel('lr', 0.05, 0.1)).toBe('learning rate 0.05 → 0.1');
    expect(knobChangeLabel('batchSize', 32, 48)).toBe('batch size 32 → 48');
    expect(knobChangeLabel('bnMomentum', 0.1, 0.0100000002)).toBe('BN momentum 0.1 → 0.01');
    expect(knobChangeLabel('lr', 0.05, 0.1, true)).toBe('0.05 → 0.1');
  });

  it('on a 270 px phone plot, two marks 125 px apart keep their full names on two lines', () => {
    const [lr, batch] = layoutKnobLabels([mark(13, 'lr', 0.05, 0.1), mark(138, 'batchSize', 32, 48)], 270);
    expect([lr.text, lr.anchor, lr.y]).toEqual(['learning rate 0.05 → 0.1', 'start', 10]);
    expect([batch.text, batch.anchor, batch.y]).toEqual(['batch size 32 → 48', 'start', 22]);
  });

  it('a mark near the plot’s right edge is labelled on its left; below divergence labels it starts lower', () => {
    const [late] = layoutKnobLabels([mark(260, 'lr', 0.05, 0.1)], 270, 1);
    expect([late.anchor, late.x, late.y]).toEqual(['end', -3, 22]);
  });

  it('where the full names fit on neither line, the values alone keep the marks apart', () => {
    const labels = layoutKnobLabels(
      [mark(10, 'lr', 0.05, 0.1), mark(60, 'batchSize', 32, 48), mark(175, 'accumSteps', 1, 4)],
      270,
    );
    expect(labels.map((l) => l.text)).toEqual(['learning rate 0.05 → 0.1', 'batch size 32 → 48', '1 → 4']);
    expect(labels[2].y).toBe(10);
  });
});
