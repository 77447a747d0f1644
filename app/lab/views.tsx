// The live views, one row each: what a view is called, how it mounts, how wide its card is and
// which experiments it has something to show for. The Lab shows every row in this order; a
// network lesson names the rows it wants (`views: [...]` in its content). A new view is one row.

import type { ReactNode } from 'react';
import type { ExperimentConfig } from '../../engine/experiment.ts';
import { ActivationView } from '../views/activations/ActivationView.tsx';
import { AxesDiagram } from '../views/bn/AxesDiagram.tsx';
import { DriftView } from '../views/bn/DriftView.tsx';
import { InspectorView } from '../views/bn/InspectorView.tsx';
import { BoundaryView } from '../views/model/BoundaryView.tsx';
import { DiagnosticsView } from '../views/model/DiagnosticsView.tsx';
import { NetworkDiagram } from '../views/model/NetworkDiagram.tsx';
import { ServingPanel } from '../views/serving/ServingPanel.tsx';
import { AccuracyChart, LossChart } from './RunCurves.tsx';
import { RunTable } from './RunTable.tsx';
import { SweepPanel } from './SweepPanel.tsx';

/**
 * What a view needs from at least one run to show more than a note: a BatchNorm layer (running
 * statistics), any normalization layer, 2-D points (a plane to draw), or MNIST digits.
 */
export type ViewNeed = 'batchnorm' | 'normalizer' | '2-d data' | 'mnist';

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
}

/** Every live view, in the Lab's order. */
export const VIEWS = {
  network: { title: 'Network', render: () => <NetworkDiagram />, size: 'large', needs: [] },
  loss: { title: 'Training loss', render: () => <LossChart />, size: 'small', needs: [] },
  accuracy: { title: 'Test accuracy', render: () => <AccuracyChart />, size: 'small', needs: [] },
  runs: { title: 'Runs', render: () => <RunTable />, size: 'small', needs: [] },
  boundary: {
    title: 'Decision boundary',
    render: () => <BoundaryView />,
    size: 'small',
    needs: ['2-d data'],
  },
  activations: {
    title: 'Activation distributions',
    render: () => <ActivationView />,
    size: 'large',
    needs: [],
  },
  drift: {
    title: 'Running statistics drift',
    render: () => <DriftView />,
    size: 'medium',
    needs: ['batchnorm'],
  },
  inspector: {
    title: 'Normalization arithmetic inspector',
    render: () => <InspectorView />,
    size: 'medium',
    needs: ['normalizer'],
  },
  axes: {
    title: 'Which values share one mean and variance',
    render: () => <AxesDiagram />,
    size: 'medium',
    needs: [],
  },
  diagnostics: {
    title: 'Training diagnostics',
    render: () => <DiagnosticsView />,
    size: 'medium',
    needs: [],
  },
  serving: {
    title: 'Serving: train mode vs eval mode',
    render: () => <ServingPanel />,
    size: 'large',
    needs: ['mnist'],
  },
  sweep: {
    title: 'Sweep',
    render: () => (
      <>
        <h2 className="chart-title">Sweep</h2>
        <SweepPanel />
      </>
    ),
    size: 'medium',
    needs: [],
  },
} as const satisfies Record<string, ViewRow>;

export type ViewId = keyof typeof VIEWS;

/** The Lab's views: all of them, in the registry's order. */
export const LAB_VIEWS = Object.keys(VIEWS) as ViewId[];

const MET: Record<ViewNeed, (c: ExperimentConfig) => boolean> = {
  batchnorm: (c) => c.norm === 'batchnorm',
  normalizer: (c) => c.norm !== 'none',
  '2-d data': (c) => c.dataset !== 'mnist',
  mnist: (c) => c.dataset === 'mnist',
};

/** The needs of view `id` that none of `runs` (the experiment's run configs) meets. */
export function unmetNeeds(id: ViewId, runs: readonly ExperimentConfig[]): ViewNeed[] {
  const row: ViewRow = VIEWS[id];
  return row.needs.filter((need) => !runs.some(MET[need]));
}

/** One view in its card; `place` picks the card's width (see ViewSize). */
export function ViewCard({ id, place }: { id: ViewId; place: 'lab' | 'lesson' }) {
  const row: ViewRow = VIEWS[id];
  const wide = row.size === 'large' || (row.size === 'medium' && place === 'lesson');
  return <div className={wide ? 'view-card view-wide' : 'view-card'}>{row.render()}</div>;
}
