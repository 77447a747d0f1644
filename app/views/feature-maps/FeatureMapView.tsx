// The feature-map view's body, presentational: which digit in which pass, a strip of the layers
// with image outputs (press one to see what flows through it), and that layer's input and output
// as one small canvas per channel, each row on its own diverging colour scale, with a sentence and
// a per-channel list for screen readers. Props only, so browser tests render it from a fixed result.

import { type ReactNode, useEffect, useId, useRef } from 'react';
import type { FeatureMaps, LayerInfo } from '#engine';
import { DIVERGING_GRADIENT } from '../../colors.ts';
import {
  beforeAfter,
  channelPixels,
  channelSummaries,
  defaultStage,
  formatValue,
  inputRow,
  type MapRow,
  type MapStage,
  mapStages,
  mapsText,
  passText,
  rowStats,
  rowSummary,
  stageName,
  tileSide,
} from './feature-map-layout.ts';
import './feature-maps.css';

export const FEATURE_MAPS_TITLE = 'Feature maps of the served digit';

export interface FeatureMapViewProps {
  result: FeatureMaps | null;
  /** The run's layers (the network diagram's list), for names and numbers. */
  layers: readonly LayerInfo[];
  /** The picked layer index (the store's observed layer), or null for the default. */
  picked: number | null;
  onPick: (index: number) => void;
  /** The step of the model that produced `result`. */
  step: number | null;
  /** Why the shown maps may no longer match the controls or the model, or null. */
  stale: string | null;
  pending: boolean;
  failure: string | null;
  /** Controls (run, digit, mode, batch size). */
  controls?: ReactNode;
}

export function FeatureMapView(props: FeatureMapViewProps) {
  const { result } = props;
  const titleId = useId();
  const stages = result ? mapStages(result, props.layers) : [];
  const shown = defaultStage(stages, props.picked);
  const pair = result && shown !== null ? beforeAfter(result, stages, shown) : null;
  const stage = stages.find((s) => s.index === shown) ?? null;
  return (
    <section className="fmap-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {FEATURE_MAPS_TITLE}
      </h2>
      {props.controls && <div className="fmap-controls">{props.controls}</div>}
      {props.failure && (
        <p className="notice notice-error" role="alert">
          The engine could not compute the maps: {props.failure}
        </p>
      )}
      {result ? (
        <>
          <div className="fmap-pass">
            <MapTile row={inputRow(result)} channel={0} scale={rowStats(result.input.values).scale} />
            <p role="status">
              {passText(result)}
              {props.step !== null && `, model at step ${props.step}`}
              {props.stale && <span className="fmap-stale"> ({props.stale})</span>}
            </p>
          </div>
          <StageStrip stages={stages} shown={shown} onPick={props.onPick} />
          {pair && stage && (
            <div className={props.stale ? 'fmap-pair fmap-pair-stale' : 'fmap-pair'}>
              <MapRowView
                heading={`Into ${stageName(stage)}`}
                source={pair.before.index >= 0 ? `what ${pair.before.name} returned` : pair.before.name}
                row={pair.before}
              />
              <MapRowView heading={`Out of ${stageName(stage)}`} row={pair.after} />
              <p className="hint fmap-legend">
                <span className="fmap-swatch" style={{ background: DIVERGING_GRADIENT }} aria-hidden />
                Blue below zero, white at zero, orange above; each row on its own scale (±its largest
                |value|), so its channels compare with each other.
              </p>
            </div>
          )}
        </>
      ) : (
        <p className="hint">{props.pending ? 'Computing the maps…' : 'Waiting for the model…'}</p>
      )}
    </section>
  );
}

function StageStrip({
  stages,
  shown,
  onPick,
}: {
  stages: readonly MapStage[];
  shown: number | null;
  onPick: (index: number) => void;
}) {
  return (
    <ol className="fmap-stages" aria-label="Layers with feature maps">
      {stages.map((s) => (
        <li key={s.index}>
          <button
            type="button"
            className={`fmap-stage fmap-stage-${s.role}`}
            aria-pressed={s.index === shown}
            aria-label={`Show what flows through ${stageName(s)} (output ${s.shape})`}
            onClick={() => onPick(s.index)}
          >
            <span className="fmap-stage-num">{s.number}</span> {s.title}
          </button>
        </li>
      ))}
    </ol>
  );
}

function MapRowView({ heading, row, source }: { heading: string; row: MapRow; source?: string }) {
  const stats = rowStats(row.values);
  const channels = row.shape[0];
  const summary = rowSummary(row);
  const side = tileSide(row.shape[2]);
  return (
    <figure className="fmap-row">
      <figcaption>
        <strong>{heading}</strong>
        {source ? ` (${source})` : ''}: {mapsText(row.shape)}, scale ±{formatValue(stats.scale)}
      </figcaption>
      <div className="fmap-tiles" role="img" aria-label={`${heading}: ${summary}`}>
        {channelNumbers(channels).map((ch) => (
          <MapTile key={ch} row={row} channel={ch} scale={stats.scale} side={side} />
        ))}
      </div>
      <ul className="sr-only" aria-label={`${heading}, per channel`}>
        {channelSummaries(row).map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
    </figure>
  );
}

function channelNumbers(count: number): number[] {
  return Array.from({ length: count }, (_, ch) => ch);
}

/** One channel on a canvas of its own pixel size, magnified without smoothing. */
function MapTile({
  row,
  channel,
  scale,
  side,
}: {
  row: Pick<MapRow, 'shape' | 'values'>;
  channel: number;
  scale: number;
  side?: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [, h, w] = row.shape;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(channelPixels(row, channel, scale), w, h), 0, 0);
  }, [row, channel, scale, w, h]);
  const px = side ?? tileSide(w);
  return (
    <canvas
      ref={ref}
      className="fmap-tile"
      width={w}
      height={h}
      style={{ width: px, height: (px * h) / w }}
      aria-hidden
    />
  );
}
