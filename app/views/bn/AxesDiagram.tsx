// The normalization-axes diagram: an (N, C, H×W) block drawn like the GroupNorm paper's
// figure, with the sets of values that share one mean and variance coloured for BN / LN / GN /
// IN / RMSNorm. Each set is a focusable button (arrow keys move between sets); choosing one
// shows its live statistics, pooled exactly from the current batch's per-cell statistics.
// AxesFigure is presentational (props only); AxesDiagram reads the store and the metrics.

import { type KeyboardEvent, type MouseEvent, memo, type ReactNode, useId, useRef, useState } from 'react';
import { CELL_MAX_CHANNELS, CELL_MAX_SAMPLES, largestCommonDivisorAtMost, normInfo } from '#engine';
import { NORM_COLOR } from '../../colors.ts';
import { metricsFor } from '../../runtime/metrics.ts';
import { useStore } from '../../store/index.ts';
import { Slider } from '../../ui/controls.tsx';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { useWidth } from '../../ui/use-width.ts';
import { layoutAxes, setShade } from './axes-layout.ts';
import { formatValue } from './inspector-math.ts';
import {
  type Cells,
  divisors,
  groupStats,
  isSetNorm,
  type NormSet,
  normSets,
  poolCells,
  SET_NORM_LABEL,
  SET_NORMS,
  type SetNorm,
  setContaining,
  setLabel,
} from './set-stats.ts';
import { useObserved, useThrottledSnapshot } from './use-observed.ts';
import './bn.css';

export const AXES_TITLE = 'Which values share one mean and variance';
export const NOT_TRAINING = 'Not training yet: press Play to see live statistics.';
/** A trained run with no statistics for this layer yet (another layer was just picked while paused). */
export const NEXT_STEP =
  'No statistics of this layer yet: they come with the next training step (Play or →).';
/** Live statistics refresh at most this often. */
export const AXES_INTERVAL_MS = 500;

export interface AxesFigureProps {
  /** The grid drawn: samples, channels, values per cell (H × W). */
  n: number;
  c: number;
  spatial: number;
  /** Per-cell statistics of the current batch, or null before training. */
  cells: Cells | null;
  norm: SetNorm;
  onNormChange: (norm: SetNorm) => void;
  groups: number;
  onGroupsChange: (groups: number) => void;
  /** The layer's full batch size and channel count, when larger than the grid drawn. */
  batchSize?: number;
  channels?: number;
  toolbar?: ReactNode;
  /** What to say while `cells` is null (default: press Play). */
  waiting?: string;
}

interface Cell {
  sample: number;
  channel: number;
}

/** The statistics of the chosen set, in words. */
function setStatsText(norm: SetNorm, set: NormSet, cells: Cells): string {
  if (set.sample1 > cells.n || set.channel1 > cells.c)
    return 'This set lies outside the statistics of this batch.';
  const stats = poolCells(cells, set);
  if (!stats) return 'This set has no finite statistics in this batch (the run may have diverged).';
  const k = (set.sample1 - set.sample0) * (set.channel1 - set.channel0);
  const size =
    cells.spatial > 1
      ? `${k} ${k === 1 ? 'cell' : 'cells'} × ${cells.spatial} values = ${stats.count.toLocaleString('en-US')} values`
      : `${stats.count} ${stats.count === 1 ? 'value' : 'values'}`;
  if (!normInfo(norm).centers)
    return `${size}. Mean square ${formatValue(stats.meanSquare)} (no mean subtracted), so RMS = ${formatValue(Math.sqrt(stats.meanSquare))}.`;
  return `${size}. Mean ${formatValue(stats.mean)}, variance ${formatValue(stats.variance)} (biased).`;
}

/** One-line summary of every set's statistics (the chart's text alternative). */
function summaryText(norm: SetNorm, groups: number, cells: Cells | null, n: number, c: number): string {
  const name = SET_NORM_LABEL[norm] + (normInfo(norm).shares === 'group' ? ` (G = ${groups})` : '');
  const count = normSets(norm, n, c, groups).length;
  const head = `${name}: ${count} ${count === 1 ? 'set' : 'sets'} on this ${n} × ${c} grid.`;
  if (!cells) return head;
  const stats = groupStats(cells, norm, groups).flatMap((t) => (t.stats ? [t.stats] : []));
  if (stats.length === 0) return head;
  const span = (values: number[]) =>
    `${formatValue(Math.min(...values))} to ${formatValue(Math.max(...values))}`;
  if (!normInfo(norm).centers) return `${head} Mean squares from ${span(stats.map((t) => t.meanSquare))}.`;
  return `${head} Means from ${span(stats.map((t) => t.mean))}; variances from ${span(stats.map((t) => t.variance))}.`;
}

