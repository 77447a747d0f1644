// The live views, one row each: what a view is called, how it mounts, how wide its card is and
// which experiments it has something to show for. The Lab shows every row in this order; a
// network lesson names the rows it wants (`views: [...]` in its content). A new view is one row.

import { type ComponentType, type ReactNode, Suspense, useRef } from 'react';
import { type ExperimentConfig, keepsRunningStats } from '#engine';
import { type Store, useStore } from '../store/index.ts';
import { hasSweepResults } from '../store/run-slice.ts';
import { lazyComponent } from '../ui/lazy-page.tsx';
import { ActivationView } from '../views/activations/ActivationView.tsx';
import { AxesDiagram } from '../views/bn/AxesDiagram.tsx';
import { DriftView } from '../views/bn/DriftView.tsx';
import { InspectorView } from '../views/bn/InspectorView.tsx';
import { BoundaryView } from '../views/model/BoundaryView.tsx';
import { DiagnosticsView } from '../views/model/DiagnosticsView.tsx';
import { NetworkDiagram } from '../views/model/NetworkDiagram.tsx';
import { AccuracyChart, LossChart } from './RunCurves.tsx';
import { RunTable } from './RunTable.tsx';
import { ViewExport } from './ViewExport.tsx';

// The specialised panels (serving, feature maps, folding, domain shift, batch-mates, sweeps…) that
// few screens show are chunks of their own, so a lesson's first load does not carry them (issue 18,
// first load ≤ 200 KB). Until one is in, its card says it is loading (ViewCard's Suspense); the
// idle prefetch after the first paint (pages/page-chunks.ts, preloadViews) usually has it first.
const lazyView = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazyComponent<K, object>(load, name);
const FeatureMapPanel = lazyView(
  () => import('../views/feature-maps/FeatureMapPanel.tsx'),
  'FeatureMapPanel',
);
const FoldPanel = lazyView(() => import('../views/fold/FoldPanel.tsx'), 'FoldPanel');
const FitPanel = lazyView(() => import('../views/noise/FitPanel.tsx'), 'FitPanel');
const SpreadPanel = lazyView(() => import('../views/noise/SpreadPanel.tsx'), 'SpreadPanel');
const ServingPanel = lazyView(() => import('../views/serving/ServingPanel.tsx'), 'ServingPanel');
const ShiftPanel = lazyView(() => import('../views/shift/ShiftPanel.tsx'), 'ShiftPanel');
const SmoothnessView = lazyView(() => import('../views/smoothness/SmoothnessView.tsx'), 'SmoothnessView');
const SweepPanel = lazyView(() => import('./SweepPanel.tsx'), 'SweepPanel');
const LAZY_VIEWS = [
  FeatureMapPanel,
  FoldPanel,
  FitPanel,
  SpreadPanel,
  ServingPanel,
  ShiftPanel,
  SmoothnessView,
  SweepPanel,
];

/** Fetches every lazy view's chunk (the idle prefetch; a failure is left for the view to report). */
export function preloadViews(): Promise<unknown> {
  return Promise.allSettled(LAZY_VIEWS.map((view) => view.preload()));
}

/**
 * What a view needs from at least one run to show more than a note: running statistics (a
 * normalizer whose catalog row keeps them: BatchNorm, Batch Renorm), any normalization layer,
 * 2-D points (a plane to draw), MNIST digits, or the small CNN (image-shaped layers).
 */
export type ViewNeed = 'running statistics' | 'normalizer' | '2-d data' | 'mnist' | 'cnn';

/**
 * How much room a view's card takes: `small` is one grid cell everywhere; `medium` is one cell in
 * the Lab's dense grid and the full width in a lesson; `large` is the full width everywhere.
 */
export type ViewSize = 'small' | 'medium' | 'large';

export interface ViewRow {
  title: string;
  render: () => ReactNode;
  size: ViewSize;
  needs: readonly ViewNeed[];
  /**
   * A figure: its card offers PNG and SVG downloads (ViewExport.tsx). False for a plain table; a
   * function of the store for a view that draws its figure only later (the sweep, once it has a point).
   */
  image: boolean | ((s: Store) => boolean);
}

