// The network as blocks left to right (wrapping on narrow screens): each layer's kind, output
// shape and parameter count, normalizers in their normalizer colour. Each block is a toggle
// button: pressing it points the activation, channel and inspector views at that layer. On 2-D data
// each network row also pictures its hidden units over the input plane (UnitMaps.tsx): the first
// UNIT_MAP_MAX_LAYERS layers, of the run the reader picks when several share the network, behind a
// toggle that hides them (and stops their requests).
// `NetworkBlocks` takes props (for tests); `NetworkDiagram` is the live one.

import type { CSSProperties } from 'react';
import { useId, useMemo, useState } from 'react';
import type { ExperimentConfig, LayerInfo } from '#engine';
import { NORM_COLOR } from '../../colors.ts';
import { selectObservedLayer } from '../../runtime/actions.ts';
import { observedLayer, store, useStore } from '../../store/index.ts';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { pickedRun } from '../../ui/use-picked-run.ts';
import { formatShape, layerBlocks, networkSignature, placementText } from './network-layout.ts';
import { LiveUnitMaps, UnitMapsLegend } from './UnitMaps.tsx';
import { picturableLayerCount, UNIT_MAP_MAX_LAYERS, unitMapLayers } from './unit-maps-layout.ts';
import './model.css';

export interface NetworkBlocksProps {
  layers: readonly LayerInfo[];
  /** Index of the selected (observed) layer, or null. */
  selected: number | null;
  onSelect: (index: number) => void;
  /** Shape of one input sample, shown as the first (inert) block. */
  input?: readonly number[];
  /** Names the list, e.g. "Network layers of BatchNorm". */
  label?: string;
}

export function NetworkBlocks({
  layers,
  selected,
  onSelect,
  input,
  label = 'Network layers',
}: NetworkBlocksProps) {
  const blocks = useMemo(() => layerBlocks(layers), [layers]);
  return (
    <ol className="net-blocks" aria-label={label}>
      {input && (
        <li className="net-item">
          <div className="net-block net-input">
            <span className="net-num">in</span>
            <span className="net-kind">input</span>
            <span className="net-shape">{formatShape(input)}</span>
          </div>
        </li>
      )}
      {blocks.map((b) => (
        <li className="net-item" key={b.index}>
          <button
            type="button"
            className={`net-block net-${b.role}`}
            aria-pressed={selected === b.index}
            aria-label={b.name}
            title={b.params ? `${b.name}, ${b.params}` : b.name}
            style={b.norm ? ({ '--norm-color': NORM_COLOR[b.norm] } as CSSProperties) : undefined}
            onClick={() => onSelect(b.index)}
          >
            <span className="net-num">{b.number}</span>
            <span className="net-kind">{b.title}</span>
            <span className="net-shape">{b.shape}</span>
            {b.params && <span className="net-params">{b.params}</span>}
          </button>
        </li>
      ))}
    </ol>
  );
}

/**
 * Without a pick, a comparison watches each run's first activation (its input is the
 * pre-activation, wherever the normalizer sits), so each row marks its own.
 */
function firstActivation(layers: readonly LayerInfo[]): number | null {
  return layers.find((l) => l.kind === 'relu' || l.kind === 'tanh' || l.kind === 'sigmoid')?.index ?? null;
}

/** Whether a network row pictures its units: 2-D points in, hidden layers to picture. */
function hasUnitMaps(g: { config: ExperimentConfig; layers: readonly LayerInfo[] }): boolean {
  return g.config.dataset !== 'mnist' && unitMapLayers(g.layers).length > 0;
}

function inputShape(config: ExperimentConfig): number[] {
  return config.dataset === 'mnist' ? [1, 28, 28] : [2];
}

