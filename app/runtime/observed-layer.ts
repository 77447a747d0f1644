// Which layer the views watch once a network is built: the reader's pick if this network
// has it, else a lesson's preference, else the default — the first normalizer of a single run,
// or each run's own first normalizer in a comparison (a run without one: its first activation),
// so a comparison of none vs BatchNorm shows the BN run's BN layer in the drift, inspector and
// axes views instead of a note that the first run's layer is a tanh.

import { defaultLayerIndex, type LayerInfo, type ObserveRequest } from '#engine';
import type { AppStore } from '../store/index.ts';
import type { PreferredObserve } from '../store/view-slice.ts';

export interface LayerChoice {
  layer: ObserveRequest['layer'];
  unit: number;
  /** The reader's pick is not in this network: back to the automatic choice. */
  dropPick: boolean;
  /** Whose choice it is: the reader's, a lesson's, or the default. */
  source: 'pick' | 'preferred' | 'default';
}

export interface LayerInputs {
  /** The reader's pick (null = automatic). */
  selectedLayer: number | null;
  /** A lesson's choice, used when the reader has not picked. */
  preferred: PreferredObserve | null;
  /** How many runs the experiment has (a comparison watches activations, not indices). */
  runCount: number;
  /** The unit watched so far (kept unless a lesson's choice says otherwise). */
  unit: number;
}

/** The layer request for a network whose first run has `layers` (decided from the first run). */
export function chooseLayer(layers: readonly LayerInfo[], inputs: LayerInputs): LayerChoice {
  const { selectedLayer, preferred, runCount, unit } = inputs;
  if (selectedLayer !== null && selectedLayer < layers.length)
    return { layer: selectedLayer, unit, dropPick: false, source: 'pick' };
  const dropPick = selectedLayer !== null;
  if (preferred) return { layer: preferred.layer, unit: preferred.unit, dropPick, source: 'preferred' };
  const layer = runCount > 1 ? { norm: 0 } : defaultLayerIndex(layers);
  return { layer, unit, dropPick, source: 'default' };
}

/** Whether two layer requests ask for the same layer. */
export function sameLayer(a: ObserveRequest['layer'], b: ObserveRequest['layer']): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if ('norm' in a || 'norm' in b) return 'norm' in a && 'norm' in b && a.norm === b.norm;
  return a.activation === b.activation;
}

/**
 * What the runs observe. The layer lives in the store (`observeLayer`, from which every run's
 * index derives); the rest (unit, which views, the boundary grid) here.
 */
export class Observing {
  private observe: Omit<ObserveRequest, 'layer'> = {
    unit: 0,
    activations: true,
    channels: true,
    diagnostics: true,
    inspector: true,
    boundary: 0,
  };

  constructor(
    private readonly store: AppStore,
    private readonly send: (observe: ObserveRequest) => void,
  ) {}

  /** The request for a new build, with a decision-boundary grid of `boundary` (0 = none). */
  forBuild(boundary: number): ObserveRequest {
    this.observe = { ...this.observe, boundary };
    return this.request();
  }

  set(patch: Partial<ObserveRequest>): void {
    const { layer, ...rest } = patch;
    if (layer !== undefined) this.store.getState().setObserveLayer(layer);
    this.observe = { ...this.observe, ...rest };
    this.send(this.request());
  }

  /** Chooses the layer for the network just built, and tells the workers if it changed. */
  networkBuilt(layers: readonly LayerInfo[]): void {
    const s = this.store.getState();
    const choice = chooseLayer(layers, {
      selectedLayer: s.selectedLayer,
      preferred: s.preferredObserve,
      runCount: s.runs.length,
      unit: this.observe.unit,
    });
    if (choice.dropPick) s.selectLayer(null);
    if (choice.source === 'preferred' && s.selectedUnit !== choice.unit) s.selectUnit(choice.unit);
    // A lesson's fixed probe set (ObserveRequest.probe) holds whichever layer is watched; the Lab has none.
    const probe = s.preferredObserve?.probe;
    if (
      !sameLayer(choice.layer, s.observeLayer ?? 0) ||
      choice.unit !== this.observe.unit ||
      probe?.count !== this.observe.probe?.count
    )
      this.set({ layer: choice.layer, unit: choice.unit, probe });
    else if (s.observeLayer === null) s.setObserveLayer(choice.layer);
  }

  private request(): ObserveRequest {
    return { ...this.observe, layer: this.store.getState().observeLayer ?? 0 };
  }
}