/**
 * The normalizer choice. Memoized: the figure re-renders with every live snapshot, and React
 * rewrites a radio input's name and type on each render.
 */
const NormPicker = memo(function NormPicker({
  norm,
  name,
  onChange,
}: {
  norm: SetNorm;
  name: string;
  onChange: (norm: SetNorm) => void;
}) {
  return (
    <fieldset className="bn-segmented">
      <legend>Normalizer</legend>
      {SET_NORMS.map((k) => (
        <label key={k} className={k === norm ? 'checked' : undefined}>
          <input type="radio" name={name} value={k} checked={k === norm} onChange={() => onChange(k)} />
          {SET_NORM_LABEL[k]}
        </label>
      ))}
    </fieldset>
  );
});

export function AxesFigure({
  n,
  c,
  spatial,
  cells,
  norm,
  onNormChange,
  groups: requestedGroups,
  onGroupsChange,
  batchSize = n,
  channels = c,
  toolbar,
  waiting = NOT_TRAINING,
}: AxesFigureProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = Math.min(useWidth(bodyRef, 480, 240), 640);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const [anchor, setAnchor] = useState<Cell | null>(null);
  const [focusCell, setFocusCell] = useState<Cell>({ sample: 0, channel: 0 });
  const titleId = useId();
  // The largest divisor of c not above the requested count (GroupNorm needs G | C).
  const groups = largestCommonDivisorAtMost([c], requestedGroups);
  const sets = normSets(norm, n, c, groups);
  const layout = layoutAxes(n, c, sets, width, spatial);
  const at = (cell: Cell | null) =>
    cell ? setContaining(sets, Math.min(cell.sample, n - 1), Math.min(cell.channel, c - 1)) : null;
  const selected = at(anchor);
  const active = at(focusCell) ?? sets[0];
  const color = NORM_COLOR[norm];
  const groupOptions = divisors(c);
  const label = SET_NORM_LABEL[norm];

  const choose = (set: NormSet, e: MouseEvent<HTMLButtonElement>) => {
    let cell: Cell = { sample: set.sample0, channel: set.channel0 };
    if (e.detail > 0) {
      // A pointer click: remember the exact cell, so another normalizer highlights its set.
      const box = e.currentTarget.getBoundingClientRect();
      cell = {
        sample:
          set.sample0 +
          Math.min(set.sample1 - set.sample0 - 1, Math.floor((e.clientY - box.top) / layout.cellH)),
        channel:
          set.channel0 +
          Math.min(set.channel1 - set.channel0 - 1, Math.floor((e.clientX - box.left) / layout.cellW)),
      };
    } else if (anchor && at(anchor)?.index === set.index) {
      cell = anchor;
    }
    setAnchor(cell);
    setFocusCell(cell);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFieldSetElement>) => {
    const moves: Record<string, Cell> = {
      ArrowRight: { sample: active.sample0, channel: active.channel1 },
      ArrowLeft: { sample: active.sample0, channel: active.channel0 - 1 },
      ArrowDown: { sample: active.sample1, channel: active.channel0 },
      ArrowUp: { sample: active.sample0 - 1, channel: active.channel0 },
      Home: { sample: 0, channel: 0 },
      End: { sample: n - 1, channel: c - 1 },
    };
    const next = moves[e.key];
    if (!next) return;
    e.preventDefault();
    if (next.sample < 0 || next.sample >= n || next.channel < 0 || next.channel >= c) return;
    const target = setContaining(sets, next.sample, next.channel);
    if (!target) return;
    setFocusCell(next);
    buttons.current[target.index]?.focus();
  };

  const opacity = (t: NormSet, face: number) =>
    (selected?.index === t.index ? 1 : setShade(t) === 0 ? 0.72 : 0.38) * face;
  const gridLines: string[] = [];
  for (let i = 1; i < c; i++) {
    const x = layout.x0 + i * layout.cellW;
    gridLines.push(`M${x},${layout.y0}V${layout.y0 + layout.gridH}`);
  }
  for (let i = 1; i < n; i++) {
    const y = layout.y0 + i * layout.cellH;
    gridLines.push(`M${layout.x0},${y}H${layout.x0 + layout.gridW}`);
  }
  const partial: string[] = [];
  if (batchSize > n) partial.push(`the first ${n} of ${batchSize} samples`);
  if (channels > c) partial.push(`the first ${c} of ${channels} channels`);

  return (
    <section className="bn-view bn-axes" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {AXES_TITLE}
      </h2>
      {toolbar && <div className="bn-controls">{toolbar}</div>}
      <NormPicker norm={norm} name={`${titleId}-norm`} onChange={onNormChange} />
      {normInfo(norm).shares === 'group' && (
        <Slider
          label="Groups (G)"
          value={Math.max(0, groupOptions.indexOf(groups))}
          min={0}
          max={groupOptions.length - 1}
          step={1}
          display={`G = ${groups}: ${c / groups} ${c / groups === 1 ? 'channel' : 'channels'} per group`}
          onChange={(i) => onGroupsChange(groupOptions[i])}
          hint={
            groups === 1
              ? 'G = 1: the same sets as LayerNorm'
              : groups === c
                ? 'G = C: the same sets as InstanceNorm'
                : undefined
          }
        />
      )}
      <div className="bn-axes-body" ref={bodyRef}>
        <div className="bn-axes-figure" style={{ width: layout.width, height: layout.height }}>
          <svg
            width={layout.width}
            height={layout.height}
            role="img"
            aria-label={`A block of ${n} samples (N) by ${c} channels (C), each cell standing for ${spatial} ${spatial === 1 ? 'value' : 'values'} (H × W). ${summaryText(norm, groups, cells, n, c)}`}
          >
            {layout.topFaces.map((f) => (
              <polygon
                key={`t${f.set}`}
                className="bn-face"
                points={f.points}
                style={{ fill: color, fillOpacity: opacity(sets[f.set], 0.8) }}
              />
            ))}
            {layout.sideFaces.map((f) => (
              <polygon
                key={`s${f.set}`}
                className="bn-face"
                points={f.points}
                style={{ fill: color, fillOpacity: opacity(sets[f.set], 0.6) }}
              />
            ))}
            {layout.setRects.map((r, i) => (
              <rect
                key={`r${sets[i].index}`}
                className="bn-set-fill"
                x={r.x}
                y={r.y}
                width={r.w}
                height={r.h}
                style={{ fill: color, fillOpacity: opacity(sets[i], 1) }}
              />
            ))}
            <path className="bn-cell-lines" d={gridLines.join('')} />
            {layout.setRects.map((r, i) => (
              <rect
                key={`o${sets[i].index}`}
                className="bn-set-outline"
                x={r.x}
                y={r.y}
                width={r.w}
                height={r.h}
              />
            ))}
            {selected && (
              <rect
                className="bn-set-selected"
                x={layout.setRects[selected.index].x}
                y={layout.setRects[selected.index].y}
                width={layout.setRects[selected.index].w}
                height={layout.setRects[selected.index].h}
              />
            )}
            <g className="bn-axis-text">
              {layout.sampleTicks.map((t) => (
                <text key={t.label} x={layout.x0 - 5} y={t.y} dy="0.32em" textAnchor="end">
                  {t.label}
                </text>
              ))}
              {layout.channelTicks.map((t) => (
                <text key={t.label} x={t.x} y={layout.y0 + layout.gridH + 13} textAnchor="middle">
                  {t.label}
                </text>
              ))}
              <text
                className="bn-axis-name"
                transform={`translate(10,${layout.y0 + layout.gridH / 2}) rotate(-90)`}
                textAnchor="middle"
              >
                N (samples)
              </text>
              <text
                className="bn-axis-name"
                x={layout.x0 + layout.gridW / 2}
                y={layout.y0 + layout.gridH + 32}
                textAnchor="middle"
              >
                C (channels)
              </text>
              <text className="bn-axis-name" x={layout.x0} y={layout.y0 - layout.dy - 6}>
                H × W = {spatial === 1 ? '1 value per cell (dense layer)' : `${spatial} values per cell`} ↗
              </text>
            </g>
          </svg>
          <fieldset
            className="bn-set-buttons"
            aria-label={`${label} sets: use the arrow keys to move between sets, Enter to show one's statistics`}
            onKeyDown={onKeyDown}
          >
            {sets.map((t) => {
              const r = layout.setRects[t.index];
              return (
                <button
                  key={`${norm}-${t.index}`}
                  ref={(el) => {
                    buttons.current[t.index] = el;
                  }}
                  type="button"
                  className="bn-set"
                  style={{ left: r.x, top: r.y, width: r.w, height: r.h }}
                  tabIndex={t.index === active.index ? 0 : -1}
                  aria-label={setLabel(norm, t, n, c)}
                  aria-pressed={selected?.index === t.index}
                  onClick={(e) => choose(t, e)}
                  onFocus={() => {
                    if (at(focusCell)?.index !== t.index)
                      setFocusCell({ sample: t.sample0, channel: t.channel0 });
                  }}
                />
              );
            })}
          </fieldset>
        </div>
      </div>
      <div className="bn-set-stats" aria-live="polite">
        {!cells ? (
          <p>{waiting}</p>
        ) : selected ? (
          <p>
            <strong>{setLabel(norm, selected, n, c)}</strong>: {setStatsText(norm, selected, cells)}
          </p>
        ) : (
          <p>
            Choose a coloured set (click it, or Tab to the diagram and press Enter) to see its live
            statistics.
          </p>
        )}
      </div>
      <p className="bn-summary">{summaryText(norm, groups, cells, n, c)}</p>
      {normInfo(norm).spatialOnly && spatial === 1 && (
        <p className="bn-note">
          Each cell here is a single value (a dense layer), so an {label} set holds one value and its variance
          is 0: {label} needs H × W &gt; 1.
        </p>
      )}
      {partial.length > 0 && (
        <p className="bn-note">
          The diagram shows {partial.join(' and ')}; the statistics are over the values drawn.
        </p>
      )}
    </section>
  );
}