function row(
  title: string,
  render: () => ReactNode,
  size: ViewSize,
  needs: ViewNeed[] = [],
  image: ViewRow['image'] = true,
): ViewRow {
  return { title, render, size, needs, image };
}

function SweepCard() {
  return (
    <>
      <h2 className="chart-title">Sweep</h2>
      <SweepPanel />
    </>
  );
}

/** Every live view, in the Lab's order. */
export const VIEWS = {
  loss: row('Training loss', () => <LossChart />, 'small'),
  accuracy: row('Test accuracy', () => <AccuracyChart />, 'small'),
  runs: row('Runs', () => <RunTable />, 'small', [], false),
  boundary: row('Decision boundary', () => <BoundaryView />, 'small', ['2-d data']),
  // Below the curves, which a reader watches first: with its unit pictures it is taller than a screen.
  network: row('Network', () => <NetworkDiagram />, 'large'),
  activations: row('Activation distributions', () => <ActivationView />, 'large'),
  drift: row('Running statistics drift', () => <DriftView />, 'medium', ['running statistics']),
  inspector: row('Normalization arithmetic inspector', () => <InspectorView />, 'medium', ['normalizer']),
  axes: row('Which values share one mean and variance', () => <AxesDiagram />, 'medium'),
  diagnostics: row('Training diagnostics', () => <DiagnosticsView />, 'medium'),
  serving: row('Serving: train mode vs eval mode', () => <ServingPanel />, 'large', ['mnist']),
  featureMaps: row('Feature maps of the served digit', () => <FeatureMapPanel />, 'large', ['cnn']),
  sweep: row('Sweep', () => <SweepCard />, 'medium', [], hasSweepResults),
  smoothness: row('Loss smoothness along the gradient', () => <SmoothnessView />, 'medium'),
  fold: row('Folding BatchNorm for deployment', () => <FoldPanel />, 'large', ['normalizer']),
  shift: row('Domain shift: re-estimated statistics', () => <ShiftPanel />, 'medium', ['mnist']),
  spread: row('One digit, many batch-mates', () => <SpreadPanel />, 'medium', ['mnist']),
  fit: row('Train/test gap', () => <FitPanel />, 'small', ['mnist']),
} satisfies Record<string, ViewRow>;

export type ViewId = keyof typeof VIEWS;

/** The Lab's views: all of them, in the registry's order. */
export const LAB_VIEWS = Object.keys(VIEWS) as ViewId[];

const MET: Record<ViewNeed, (c: ExperimentConfig) => boolean> = {
  'running statistics': (c) => keepsRunningStats(c.norm),
  normalizer: (c) => c.norm !== 'none',
  '2-d data': (c) => c.dataset !== 'mnist',
  mnist: (c) => c.dataset === 'mnist',
  cnn: (c) => c.model === 'cnn',
};

/** The needs of view `id` that none of `runs` (the experiment's run configs) meets. */
export function unmetNeeds(id: ViewId, runs: readonly ExperimentConfig[]): ViewNeed[] {
  return VIEWS[id].needs.filter((need) => !runs.some(MET[need]));
}

/**
 * One view in its card; `place` picks the card's width (see ViewSize). `data-view` lets the page
 * find it (ui/reveal.ts). A figure's card ends with its PNG and SVG downloads, inside the Suspense
 * boundary: a lazy view's card offers them only once the view is in (not beside "loading…").
 */
export function ViewCard({ id, place }: { id: ViewId; place: 'lab' | 'lesson' }) {
  const { size, render, title, image } = VIEWS[id];
  const wide = size === 'large' || (size === 'medium' && place === 'lesson');
  const card = useRef<HTMLDivElement>(null);
  const exportable = useStore((s) => (typeof image === 'function' ? image(s) : image));
  return (
    <div className={wide ? 'view-card view-wide' : 'view-card'} data-view={id} ref={card}>
      <Suspense fallback={<p className="view-loading">{title}: loading…</p>}>
        {render()}
        {exportable && <ViewExport title={title} card={card} />}
      </Suspense>
    </div>
  );
}
