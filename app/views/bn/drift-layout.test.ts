import { describe, expect, it } from 'vitest';
import { RowSeries } from '../../runtime/row-series.ts';
import {
  allChannelsSummary,
  type DriftSource,
  driftSummary,
  layoutDrift,
  MINI_MARGIN,
  MOMENTUM_STOPS,
  momentumSentence,
  nearestStop,
} from './drift-layout.ts';

/** Two channels over `steps` snapshots: batch stats jump, running stats follow with momentum 0.1. */
function source(steps: number, momentum = 0.1): DriftSource {
  const s = {
    batchMean: new RowSeries(2, 64),
    batchVar: new RowSeries(2, 64),
    runningMean: new RowSeries(2, 64),
    runningVar: new RowSeries(2, 64),
  };
  const running = [0, 0, 1, 1];
  for (let t = 1; t <= steps; t++) {
    const bm = [1 + 0.1 * Math.sin(t), -2];
    const bv = [0.5, 4];
    for (let c = 0; c < 2; c++) {
      running[c] = (1 - momentum) * running[c] + momentum * bm[c];
      running[2 + c] = (1 - momentum) * running[2 + c] + momentum * bv[c];
    }
    s.batchMean.push(t * 10, bm);
    s.batchVar.push(t * 10, bv);
    s.runningMean.push(t * 10, running.slice(0, 2));
    s.runningVar.push(t * 10, running.slice(2));
  }
  return s;
}

const NO_NAN = /NaN|Infinity/;

describe('drift layout, 2 channels', () => {
  it('is empty (no paths, no NaN) before any snapshot', () => {
    const layout = layoutDrift(
      { batchMean: null, batchVar: null, runningMean: null, runningVar: null },
      0,
      400,
      280,
    );
    expect(layout.empty).toBe(true);
    expect(layout.panels.map((p) => p.batch + p.running + p.gap).join('')).toBe('');
    expect(JSON.stringify(layout)).not.toMatch(NO_NAN);
    expect(driftSummary(layout, 0)).toBe('Channel 0: no batch statistics yet.');
  });

  it('the step axis ends on the ladder past the data, so its ticks keep still while training', () => {
    // Snapshots every 10 steps: 41 of them reach step 410, 50 reach 500; both axes end at 500.
    const [a, b] = [layoutDrift(source(41), 0, 400, 280), layoutDrift(source(50), 0, 400, 280)];
    expect(a.xTicks.length).toBeGreaterThan(2);
    expect(b.xTicks).toEqual(a.xTicks);
    expect(a.xTicks.at(-1)?.label).toBe('500');
  });

  it('draws batch and running lines and the gap band, with finite coordinates only', () => {
    const layout = layoutDrift(source(20), 1, 400, 280);
    expect(layout.empty).toBe(false);
    for (const panel of layout.panels) {
      expect(panel.batch).toMatch(/^M/);
      expect(panel.running).toMatch(/^M/);
      expect(panel.gap).toMatch(/Z$/);
      expect(panel.yTicks.length).toBeGreaterThan(1);
    }
    expect(layout.xTicks.length).toBeGreaterThan(1);
    expect(JSON.stringify(layout)).not.toMatch(NO_NAN);
  });

  it('reports the gap as running − batch at the latest step', () => {
    const layout = layoutDrift(source(20), 1, 400, 280);
    const [mean, variance] = layout.panels;
    const expected = -2 * (1 - 0.9 ** 20) - -2;
    expect(mean.last?.step).toBe(200);
    expect(mean.last?.gap).toBeCloseTo(expected, 5);
    expect(variance.last?.gap).toBeCloseTo(1 + (4 - 1) * (1 - 0.9 ** 20) - 4, 5);
    expect(driftSummary(layout, 1)).toBe(
      `Channel 1 at step 200: batch mean −2.000, running mean −1.757 (gap 0.243); batch variance 4.000, running variance 3.635 (gap −0.365).`,
    );
  });

  it('a single snapshot and a flat series still get a finite domain', () => {
    const layout = layoutDrift(source(1), 1, 400, 280);
    expect(JSON.stringify(layout)).not.toMatch(NO_NAN);
    expect(layout.panels[1].yTicks.length).toBeGreaterThan(0);
  });

  it('non-finite batch values (stored as 0 by RowSeries) never produce NaN paths', () => {
    const s = source(5);
    s.batchMean?.push(60, [Number.NaN, Number.POSITIVE_INFINITY]);
    s.batchVar?.push(60, [1, 1]);
    s.runningMean?.push(60, [1, 1]);
    s.runningVar?.push(60, [1, 1]);
    expect(JSON.stringify(layoutDrift(s, 0, 400, 280))).not.toMatch(NO_NAN);
  });

  it('small multiples have no tick labels, and a channel the series lacks is empty', () => {
    const mini = layoutDrift(source(10), 0, 140, 90, { margin: MINI_MARGIN, ticks: false, panelGap: 6 });
    expect(mini.xTicks).toEqual([]);
    expect(mini.panels[0].yTicks).toEqual([]);
    expect(mini.panels[0].running).toMatch(/^M/);
    expect(layoutDrift(source(10), 5, 140, 90).empty).toBe(true);
  });

  it('summarises the channel with the largest gaps', () => {
    expect(allChannelsSummary(source(20), 2)).toMatch(
      /^2 channels at step 200\. Largest mean gap \(running − batch\): channel 1, 0\.243; largest variance gap: channel 1, −0\.365\.$/,
    );
  });
});

describe('momentum', () => {
  it('stops include PyTorch’s default 0.1 and snap on a log scale', () => {
    expect(MOMENTUM_STOPS[nearestStop(0.1)]).toBe(0.1);
    expect(MOMENTUM_STOPS[nearestStop(0.012)]).toBe(0.01);
    expect(MOMENTUM_STOPS[nearestStop(1)]).toBe(1);
  });
  it('states the update rule and its memory', () => {
    expect(momentumSentence(0.1)).toBe(
      'running ← 0.9 × running + 0.1 × batch: about the last 10 steps dominate.',
    );
    expect(momentumSentence(1)).toContain('just the last batch');
  });
});