/** The live diagram of the observed layer's input. */
export function AxesDiagram() {
  const { runs } = useObserved();
  // In none vs BatchNorm the diagram starts on the BN run: a run that normalizes first.
  const { run, pick } = usePickedRun(runs, (r) => r.norm !== 'none');
  // Start from (and follow) the run's own normalizer and group count; the reader can explore others.
  const runNorm = run?.norm ?? 'batchnorm';
  const runGroups = run?.groups ?? 1;
  const [followed, setFollowed] = useState({ norm: runNorm, groups: runGroups });
  const [norm, setNorm] = useState<SetNorm>(isSetNorm(runNorm) ? runNorm : 'batchnorm');
  const [groups, setGroups] = useState(runGroups);
  if (followed.norm !== runNorm || followed.groups !== runGroups) {
    setFollowed({ norm: runNorm, groups: runGroups });
    if (isSetNorm(runNorm)) setNorm(runNorm);
    setGroups(runGroups);
  }
  const runId = run?.id ?? '';
  const layer = run?.layer ?? null;
  const trained = useStore((s) => (s.runs.find((r) => r.id === runId)?.step ?? 0) > 0);
  const ref = useRef<HTMLDivElement>(null);
  const cells = useThrottledSnapshot(
    () => {
      const latest = runId ? metricsFor(runId).latest : null;
      return latest && latest.layer === layer ? latest.cells : null;
    },
    AXES_INTERVAL_MS,
    false,
    `${runId}:${layer}`,
    ref,
  );
  // The layer's own shape before the first snapshot (a normalizer's input has its output's shape).
  const known = run && run.channels > 0;
  const n = cells?.n ?? (run ? Math.min(run.batchSize, CELL_MAX_SAMPLES) : 8);
  const c = cells?.c ?? (known ? Math.min(run.channels, CELL_MAX_CHANNELS) : 16);
  const spatial = cells?.spatial ?? (known ? run.spatial : 1);
  return (
    <div ref={ref}>
      <AxesFigure
        n={n}
        c={c}
        spatial={spatial}
        cells={cells}
        norm={norm}
        onNormChange={setNorm}
        groups={groups}
        onGroupsChange={setGroups}
        batchSize={run?.batchSize ?? n}
        channels={known && run.kind !== null && isSetNorm(run.kind) ? run.channels : c}
        toolbar={run && <RunPicker runs={runs} value={run.id} onChange={pick} />}
        waiting={trained ? NEXT_STEP : NOT_TRAINING}
      />
    </div>
  );
}