/** The live network of the current run(s), one row per distinct network in a comparison. */
export function NetworkDiagram() {
  const runKey = useStore((s) =>
    s.runs.map((r) => `${r.id}|${r.label}|${r.color}|${networkSignature(r.layers)}`).join(','),
  );
  const explicit = useStore((s) => s.selectedLayer);
  const observed = useStore(observedLayer);
  const pictures = useStore((s) => s.unitPictures);
  /**
   * The reader's pick of the run whose units a row pictures, keyed by the row's first run: one pick
   * per row (usePickedRun holds one), kept while the pictures are hidden; the rule is `pickedRun`.
   */
  const [picked, setPicked] = useState<Record<string, string>>({});
  const titleId = useId();
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the runs or their networks change
  const runs = useMemo(() => store.getState().runs, [runKey]);
  const groups = useMemo(() => {
    const out: {
      labels: string[];
      members: { id: string; label: string; color: string }[];
      layers: LayerInfo[];
      config: ExperimentConfig;
    }[] = [];
    for (const r of runs) {
      if (r.layers.length === 0) continue;
      const member = { id: r.id, label: r.label, color: r.color };
      const same = out.find((g) => networkSignature(g.layers) === networkSignature(r.layers));
      if (same) {
        same.labels.push(r.label);
        same.members.push(member);
      } else out.push({ labels: [r.label], members: [member], layers: r.layers, config: r.config });
    }
    return out;
  }, [runs]);
  return (
    <section className="chart net-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        Network
      </h2>
      {groups.some(hasUnitMaps) && (
        <div className="unit-maps-toggle">
          <button
            type="button"
            aria-expanded={pictures}
            onClick={() => store.getState().setUnitPictures(!pictures)}
          >
            {pictures ? 'Hide unit pictures' : 'Show unit pictures'}
          </button>
          {!pictures && (
            <span className="hint"> each hidden unit's output over the input plane, as training goes</span>
          )}
        </div>
      )}
      {groups.length === 0 && (
        <p className="model-note">{runs.length === 0 ? 'Press Play to train.' : 'Building the network…'}</p>
      )}
      {groups.map((g) => {
        const who = g.labels.join(', ');
        const groupsNote = g.config.norm === 'groupnorm' ? ` GroupNorm uses ${g.config.groups} groups.` : '';
        return (
          <div className="net-row" key={who}>
            {groups.length > 1 && <div className="net-run">{who}</div>}
            <p className="net-placement">
              {placementText(g.layers, g.config.placement)}
              {groupsNote}
            </p>
            <NetworkBlocks
              layers={g.layers}
              selected={explicit ?? (runs.length > 1 ? firstActivation(g.layers) : observed)}
              onSelect={(index) => selectObservedLayer(index)}
              input={inputShape(g.config)}
              label={groups.length > 1 ? `Network layers of ${who}` : 'Network layers'}
            />
            {pictures && hasUnitMaps(g) && (
              <RowUnitMaps group={g} named={groups.length > 1} picked={picked} onPick={setPicked} />
            )}
          </div>
        );
      })}
      {pictures && groups.some(hasUnitMaps) && <UnitMapsLegend />}
      {groups.length > 0 && (
        <p className="hint">
          Press a layer to watch it in the activation, channel and inspector views
          {groups.length > 1 ? ' (the same position in every run).' : '.'}
        </p>
      )}
    </section>
  );
}

/** One network row's unit pictures: of its first run, or of the run the reader picks. */
function RowUnitMaps({
  group,
  named,
  picked,
  onPick,
}: {
  group: { members: { id: string; label: string; color: string }[]; layers: LayerInfo[] };
  /** Whether the pictures name their run even when it is the row's only one (several rows). */
  named: boolean;
  picked: Record<string, string>;
  onPick: (update: (p: Record<string, string>) => Record<string, string>) => void;
}) {
  const rowKey = group.members[0].id;
  // A row is never empty, so it always has a run to show.
  const run = pickedRun(group.members, picked[rowKey] ?? null) ?? group.members[0];
  const total = picturableLayerCount(group.layers);
  return (
    <>
      <RunPicker
        runs={group.members}
        value={run.id}
        onChange={(id) => onPick((p) => ({ ...p, [rowKey]: id }))}
        label="Unit pictures of run"
      />
      <LiveUnitMaps
        key={`${run.id}|${networkSignature(group.layers)}`}
        runId={run.id}
        layers={group.layers}
        layerIndices={unitMapLayers(group.layers, UNIT_MAP_MAX_LAYERS)}
        who={named || group.members.length > 1 ? run.label : undefined}
      />
      {total > UNIT_MAP_MAX_LAYERS && (
        <p className="hint">
          The first {UNIT_MAP_MAX_LAYERS} of {total} hidden layers are pictured.
        </p>
      )}
    </>
  );
}
