// Per-run metric history, kept OUTSIDE React state: the controller appends to these bounded
// series every round, and charts read them when the store's `tick` changes (a transient
// subscription), so React does not re-render per training step. Histories of the observed
// layer (histograms, channel statistics) restart when the observed layer changes.

import {
  type Boundary,
  HISTOGRAM_BINS,
  type HyperParam,
  type Observation,
  PERCENTILES,
  type RunSnapshot,
} from '#engine';
import { rebin } from './rebin.ts';
import { RowSeries } from './row-series.ts';
import { Series } from './series.ts';

export interface RunMetrics {
  loss: Series;
  testLoss: Series;
  testAccuracy: Series;
  /** One series per entry of PERCENTILES: the tracked unit's input over time. */
  unitPercentiles: Series[];
  /** Histograms of the observed layer's input and output over time (rows of HISTOGRAM_BINS counts). */
  inputHistograms: RowSeries | null;
  outputHistograms: RowSeries | null;
  /** Histogram range [-range, range] of the latest snapshot (it only grows). */
  histogramRange: number;
  /** The output histograms' range (its own: a tanh's outputs stay within ±1). */
  outputRange: number;
  /** Per-channel BatchNorm statistics over time (rows of C values). */
  batchMean: RowSeries | null;
  batchVar: RowSeries | null;
  runningMean: RowSeries | null;
  runningVar: RowSeries | null;
  /** Per parametrized layer over time: gradient norm, update-to-weight ratio, saturated fraction. */
  gradNorm: RowSeries | null;
  updateRatio: RowSeries | null;
  saturated: RowSeries | null;
  /**
   * The loss-landscape probes along the gradient (engine/train/smoothness.ts), one point per probe:
   * max ‖g − g′‖ / ‖g‖, max ‖g − g′‖ and the loss range. Not tied to the observed layer.
   */
  smoothness: { relGradChange: Series; gradChange: Series; lossRange: Series };
  /** Which model layers the diagnostics columns are. */
  diagnosticLayers: number[];
  /** The observed layer the histories above belong to. */
  observedLayer: number | null;
  latest: Observation | null;
}

const HISTORY_ROWS = 256;
const registry = new Map<string, RunMetrics>();

/**
 * A live knob change mid-run: the step the runs had reached, the knob and its values before and
 * after. The charts word it through knob-labels.ts (`knobChangeLabel`), as the controls do.
 */
export interface KnobMark {
  step: number;
  knob: HyperParam;
  from: number;
  to: number;
}

/** A change of the same knob within this many steps of its last mark joins that mark (a slider drag is one change). */
export const MARK_MERGE_STEPS = 50;
/** Every run of an experiment trains in lockstep, so the marks are the experiment's. */
const marks: KnobMark[] = [];
/** At most this many marks are kept (the oldest go first). */
const MAX_MARKS = 64;

/** Records a live knob change at `step` (the charts draw it on the next tick). */
export function recordKnobMark(mark: KnobMark): void {
  const last = marks.at(-1);
  if (last && last.knob === mark.knob && mark.step - last.step < MARK_MERGE_STEPS) {
    // lr 0.05 → 0.056 then 0.056 → 0.063 is one mark, 0.05 → 0.063, at the first step.
    marks[marks.length - 1] = { ...last, to: mark.to };
    return;
  }
  marks.push(mark);
  if (marks.length > MAX_MARKS) marks.shift();
}

/** The live knob changes of the current runs, oldest first. */
export function knobMarks(): readonly KnobMark[] {
  return marks;
}

function empty(): RunMetrics {
  return {
    loss: new Series(),
    testLoss: new Series(1024),
    testAccuracy: new Series(1024),
    unitPercentiles: PERCENTILES.map(() => new Series(1024)),
    inputHistograms: null,
    outputHistograms: null,
    histogramRange: 1,
    outputRange: 1,
    batchMean: null,
    batchVar: null,
    runningMean: null,
    runningVar: null,
    gradNorm: null,
    updateRatio: null,
    saturated: null,
    smoothness: {
      relGradChange: new Series(1024),
      gradChange: new Series(1024),
      lossRange: new Series(1024),
    },
    diagnosticLayers: [],
    observedLayer: null,
    latest: null,
  };
}

export function metricsFor(runId: string): RunMetrics {
  let m = registry.get(runId);
  if (!m) {
    m = empty();
    registry.set(runId, m);
  }
  return m;
}

/** Forgets every run (on reconfigure/reset). */
export function clearMetrics(): void {
  registry.clear();
  marks.length = 0;
}

