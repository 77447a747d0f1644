// The network diagram's unit pictures (TensorFlow Playground's neurons): for a 2-D data set, each
// hidden unit's output over the input plane as a small picture, grouped by the diagram's layer
// numbers; a normalized network shows each normalizer's input and output beside the activation.
// Computed by the run's worker in eval mode (`unitMaps` request; nothing of the run changes) when
// training pauses and, while the pictures are on screen, every UNIT_MAP_REFRESH_MS while it trains.
// Hover (or focus and arrow keys) shows one picture larger with its numbers. `UnitMapsView` takes
// props (tests); `LiveUnitMaps` asks.
// A stage's pictures share ONE canvas, under its row of tiles (buttons that frame each picture):
// the browser composites every canvas as a layer of its own and makes a new resource for each
// redrawn one, and a canvas per picture (240 for a 10-layer BatchNorm net) made each refresh a
// frame of ~100 ms of main-thread CPU (README.md, 'The Lab's largest settings'). Each list's
// canvas is painted in a turn of the live charts' shared frame budget (ui/live.ts `drawSoon`).

import {
  type KeyboardEvent,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { LayerInfo, UnitMaps } from '#engine';
import { DIVERGING_GRADIENT, divergingPixels } from '../../colors.ts';
import { controller } from '../../runtime/app-controller.ts';
import { drawSoon, useOnScreen } from '../../ui/live.ts';
import { formatValue } from '../feature-maps/feature-map-layout.ts';
import { useRunMeasurement } from '../run-measurement.ts';
import {
  stageSummary,
  UNIT_MAP_REFRESH_MS,
  UNIT_MAP_RES,
  UNIT_MAP_UNITS,
  type UnitStage,
  unitGroups,
  unitSummary,
} from './unit-maps-layout.ts';

/** A pause asks after this delay, so a burst of steps sends one request. */
const ASK_DELAY_MS = 300;
/** On-screen side of the enlarged picture, CSS px (a tile shows its picture at 1 CSS px per value). */
const ZOOM_PX = 132;
/** A tile's frame (its border) and the space between tiles, CSS px: where a stage's canvas puts each picture. */
const TILE_BORDER = 1;
const TILE_GAP = 2;

/** Where unit `unit`'s picture starts on its stage's canvas (and its tile, frame included, 1 px before). */
export function tileLeft(unit: number, res: number): number {
  return unit * (res + 2 * TILE_BORDER + TILE_GAP) + TILE_BORDER;
}

export interface UnitMapsViewProps {
  result: UnitMaps | null;
  /** The run's layers (the diagram's list), for names and numbers. */
  layers: readonly LayerInfo[];
  /** The step of the model that produced `result`. */
  step: number | null;
  pending: boolean;
  failure: string | null;
  /** Names whose units these are, in a comparison ("BatchNorm"). */
  who?: string;
}

interface Active {
  stage: number;
  unit: number;
}

export function UnitMapsView({ result, layers, step, pending, failure, who }: UnitMapsViewProps) {
  const res = result?.res ?? UNIT_MAP_RES;
  // Once per answer: a hover, a focus or a Play press re-renders the view with the same answer,
  // and new stage objects would repaint every list and recompute every tile's summary.
  const groups = useMemo(() => (result ? unitGroups(result, layers) : []), [result, layers]);
  const stages = useMemo(() => groups.flatMap((g) => g.stages), [groups]);
  const summaries = useMemo(
    () => stages.map((stage) => Array.from({ length: stage.shown }, (_, u) => unitSummary(stage, u, res))),
    [stages, res],
  );
  /** A tile's side, frame included (boxes are border-box). */
  const tileSide = res + 2 * TILE_BORDER;
  /** The picture shown larger (hovered or focused), or null. */
  const [active, setActive] = useState<Active | null>(null);
  /** The one picture in the tab order (roving focus): the last one focused. */
  const [cursor, setCursor] = useState<Active>({ stage: 0, unit: 0 });
  const body = useRef<HTMLDivElement>(null);
  /** The focused picture: leaving a hovered one goes back to it. */
  const focused = useRef<Active | null>(null);
  const title = who ? `Hidden units of ${who}` : 'Hidden units';
  const valid = (a: Active | null) =>
    a !== null && stages[a.stage] !== undefined && a.unit < stages[a.stage].shown;
  const shown = valid(active) ? active : null;
  const tabStop = valid(cursor) ? cursor : { stage: 0, unit: 0 };

  const focusUnit = (to: Active) => {
    body.current
      ?.querySelector<HTMLButtonElement>(`[data-stage="${to.stage}"][data-unit="${to.unit}"]`)
      ?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, at: Active) => {
    const clampUnit = (s: number, u: number) => Math.max(0, Math.min(stages[s].shown - 1, u));
    const moves: Record<string, () => Active> = {
      ArrowRight: () => ({ stage: at.stage, unit: clampUnit(at.stage, at.unit + 1) }),
      ArrowLeft: () => ({ stage: at.stage, unit: clampUnit(at.stage, at.unit - 1) }),
      ArrowDown: () => {
        const s = Math.min(stages.length - 1, at.stage + 1);
        return { stage: s, unit: clampUnit(s, at.unit) };
      },
      ArrowUp: () => {
        const s = Math.max(0, at.stage - 1);
        return { stage: s, unit: clampUnit(s, at.unit) };
      },
      Home: () => ({ stage: 0, unit: 0 }),
      End: () => ({ stage: stages.length - 1, unit: stages[stages.length - 1].shown - 1 }),
    };
    if (e.key === 'Escape') {
      setActive(null);
      return;
    }
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    focusUnit(move());
  };

  return (
    <section className="unit-maps" aria-label={title}>
      <p className="unit-maps-head">
        <strong>{title}</strong> over the input plane · eval mode
        {step !== null && ` · model at step ${step.toLocaleString('en-US')}`}
      </p>
      {failure && (
        <p className="notice notice-error" role="alert">
          The engine could not compute the unit pictures: {failure}
        </p>
      )}
      {result ? (
        <div ref={body} className="unit-maps-body">
          {groups.map((g) => (
            <div className="unit-group" key={g.number}>
              <div className="unit-group-title">{g.text}</div>
              <div className="unit-stages">
                {g.stages.map((stage) => {
                  const s = stages.indexOf(stage);
                  return (
                    <figure className="unit-stage" key={stage.index}>
                      <figcaption aria-hidden>{stage.title}</figcaption>
                      <div className="unit-strip">
                        <StageCanvas stage={stage} res={res} />
                        <ul className="unit-tiles" aria-label={stageSummary(stage)} style={{ gap: TILE_GAP }}>
                          {Array.from({ length: stage.shown }, (_, u) => {
                            const at = { stage: s, unit: u };
                            return (
                              // biome-ignore lint/suspicious/noArrayIndexKey: a unit is its position
                              <li key={u}>
                                <button
                                  type="button"
                                  className={
                                    shown?.stage === s && shown.unit === u
                                      ? 'unit-tile unit-tile-active'
                                      : 'unit-tile'
                                  }
                                  data-stage={s}
                                  data-unit={u}
                                  tabIndex={tabStop.stage === s && tabStop.unit === u ? 0 : -1}
                                  aria-label={summaries[s][u]}
                                  onPointerEnter={() => setActive(at)}
                                  onPointerLeave={() => setActive(focused.current)}
                                  onClick={() => setActive(at)}
                                  onFocus={() => {
                                    focused.current = at;
                                    setCursor(at);
                                    setActive(at);
                                  }}
                                  onBlur={(e) => {
                                    if (body.current?.contains(e.relatedTarget as Node | null)) return;
                                    focused.current = null;
                                    setActive(null);
                                  }}
                                  onKeyDown={(e) => onKeyDown(e, at)}
                                  style={{ width: tileSide, height: tileSide, borderWidth: TILE_BORDER }}
                                />
                              </li>
                            );
                          })}
                        </ul>
                      </div>
                    </figure>
                  );
                })}
              </div>
            </div>
          ))}
          {shown && <Zoom body={body} stage={stages[shown.stage]} unit={shown.unit} res={res} />}
        </div>
      ) : (
        <p className="hint">{pending ? 'Computing the unit pictures…' : 'Waiting for the model…'}</p>
      )}
    </section>
  );
}

/** What the pictures show, how they are computed and coloured: once under the diagram's rows. */
export function UnitMapsLegend() {
  return (
    <p className="hint unit-maps-legend">
      Unit pictures: each is one hidden unit's output over the input plane (the decision boundary's square),
      the first {UNIT_MAP_UNITS} units of each layer; with a normalizer, its input and its output beside the
      activation's. Computed in eval mode: normalizers use their running statistics, so no batch is involved.{' '}
      <span className="unit-swatch" style={{ background: DIVERGING_GRADIENT }} aria-hidden /> Blue below zero,
      white at zero, orange above; each row on its own scale (± its largest |value|), so its units compare.
      Hover or tap a picture, or focus one and use the arrow keys, to see it larger.
    </p>
  );
}

