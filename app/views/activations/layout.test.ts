import { describe, expect, it } from 'vitest';
import { HISTOGRAM_BINS, PERCENTILES } from '#engine';
import { RowSeries } from '../../runtime/row-series.ts';
import { Series } from '../../runtime/series.ts';
import { BAND_LEVELS, bandPaths, bandShade, columnMeans, layoutBands, probeText } from './bands-layout.ts';
import { binnedStats, formatValue, panelGrid, sharedRange, shares } from './common.ts';
import {
  cellRect,
  colorTicks,
  heatColor,
  heatIndex,
  heatmapReadout,
  layoutHeatmaps,
  PALETTE,
} from './heatmap-layout.ts';
import { layoutHistogramPairs, niceShareMax, PAIR_MARGIN, stableShareMax } from './histogram-layout.ts';

const CLOSE = 1e-9;

/** Counts of a bell over HISTOGRAM_BINS bins centred on `centre` (in bins), width `sd` bins. */
function bell(centre: number, sd: number, total = 1000): Float32Array {
  const out = new Float32Array(HISTOGRAM_BINS);
  for (let b = 0; b < HISTOGRAM_BINS; b++)
    out[b] = Math.round(total * Math.exp(-0.5 * ((b + 0.5 - centre) / sd) ** 2));
  return out;
}

/** PERCENTILES series of a unit whose input drifts: value at step t, percentile p = drift(t) + z_p. */
function percentileSeries(steps: number, drift: (t: number) => number, capacity = 1024): Series[] {
  const z = [-2, -1.3, -1, 0, 1, 1.3, 2];
  return PERCENTILES.map((_, j) => {
    const s = new Series(capacity);
    for (let t = 1; t <= steps; t++) s.push(t, drift(t) + z[j]);
    return s;
  });
}

function pointsIn(path: string): number {
  return (path.match(/[ML]/g) ?? []).length;
}

describe('common helpers', () => {
  it('shares sum to 1 and treat NaN, Infinity and negative counts as 0', () => {
    const s = shares([1, Number.NaN, 3, Number.POSITIVE_INFINITY, -2]);
    expect(Array.from(s)).toEqual([0.25, 0, 0.75, 0, 0]);
    expect(Array.from(shares([0, 0]))).toEqual([0, 0]);
  });

  it('binnedStats of a symmetric bell has mean 0 and its spread', () => {
    const s = shares(bell(20, 4));
    const stats = binnedStats(s, -4, 4);
    expect(stats?.mean).toBeCloseTo(0, 6);
    // 4 bins of width 0.2 → sd ≈ 0.8 (plus the bin-width correction).
    expect(stats?.sd).toBeGreaterThan(0.78);
    expect(stats?.sd).toBeLessThan(0.84);
    expect(binnedStats(new Float64Array(4), -1, 1)).toBeNull();
  });

  it('sharedRange is the widest finite range, 1 when there is none', () => {
    expect(sharedRange([{ lo: -2, hi: 2 }, null, { lo: -8, hi: 8 }])).toBe(8);
    expect(sharedRange([Number.NaN, 4])).toBe(4);
    expect(sharedRange([])).toBe(1);
  });

  it('formatValue uses a true minus, never −0.00, and no NaN', () => {
    expect([0.034, -0.9, -0.001, 12.34, 1500, Number.NaN].map(formatValue)).toEqual([
      '0.03',
      '−0.90',
      '0.00',
      '12.3',
      '1.5k',
      '—',
    ]);
  });

  it('panelGrid puts two runs side by side only when both fit, else stacks them', () => {
    expect(panelGrid(700, 2, 300, 16)).toEqual({ cols: 2, panelWidth: 342 });
    expect(panelGrid(480, 2, 300, 16)).toEqual({ cols: 1, panelWidth: 480 });
    expect(panelGrid(1000, 1, 300, 16)).toEqual({ cols: 1, panelWidth: 1000 });
  });
});