/** Forgets the observed-layer histories of every run (the reader picked another layer or unit). */
export function clearLayerHistories(): void {
  for (const [id, m] of registry) {
    registry.set(id, {
      ...empty(),
      loss: m.loss,
      testLoss: m.testLoss,
      testAccuracy: m.testAccuracy,
      gradNorm: m.gradNorm,
      updateRatio: m.updateRatio,
      saturated: m.saturated,
      smoothness: m.smoothness,
      diagnosticLayers: m.diagnosticLayers,
    });
  }
}

function rows(series: RowSeries | null, width: number): RowSeries {
  return series && series.width === width ? series : new RowSeries(width, HISTORY_ROWS);
}

/** Re-bins every histogram row from [-from, from] onto [-to, to], in place. */
export function rebinRows(series: RowSeries, from: number, to: number): void {
  for (let r = 0; r < series.length; r++) {
    const row = series.row(r);
    row.set(rebin(row, -from, from, -to, to, row.length));
  }
}

/**
 * A decision-boundary grid computed outside a round (when play pauses): it replaces the one in
 * the run's latest observation, so the plane shows the model as it now is.
 */
export function setBoundary(runId: string, boundary: Boundary): void {
  const m = metricsFor(runId);
  if (m.latest) m.latest = { ...m.latest, boundary };
}

/** Appends one snapshot's data to its run's history. */
export function recordSnapshot(s: RunSnapshot): void {
  const m = metricsFor(s.runId);
  const first = s.step - s.losses.length + 1;
  for (let i = 0; i < s.losses.length; i++) m.loss.push(first + i, s.losses[i]);
  if (s.test) {
    m.testLoss.push(s.test.step, s.test.loss);
    m.testAccuracy.push(s.test.step, s.test.accuracy);
  }
  const probes = s.smoothness;
  if (probes) {
    for (let i = 0; i < probes.step.length; i++) {
      m.smoothness.relGradChange.push(probes.step[i], probes.relGradChange[i]);
      m.smoothness.gradChange.push(probes.step[i], probes.gradChange[i]);
      m.smoothness.lossRange.push(probes.step[i], probes.lossRange[i]);
    }
  }
  const o = s.observation;
  if (!o) return;
  if (m.observedLayer !== o.layer) {
    Object.assign(m, {
      ...empty(),
      loss: m.loss,
      testLoss: m.testLoss,
      testAccuracy: m.testAccuracy,
      smoothness: m.smoothness,
    });
    m.observedLayer = o.layer;
  }
  // The boundary grid is refreshed less often than the rest: keep the last one meanwhile.
  m.latest = !o.boundary && m.latest?.boundary ? { ...o, boundary: m.latest.boundary } : o;
  if (o.unitPercentiles)
    for (let i = 0; i < m.unitPercentiles.length; i++)
      m.unitPercentiles[i].push(s.step, o.unitPercentiles[i]);
  if (o.histograms) {
    m.inputHistograms = rows(m.inputHistograms, HISTOGRAM_BINS);
    m.outputHistograms = rows(m.outputHistograms, HISTOGRAM_BINS);
    // The engine's ranges only grow: re-bin the rows so far onto a grown range, so the heatmap
    // keeps its whole history (every row then means the same intervals).
    if (o.histograms.hi !== m.histogramRange) {
      rebinRows(m.inputHistograms, m.histogramRange, o.histograms.hi);
      m.histogramRange = o.histograms.hi;
    }
    if (o.histograms.outHi !== m.outputRange) {
      rebinRows(m.outputHistograms, m.outputRange, o.histograms.outHi);
      m.outputRange = o.histograms.outHi;
    }
    m.inputHistograms.push(s.step, o.histograms.input);
    m.outputHistograms.push(s.step, o.histograms.output);
  }
  if (o.channels) {
    const c = o.channels.batchMean.length;
    m.batchMean = rows(m.batchMean, c);
    m.batchVar = rows(m.batchVar, c);
    m.runningMean = rows(m.runningMean, c);
    m.runningVar = rows(m.runningVar, c);
    m.batchMean.push(s.step, o.channels.batchMean);
    m.batchVar.push(s.step, o.channels.batchVar);
    m.runningMean.push(s.step, o.channels.runningMean);
    m.runningVar.push(s.step, o.channels.runningVar);
  }
  if (o.diagnostics) {
    const k = o.diagnostics.layers.length;
    m.diagnosticLayers = Array.from(o.diagnostics.layers);
    m.gradNorm = rows(m.gradNorm, k);
    m.updateRatio = rows(m.updateRatio, k);
    m.saturated = rows(m.saturated, k);
    m.gradNorm.push(s.step, o.diagnostics.gradNorm);
    m.updateRatio.push(s.step, o.diagnostics.updateRatio);
    m.saturated.push(s.step, o.diagnostics.saturated);
  }
}