/** A stage's pictures side by side on one canvas, each at 1 CSS px per value, under its tile. */
function StageCanvas({ stage, res }: { stage: UnitStage; res: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const width = tileLeft(stage.shown, res) - TILE_GAP - TILE_BORDER;
  const height = res + 2 * TILE_BORDER;
  // Each list in its own turn of the shared frame budget: a deep net's answer (30 lists of 8)
  // is painted over a few frames instead of in the task that brought it.
  useEffect(
    () =>
      drawSoon(() => {
        const ctx = ref.current?.getContext('2d');
        if (!ctx) return;
        const n = res * res;
        ctx.clearRect(0, 0, width, height);
        for (let u = 0; u < stage.shown; u++) {
          const pixels = divergingPixels(stage.values, u * n, n, stage.scale);
          ctx.putImageData(new ImageData(pixels, res, res), tileLeft(u, res), TILE_BORDER);
        }
      }),
    [stage, res, width, height],
  );
  return <canvas ref={ref} className="unit-strip-canvas" width={width} height={height} aria-hidden />;
}

/** One unit's picture: a res x res canvas magnified to `px` CSS pixels (the enlarged one). */
function UnitCanvas({ stage, unit, res, px }: { stage: UnitStage; unit: number; res: number; px: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const n = res * res;
    ctx.putImageData(new ImageData(divergingPixels(stage.values, unit * n, n, stage.scale), res, res), 0, 0);
  }, [stage, unit, res]);
  return (
    <canvas
      ref={ref}
      className="unit-canvas"
      width={res}
      height={res}
      style={{ width: px, height: px }}
      aria-hidden
    />
  );
}