describe('histogram pair layout', () => {
  const run = (id: string, input: Float32Array, output: Float32Array, range = 4) => ({
    id,
    label: id,
    color: 'red',
    kind: 'batchnorm',
    histograms: { lo: -range, hi: range, input, output },
    step: 100,
  });

  it('maps each bin to a bar on [-range, range] with height proportional to its share', () => {
    const input = new Float32Array(HISTOGRAM_BINS);
    input[0] = 1;
    input[39] = 3;
    const layout = layoutHistogramPairs([run('a', input, input)], 400, 200);
    const [a] = layout.runs;
    expect(a.before).toHaveLength(HISTOGRAM_BINS);
    expect(layout.yMax).toBe(0.8);
    const innerH = 200 - PAIR_MARGIN.top - PAIR_MARGIN.bottom;
    expect(a.before[39].height).toBeCloseTo((0.75 / 0.8) * innerH, 6);
    expect(a.before[0].height).toBeCloseTo((0.25 / 0.8) * innerH, 6);
    expect(a.before[0].x).toBe(0);
    expect(a.before[39].x + a.before[39].width).toBeLessThanOrEqual(layout.plotWidth + CLOSE);
    expect(a.before[20].height).toBe(0);
    expect(layout.afterOffset).toBeGreaterThan(layout.plotWidth);
  });

  it('draws the output on its own range: a saturated tanh shows two piles at ±1, not a spike at 0', () => {
    const input = bell(20, 6); // pre-activations spread over [-64, 64]
    const output = new Float32Array(HISTOGRAM_BINS);
    output[0] = 50; // tanh outputs piled at -1 …
    output[39] = 50; // … and at +1, on [-1, 1]
    const tanh = {
      ...run('plain', input, output, 64),
      kind: 'tanh',
      histograms: { lo: -64, hi: 64, input, outLo: -1, outHi: 1, output },
    };
    const layout = layoutHistogramPairs([tanh], 400, 200);
    expect(layout.range).toBe(64);
    expect(layout.afterRange).toBe(1);
    const after = layout.runs[0].after;
    expect(after[0].height).toBeGreaterThan(0);
    expect(after[39].height).toBeGreaterThan(0);
    expect(after[20].height).toBe(0);
    expect(layout.afterXTicks.map((t) => t.label)).toContain('0.5');
    expect(layout.xTicks.map((t) => t.label)).not.toContain('0.5');
  });

  it.each([1, 2, 4, 8, 50])(
    'on a small 1280-px panel, range ±%i still labels a tick each side of 0, and no labels collide',
    (range) => {
      // One pair per 300 px panel: each plot about 113 px wide, where d3's 2 ticks were ±range and 0.
      const layout = layoutHistogramPairs([run('a', bell(20, 3), bell(20, 3), range)], 300, 200);
      for (const ticks of [layout.xTicks, layout.afterXTicks]) {
        const values = ticks.map((t) => Number(t.label.replace('−', '-')));
        expect(values.some((v) => v < 0) && values.some((v) => v > 0)).toBe(true);
        for (let i = 1; i < ticks.length; i++) expect(ticks[i].x - ticks[i - 1].x).toBeGreaterThanOrEqual(24);
      }
    },
  );

  it('shares one y max across before, after and every run', () => {
    const wide = bell(20, 8);
    const narrow = bell(20, 1);
    const layout = layoutHistogramPairs([run('a', wide, wide), run('b', wide, narrow)], 800, 200);
    const tallest = Math.max(...shares(narrow));
    expect(layout.yMax).toBeGreaterThanOrEqual(tallest);
    expect(layout.yMax).toBe(niceShareMax(tallest));
    // The same share has the same height in either run.
    expect(layout.runs[0].before[20].height).toBeCloseTo(layout.runs[1].before[20].height, 9);
    expect(layout.cols).toBe(2);
  });

  it('re-bins a narrower run onto the widest range, so bars mean the same interval', () => {
    const spike = new Float32Array(HISTOGRAM_BINS);
    spike[39] = 10; // the top bin of [-2, 2] is [1.9, 2]
    const layout = layoutHistogramPairs(
      [run('narrow', spike, spike, 2), run('wide', bell(20, 3), bell(20, 3), 8)],
      900,
      200,
    );
    expect(layout.range).toBe(8);
    const bars = layout.runs[0].before;
    // [1.9, 2] lies in bin 24 of [-8, 8] (width 0.4: [1.6, 2.0]).
    expect(bars.findIndex((b) => b.height > 0)).toBe(24);
    expect(bars.filter((b) => b.height > 0)).toHaveLength(1);
  });

  it('the y max is stable: it grows at once but shrinks only when bars fall well below it', () => {
    expect(stableShareMax(null, 0.17)).toBe(0.2);
    expect(stableShareMax(0.2, 0.19)).toBe(0.2);
    expect(stableShareMax(0.2, 0.12)).toBe(0.2);
    expect(stableShareMax(0.2, 0.21)).toBe(0.25);
    expect(stableShareMax(0.5, 0.1)).toBe(0.1);
  });

  it('a run without histograms is empty and says so; nothing is NaN', () => {
    const layout = layoutHistogramPairs(
      [{ ...run('a', bell(20, 3), bell(20, 3)), histograms: null }],
      400,
      200,
    );
    expect(layout.empty).toBe(true);
    expect(layout.runs[0].summary).toBe('a: no data yet');
    expect(JSON.stringify(layout)).not.toMatch(/NaN|Infinity|null/);
    const broken = { lo: Number.NaN, hi: Number.POSITIVE_INFINITY, input: bell(20, 3), output: bell(20, 3) };
    const bad = layoutHistogramPairs(
      [{ ...run('b', bell(20, 3), bell(20, 3)), histograms: broken }],
      400,
      200,
    );
    expect(bad.empty).toBe(true);
    expect(JSON.stringify(bad)).not.toMatch(/NaN|Infinity|null/);
  });

  it('summarises mean and sd before and after', () => {
    const layout = layoutHistogramPairs([run('BatchNorm', bell(30, 3), bell(20, 5))], 400, 200);
    expect(layout.runs[0].summary).toMatch(
      /^BatchNorm at step 100: before batchnorm mean ≈ 2\.00, sd ≈ 0\.6\d; after mean ≈ 0\.00, sd ≈ 1\.0\d$/,
    );
  });
});

