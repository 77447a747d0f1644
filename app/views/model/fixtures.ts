// Fixed, fabricated data for the model views' tests and screenshots: the layers of the
// default MLP (dense 16 → BatchNorm → tanh, three times, then dense 2), plausible diagnostics
// histories, and a spiral-shaped decision boundary over the real spiral points.
// Deterministic (no randomness), so a screenshot shows the same picture every run.

import {
  DEFAULT_CONFIG,
  type ExperimentConfig,
  type LayerInfo,
  type Observation,
  type RunSnapshot,
  SPIRAL_TURNS,
} from '#engine';
import { RowSeries } from '../../runtime/row-series.ts';
import { type BoundaryPoints, boundaryPoints } from './BoundaryView.tsx';
import { type Boundary, pointsExtent } from './boundary-layout.ts';
import type { DiagnosticsData } from './DiagnosticsView.tsx';

export const FIXTURE_CONFIG: ExperimentConfig = { ...DEFAULT_CONFIG, dataset: 'spiral' };

/** The default MLP on 2-D points: (dense 16 → [norm] → tanh) × 3 → dense 2; with a norm, 10 layers. */
export function mlpLayers(norm: 'batchnorm' | 'none' = 'batchnorm'): LayerInfo[] {
  const kinds: [string, number[], number][] = [];
  let inputs = 2;
  for (let h = 0; h < 3; h++) {
    if (norm === 'none') {
      kinds.push(['dense', [16], inputs * 16 + 16], ['tanh', [16], 0]);
    } else {
      kinds.push(['dense', [16], inputs * 16], [norm, [16], 32], ['tanh', [16], 0]);
    }
    inputs = 16;
  }
  kinds.push(['dense', [2], 16 * 2 + 2]);
  return kinds.map(([kind, shape, params], index) => ({ index, kind, shape, params }));
}

/** Model indices of the dense layers of mlpLayers('batchnorm'): 0, 3, 6, 9. */
export const DIAG_LAYERS = [0, 3, 6, 9];

/** Diagnostics values of layer column k at a step (smooth, deterministic curves). */
export function diagnosticsAt(step: number, k: number): { grad: number; ratio: number; sat: number } {
  const decay = Math.exp(-step / 700);
  const wiggle = 1 + 0.15 * Math.sin(step / 37 + k);
  return {
    grad: (0.08 + 0.6 * decay) * (1 + 0.45 * k) * wiggle,
    ratio: (4e-4 + 6e-3 * decay) * (1 + 0.3 * (3 - k)) * wiggle,
    sat: k === 3 ? 0 : Math.min(1, (0.02 + 0.25 * (1 - decay)) * (1 + 0.5 * k)),
  };
}

/** Histories of `snapshots` snapshots every `every` steps, as a run's RunMetrics holds them. */
export function diagnosticsHistory(snapshots: number, every = 10): DiagnosticsData {
  const k = DIAG_LAYERS.length;
  const gradNorm = new RowSeries(k, 256);
  const updateRatio = new RowSeries(k, 256);
  const saturated = new RowSeries(k, 256);
  for (let s = 1; s <= snapshots; s++) {
    const step = s * every;
    const values = DIAG_LAYERS.map((_, col) => diagnosticsAt(step, col));
    gradNorm.push(
      step,
      values.map((v) => v.grad),
    );
    updateRatio.push(
      step,
      values.map((v) => v.ratio),
    );
    saturated.push(
      step,
      values.map((v) => v.sat),
    );
  }
  return { gradNorm, updateRatio, saturated, diagnosticLayers: [...DIAG_LAYERS] };
}

export function spiralPoints(): BoundaryPoints {
  const points = boundaryPoints(FIXTURE_CONFIG);
  if (!points) throw new Error('the spiral fixture has points');
  return points;
}

/**
 * A res x res prediction grid like a well-trained net's on the spiral: each cell takes the arm
 * whose clean curve (engine/data/toy.ts, angle = SPIRAL_TURNS * 2 pi r + c pi) passes closer in
 * angle; confidence falls off between the arms and near the centre. Same extent as the worker.
 */
export function spiralBoundary(points: BoundaryPoints, res = 48): Boundary {
  const { x0, x1, y0, y1 } = pointsExtent(points.train.x, points.train.count);
  const label = new Uint8Array(res * res);
  const confidence = new Float32Array(res * res);
  for (let j = 0; j < res; j++) {
    for (let i = 0; i < res; i++) {
      const gx = x0 + ((i + 0.5) / res) * (x1 - x0);
      const gy = y1 - ((j + 0.5) / res) * (y1 - y0);
      const r = Math.hypot(gx, gy);
      const along = Math.cos(Math.atan2(gx, gy) - SPIRAL_TURNS * 2 * Math.PI * r);
      label[j * res + i] = along >= 0 ? 0 : 1;
      confidence[j * res + i] = 0.5 + 0.5 * Math.tanh(3 * Math.abs(along) * Math.min(1, 5 * r));
    }
  }
  return { res, x0, x1, y0, y1, label, confidence };
}

/** A snapshot carrying the diagnostics and boundary of one step (for recordSnapshot). */
export function fixtureSnapshot(runId: string, step: number, boundary: Boundary | null): RunSnapshot {
  const values = DIAG_LAYERS.map((_, col) => diagnosticsAt(step, col));
  const observation: Observation = {
    layer: 1,
    histograms: null,
    unitPercentiles: null,
    channels: null,
    diagnostics: {
      layers: Int32Array.from(DIAG_LAYERS),
      gradNorm: Float32Array.from(values, (v) => v.grad),
      updateRatio: Float32Array.from(values, (v) => v.ratio),
      saturated: Float32Array.from(values, (v) => v.sat),
    },
    inspector: null,
    cells: null,
    boundary,
  };
  return {
    runId,
    step,
    losses: Float32Array.of(0.5),
    test: null,
    msPerStep: 0.2,
    diverged: false,
    observation,
  };
}
