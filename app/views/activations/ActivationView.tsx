// "Activation distributions": the observed layer's values before and after it (this batch),
// the tracked unit's input percentiles over training, and the layer's histograms over
// training, for every run of a comparison on shared axes. Reads the store and the metric
// histories (app/runtime/metrics.ts); the charts themselves are presentational.

import { useMemo, useRef } from 'react';
import type { LayerInfo } from '#engine';
import { metricsFor } from '../../runtime/metrics.ts';
import { runLayer, type Store, store, useStore } from '../../store/index.ts';
import type { RunView } from '../../store/run-slice.ts';
import { useLiveTick } from '../../ui/live.ts';
import { layerText, observedName } from '../layer-names.ts';
import { probeText } from './bands-layout.ts';
import { type HeatmapSource, HistogramHeatmap } from './HistogramHeatmap.tsx';
import { HistogramPairs } from './HistogramPairs.tsx';
import type { HistogramInput } from './histogram-layout.ts';
import { type BandSource, PercentileBands } from './PercentileBands.tsx';
import './activations.css';

export const PLAY_TEXT = 'Press Play to see the distributions.';
export const NO_DATA_TEXT = 'This layer has no data yet.';

interface Props {
  /** Show only these runs (default: every run). */
  runIds?: string[];
}

function pick(runs: RunView[], runIds: string[] | undefined): RunView[] {
  return runIds ? runs.filter((r) => runIds.includes(r.id)) : runs;
}

/** The layer whose data the histories hold; before the first snapshot, the one the run will observe. */
function observedLayer(s: Store, run: RunView): number | null {
  return metricsFor(run.id).observedLayer ?? runLayer(s, run);
}

function layerOf(run: RunView, index: number | null): LayerInfo | undefined {
  return index === null ? undefined : run.layers.find((l) => l.index === index);
}

/** "channel" when the layer's input is an image tensor (C, H, W), else "unit". */
function unitNoun(run: RunView | undefined, index: number | null): string {
  if (!run || index === null || index === 0) return 'unit';
  const previous = layerOf(run, index - 1);
  return previous && previous.shape.length >= 3 ? 'channel' : 'unit';
}

/** The current batch's histograms re-render at most this often while training (5 per second). */
export const HISTOGRAM_INTERVAL_MS = 200;

/** The current batch's histograms; React-rendered, while on screen, every HISTOGRAM_INTERVAL_MS. */
function LiveHistogramPairs({
  runs,
  kinds,
  emptyText,
  height,
}: {
  runs: RunView[];
  kinds: (string | null)[];
  emptyText: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useLiveTick(ref, HISTOGRAM_INTERVAL_MS);
  const current = store.getState().runs;
  const inputs: HistogramInput[] = runs.map((r, i) => {
    const m = metricsFor(r.id);
    const rows = m.inputHistograms;
    return {
      id: r.id,
      label: r.label,
      color: r.color,
      kind: kinds[i],
      histograms: m.latest?.histograms ?? null,
      step:
        rows && rows.length > 0
          ? rows.steps[rows.length - 1]
          : (current.find((c) => c.id === r.id)?.step ?? null),
    };
  });
  return (
    <div ref={ref}>
      <HistogramPairs runs={inputs} emptyText={emptyText} height={height} />
    </div>
  );
}

/**
 * Only the current batch's histograms before and after the observed layer, for every run: the
 * home page's hero shows this one picture of the view.
 */
export function BatchHistograms({ height, emptyText }: { height?: number; emptyText: string }) {
  const runKey = useStore((s) => s.runs.map((r) => `${r.id}|${r.label}|${r.color}`).join('\n'));
  const kindsKey = useStore((s) => s.runs.map((r) => layerOf(r, observedLayer(s, r))?.kind ?? '').join('\n'));
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the set of runs changes, not per round
  const runs = useMemo(() => store.getState().runs, [runKey]);
  const kinds = kindsKey.split('\n').map((k) => k || null);
  return <LiveHistogramPairs runs={runs} kinds={kinds} emptyText={emptyText} height={height} />;
}

export function ActivationView({ runIds }: Props = {}) {
  const idsKey = runIds?.join('\n') ?? '';
  // Only the identity of the runs matters here; per-round numbers redraw the charts, not this.
  const runKey = useStore((s) =>
    pick(s.runs, runIds)
      .map((r) => `${r.id}|${r.label}|${r.color}`)
      .join('\n'),
  );
  const layerKey = useStore((s) => {
    const runs = pick(s.runs, runIds);
    const layer = runs.length > 0 ? observedLayer(s, runs[0]) : s.selectedLayer;
    const kinds = runs.map((r) => layerOf(r, observedLayer(s, r))?.kind ?? '');
    const names = runs.map((r) => {
      const own = observedLayer(s, r);
      return own === null ? '' : (layerText(r.layers, own) ?? '');
    });
    return JSON.stringify({ layer, kinds, names, noun: unitNoun(runs[0], layer) });
  });
  const unit = useStore((s) => s.selectedUnit);
  const over = useStore((s) => probeText(s.preferredObserve?.probe?.count ?? 0, s.config.dataset));
  const state = useStore((s) => {
    const runs = pick(s.runs, runIds);
    if (runs.some((r) => metricsFor(r.id).latest !== null)) return 'data';
    return runs.some((r) => r.step > 0) ? 'no-data' : 'idle';
  });
  const { layer, kinds, names, noun } = JSON.parse(layerKey) as {
    layer: number | null;
    kinds: string[];
    names: string[];
    noun: string;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the set of runs changes, not per round
  const { runs, bandSources, heatSources } = useMemo(() => {
    const runs = pick(store.getState().runs, runIds);
    const bandSources: BandSource[] = runs.map((r) => ({
      id: r.id,
      label: r.label,
      color: r.color,
      percentiles: () => metricsFor(r.id).unitPercentiles,
    }));
    const heatSources: HeatmapSource[] = runs.map((r) => ({
      id: r.id,
      label: r.label,
      color: r.color,
      input: () => metricsFor(r.id).inputHistograms,
      output: () => metricsFor(r.id).outputHistograms,
      range: () => metricsFor(r.id).histogramRange,
      outputRange: () => metricsFor(r.id).outputRange,
    }));
    return { runs, bandSources, heatSources };
  }, [runKey, idsKey]);

  const emptyText =
    state === 'idle'
      ? PLAY_TEXT
      : state === 'no-data'
        ? `${NO_DATA_TEXT} It appears after the next training step.`
        : NO_DATA_TEXT;
  const header = layer === null ? 'No layer picked' : observedName(names, kinds);

  return (
    <section className="act-view" aria-label="Activation distributions">
      <header className="act-header">
        <h2 className="chart-title">Activation distributions</h2>
        <span className="act-layer">{header}</span>
      </header>
      {runs.length === 0 ? (
        <p className="act-empty">
          {`${PLAY_TEXT} You will see this layer's values before and after it, how one ${noun}'s input spreads over training, and its histograms over time.`}
        </p>
      ) : (
        // The charts are there, empty, before the first step: mounting them all in the round that
        // brings the first data made pressing Play stall the page for ~100 ms.
        <>
          <LiveHistogramPairs runs={runs} kinds={kinds.map((k) => k || null)} emptyText={emptyText} />
          <PercentileBands
            sources={bandSources}
            unitLabel={`${noun} ${unit}`}
            over={over}
            emptyText={emptyText}
          />
          <HistogramHeatmap sources={heatSources} emptyText={emptyText} />
        </>
      )}
    </section>
  );
}