describe('percentile band layout', () => {
  it('columnMeans averages the points of each pixel column', () => {
    const s = new Series(16);
    for (let t = 0; t < 8; t++) s.push(t, t);
    const { mean, count } = columnMeans(s, (v) => v / 2, 4);
    expect(Array.from(count)).toEqual([2, 2, 2, 2]);
    expect(Array.from(mean)).toEqual([0.5, 2.5, 4.5, 6.5]);
  });

  it('the step axis ends on the ladder past the data, so its ticks keep still while training', () => {
    const at = (steps: number) =>
      layoutBands(
        [{ id: 'a', label: 'A', color: 'red', percentiles: percentileSeries(steps, () => 0) }],
        800,
        200,
        'unit 0 input',
      );
    const [a, b] = [at(410), at(500)];
    expect(a.xDomain).toEqual([1, 500]);
    expect(a.xTicks.length).toBeGreaterThan(2);
    expect(b.xTicks).toEqual(a.xTicks);
  });

  it('draws three closed bands and a median, with no NaN, on shared axes for two runs', () => {
    const a = percentileSeries(200, (t) => t / 100);
    const b = percentileSeries(100, () => 0);
    const layout = layoutBands(
      [
        { id: 'a', label: 'No norm', color: 'red', percentiles: a },
        { id: 'b', label: 'BatchNorm', color: 'blue', percentiles: b },
      ],
      800,
      200,
      'unit 0 input',
    );
    expect(layout.empty).toBe(false);
    expect(layout.xDomain).toEqual([1, 200]);
    expect(layout.yDomain[0]).toBeLessThanOrEqual(-2);
    expect(layout.yDomain[1]).toBeGreaterThanOrEqual(4);
    for (const panel of layout.panels) {
      expect(panel.bands).toHaveLength(BAND_LEVELS.length);
      for (const band of panel.bands) expect(band).toMatch(/^M.*Z$/);
      expect(panel.median.startsWith('M')).toBe(true);
      expect(panel.bands.join() + panel.median).not.toMatch(/NaN|Infinity/);
    }
    expect(layout.panels[0].summary).toBe(
      'No norm, unit 0 input at step 200: median 2.00, 15–85 % range 1.00 to 3.00',
    );
  });

  it('the outer band stays between the labelled end ticks (BatchNorm at ±2.4: ticks reach ±3, not ±2)', () => {
    // A BN unit's 2–98 % range over a probe set: about ±2.4, as in lesson 4 (issue 19 item 12).
    const bn = percentileSeries(150, (t) => 0.03 * Math.sin(t / 9)).map((s) => {
      const scaled = new Series(1024);
      for (let i = 0; i < s.length; i++) scaled.push(s.x[i], s.mean[i] * 1.2);
      return scaled;
    });
    const layout = layoutBands(
      [{ id: 'bn', label: 'BatchNorm', color: 'blue', percentiles: bn }],
      300,
      190,
      'unit 0 input',
    );
    const ys =
      layout.panels[0].bands[0].match(/-?[\d.]+,-?[\d.]+/g)?.map((p) => Number(p.split(',')[1])) ?? [];
    expect(ys.length).toBeGreaterThan(0);
    const tickY = layout.yTicks.map((t) => t.y);
    // Pixel y grows downwards: the band's top is at or below the highest tick, its bottom at or above the lowest.
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(Math.min(...tickY) - 0.5);
    expect(Math.max(...ys)).toBeLessThanOrEqual(Math.max(...tickY) + 0.5);
    expect(layout.yTicks.map((t) => t.label)).toContain('3');
  });

  it('says when the percentiles are over a fixed probe set, and over how many test samples', () => {
    expect(probeText(0, 'mnist')).toBeUndefined();
    expect(probeText(300, 'mnist')).toBe('on a fixed set of 300 test digits');
    expect(probeText(1200, 'spiral')).toBe('on a fixed set of 1,200 test points');
    const layout = layoutBands(
      [{ id: 'b', label: 'BatchNorm', color: 'blue', percentiles: percentileSeries(150, () => 0) }],
      800,
      200,
      `unit 0 input ${probeText(300, 'mnist')}`,
    );
    expect(layout.panels[0].summary).toMatch(
      /^BatchNorm, unit 0 input on a fixed set of 300 test digits at step 150: median /,
    );
  });

  it('decimates to pixel columns: a band never holds more than 2 points per column', () => {
    const long = percentileSeries(5000, (t) => Math.sin(t / 50), 8192);
    const innerW = 120;
    const { bands, median } = bandPaths(
      long,
      (t) => ((t - 1) / 4999) * innerW,
      (v) => 100 - v * 10,
      innerW,
    );
    for (const band of bands) expect(pointsIn(band)).toBeLessThanOrEqual(2 * innerW);
    expect(pointsIn(median)).toBeLessThanOrEqual(innerW);
    expect(pointsIn(median)).toBeGreaterThan(innerW / 2);
  });

  it('an empty run has no paths and says it has no data yet', () => {
    const empty = PERCENTILES.map(() => new Series(8));
    const layout = layoutBands(
      [{ id: 'a', label: 'A', color: 'red', percentiles: empty }],
      400,
      200,
      'unit 3 input',
    );
    expect(layout.empty).toBe(true);
    expect(layout.panels[0].bands).toEqual(['', '', '']);
    expect(layout.panels[0].median).toBe('');
    expect(layout.panels[0].summary).toBe('A, unit 3 input: no data yet');
  });

  it('a single snapshot still draws a visible (1 px) band', () => {
    const one = percentileSeries(1, () => 0);
    const layout = layoutBands(
      [{ id: 'a', label: 'A', color: 'red', percentiles: one }],
      400,
      200,
      'unit 0 input',
    );
    expect(pointsIn(layout.panels[0].bands[2])).toBe(4);
    expect(layout.panels[0].bands[2]).not.toMatch(/NaN/);
  });

  it('legend shades darken from the widest band to the narrowest', () => {
    expect(bandShade(0)).toBeCloseTo(BAND_LEVELS[0].opacity, 9);
    expect(bandShade(1)).toBeGreaterThan(bandShade(0));
    expect(bandShade(2)).toBeGreaterThan(bandShade(1));
    expect(bandShade(2)).toBeLessThan(1);
  });
});