/** The active picture, larger, above its tile (below when there is no room), inside the grid's box. */
function Zoom({
  body,
  stage,
  unit,
  res,
}: {
  body: RefObject<HTMLDivElement | null>;
  stage: UnitStage;
  unit: number;
  res: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: placed again for each new picture (its tile moved)
  useLayoutEffect(() => {
    const root = body.current;
    const tile = root?.querySelector<HTMLElement>('.unit-tile-active');
    const self = box.current;
    if (!root || !tile || !self) return;
    const r = root.getBoundingClientRect();
    const t = tile.getBoundingClientRect();
    const w = self.offsetWidth;
    const h = self.offsetHeight;
    const left = Math.max(0, Math.min(r.width - w, t.left - r.left + t.width / 2 - w / 2));
    const above = t.top - r.top - h - 6;
    setAt({ left, top: above >= 0 ? above : t.bottom - r.top + 6 });
  }, [body, stage, unit]);
  return (
    <div
      ref={box}
      className="unit-zoom"
      style={at ? { left: at.left, top: at.top } : { visibility: 'hidden' }}
      role="status"
    >
      <UnitCanvas stage={stage} unit={unit} res={res} px={ZOOM_PX} />
      <p>
        <strong>
          {stage.name}, unit {unit + 1} of {stage.units}
        </strong>
        <br />
        {zoomRange(stage, unit, res)}
      </p>
    </div>
  );
}

function zoomRange(stage: UnitStage, unit: number, res: number): string {
  const n = res * res;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < n; p++) {
    lo = Math.min(lo, stage.values[unit * n + p]);
    hi = Math.max(hi, stage.values[unit * n + p]);
  }
  return `${formatValue(lo)} to ${formatValue(hi)} over the plane`;
}

interface Answer {
  step: number;
  maps: UnitMaps;
}

/**
 * The pictures of run `runId`'s units at `layerIndices`, asked of its worker when training pauses
 * (and on mount) and, while they are on screen, every UNIT_MAP_REFRESH_MS while it trains, one
 * request at a time: a reader watching the curves costs the race nothing.
 */
export function LiveUnitMaps({
  runId,
  layers,
  layerIndices,
  who,
}: {
  runId: string;
  layers: readonly LayerInfo[];
  layerIndices: readonly number[];
  who?: string;
}) {
  const layerKey = layerIndices.join(',');
  const ask = useCallback(
    async (signal: AbortSignal): Promise<Answer> => {
      const reply = await controller().request(
        {
          type: 'unitMaps',
          runId,
          res: UNIT_MAP_RES,
          layers: layerKey.split(',').map(Number),
          units: UNIT_MAP_UNITS,
        },
        signal,
      );
      return { step: reply.step, maps: reply.result };
    },
    [runId, layerKey],
  );
  const box = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(box);
  const { result, pending, failure } = useRunMeasurement<Answer>(
    runId,
    ask,
    ASK_DELAY_MS,
    onScreen ? UNIT_MAP_REFRESH_MS : undefined,
  );
  return (
    <div ref={box}>
      <UnitMapsView
        result={result?.maps ?? null}
        layers={layers}
        step={result?.step ?? null}
        pending={pending}
        failure={failure}
        who={who}
      />
    </div>
  );
}