describe('heatmap layout', () => {
  function rows(n: number, centre: (r: number) => number, range = 4): RowSeries {
    const s = new RowSeries(HISTOGRAM_BINS, 256);
    for (let r = 0; r < n; r++) s.push((r + 1) * 10, bell(centre(r), 2));
    return Object.assign(s, { range });
  }

  it('reads out the row at or before a step on the run’s own range: mean, sd and the fullest bin', () => {
    // Bells centred on bin 10 + r (range ±4 over HISTOGRAM_BINS bins), rows at steps 10, 20, …
    const series = rows(6, (r) => 10 + r);
    const w = 8 / HISTOGRAM_BINS;
    const at = (step: number) => heatmapReadout(series, 4, step);
    for (const [step, row] of [
      [30, 2],
      [35, 2], // between rows: the last recorded at or before
      [5, 0], // before the first: the first
      [999, 5], // past the last: the last
    ] as const) {
      const got = at(step);
      const centre = -4 + (10 + row) * w;
      expect(got?.step).toBe((row + 1) * 10);
      const stats = binnedStats(shares(series.row(row)), -4, 4);
      expect(got?.mean).toBeCloseTo(stats?.mean ?? Number.NaN, 12);
      expect(got?.sd).toBeCloseTo(stats?.sd ?? Number.NaN, 12);
      // A symmetric bell centred on a bin edge: the fullest bin is one of the two beside it.
      expect(Math.abs((got?.peak ?? 0) - centre)).toBeCloseTo(w / 2, 12);
      expect(got?.peakShare).toBeGreaterThan(0.05);
    }
    expect(heatmapReadout(new RowSeries(HISTOGRAM_BINS, 8), 4, 10)).toBeNull();
    expect(heatmapReadout(null, 4, 10)).toBeNull();
  });

  it('maps (row, bin) to abutting pixel rectangles: rows left to right, low values at the bottom', () => {
    const series = rows(11, () => 20);
    const layout = layoutHeatmaps(
      [{ id: 'a', label: 'A', color: 'red', rows: series, range: 4 }],
      300,
      200,
      'input histogram',
    );
    const [panel] = layout.panels;
    // The axis ends on the step ladder past the data (110 → 120): the rows fill 100/110 of it.
    expect(layout.xDomain).toEqual([10, 120]);
    expect(panel.rowCount).toBe(11);
    const first = cellRect(panel, 0, 0);
    const second = cellRect(panel, 1, 0);
    const last = cellRect(panel, 10, HISTOGRAM_BINS - 1);
    expect(first.x).toBe(0);
    expect(second.x).toBe(first.x + first.width);
    expect(last.x + last.width).toBe(Math.round((layout.innerW * 100) / 110));
    // Bin 0 (the most negative values) sits at the bottom, the top bin at the top.
    expect(first.y + first.height).toBe(Math.round(layout.innerH));
    expect(last.y).toBe(0);
    for (let b = 0; b < HISTOGRAM_BINS; b++) expect(cellRect(panel, 5, b).height).toBeGreaterThan(0);
    // Each row's shares sum to 1.
    const row = panel.shares.subarray(5 * HISTOGRAM_BINS, 6 * HISTOGRAM_BINS);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('shares the colour domain and the value range across runs (narrower runs re-binned)', () => {
    const wide = rows(4, () => 20, 8);
    const peaked = new RowSeries(HISTOGRAM_BINS, 8);
    const spike = new Float32Array(HISTOGRAM_BINS);
    spike[20] = 50;
    for (let r = 0; r < 4; r++) peaked.push((r + 1) * 10, spike);
    const layout = layoutHeatmaps(
      [
        { id: 'a', label: 'A', color: 'red', rows: wide, range: 8 },
        { id: 'b', label: 'B', color: 'blue', rows: peaked, range: 2 },
      ],
      800,
      200,
      'input histogram',
    );
    expect(layout.range).toBe(8);
    expect(layout.colorMax).toBe(1);
    // Bin 20 of [-2, 2] ([0, 0.1]) lies in bin 20 of [-8, 8] ([0, 0.4]).
    expect(layout.panels[1].shares[20]).toBe(1);
    expect(heatColor(1, layout.colorMax)).toBe(PALETTE[255]);
    expect(heatColor(0, layout.colorMax)).toBe(PALETTE[0]);
    expect(heatIndex(0.25, 1)).toBe(128);
    expect(heatIndex(Number.NaN, 1)).toBe(0);
  });

  it('colour legend ticks sit at 0, ¼ and the max on the square-root scale', () => {
    expect(colorTicks(0.4)).toEqual([
      { offset: 0, label: '0 %' },
      { offset: 0.5, label: '10 %' },
      { offset: 1, label: '40 %' },
    ]);
  });

  it('a run without rows is empty, and the layout holds no NaN', () => {
    const layout = layoutHeatmaps(
      [{ id: 'a', label: 'A', color: 'red', rows: null, range: 1 }],
      300,
      200,
      'output histogram',
    );
    expect(layout.empty).toBe(true);
    expect(layout.panels[0].summary).toBe('A, output histogram: no data yet');
    expect(JSON.stringify({ ...layout, panels: [] })).not.toMatch(/NaN|Infinity/);
  });

  it('summarises the steps covered and the latest mean and sd', () => {
    const layout = layoutHeatmaps(
      [{ id: 'a', label: 'BatchNorm', color: 'red', rows: rows(3, () => 20), range: 4 }],
      300,
      200,
      'input histogram',
    );
    expect(layout.panels[0].summary).toMatch(
      /^BatchNorm, input histogram over steps 10–30 \(3 snapshots\): latest mean ≈ 0\.00, sd ≈ 0\.4\d$/,
    );
  });
});
