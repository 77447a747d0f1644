// The chart frame every chart shares: the plot area inside a margin, the axes (drawn through
// ticks.ts, which writes a tick only when it changed), the axis titles, the legend and small
// multiples (a panel per run: its heading, its body and the text summary a screen reader reads).
// The data marks (paths, canvas, bars) stay with each chart; the frame draws nothing per step
// that ticks.ts does not already draw, so the live charts keep their per-frame cost.

import { type BaseType, type Selection, select } from 'd3';
import { type CSSProperties, type ReactNode, type Ref, useState } from 'react';
import { setHidden, setText } from '../ui/dom.ts';
import type { PlotFrame } from './frame-layout.ts';
import { joinXTicks, joinYTicks, type XTick, type YTick } from './ticks.ts';

export { type Margin, type PlotFrame, plotFrame } from './frame-layout.ts';

/** The plot's group, moved to the margin's corner; the chart puts its axes and marks inside. */
export function PlotArea({ frame, children }: { frame: PlotFrame; children: ReactNode }) {
  return (
    <g className="plot" transform={`translate(${frame.margin.left},${frame.margin.top})`}>
      {children}
    </g>
  );
}

/** The two (empty) axis groups that `drawAxes` fills: y under x, both under the marks after them. */
export function AxisGroups() {
  return (
    <>
      <g className="y-axis" />
      <g className="x-axis" />
    </>
  );
}

interface AxisLabelsProps {
  frame: PlotFrame;
  /** The x axis title (none when omitted). */
  x?: ReactNode;
  /** The y axis title, rotated (none when omitted). */
  y?: ReactNode;
  /** Where the x title is centred (default: under the plot's middle). */
  xCenter?: number;
  /** The x title's baseline, this far above the chart's bottom edge. */
  xBaseline?: number;
  /** The y title's distance from the chart's left edge. */
  yOffset?: number;
}

/** The axis titles: x centred under the plot, y rotated beside it, left of the tick labels. */
export function AxisLabels({ frame, x, y, xCenter, xBaseline = 4, yOffset = 12 }: AxisLabelsProps) {
  const { margin, innerW, innerH, height } = frame;
  return (
    <>
      {x !== undefined && (
        <text
          className="axis-label"
          x={xCenter ?? margin.left + innerW / 2}
          y={height - xBaseline}
          textAnchor="middle"
        >
          {x}
        </text>
      )}
      {y !== undefined && (
        <text
          className="axis-label"
          transform={`translate(${yOffset},${margin.top + innerH / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {y}
        </text>
      )}
    </>
  );
}

// biome-ignore lint/suspicious/noExplicitAny: any parent datum or element type
type Plot = Selection<SVGGElement, unknown, BaseType, any>;

export interface AxesStyle {
  /** The plot's width: y grid lines span it. */
  innerW: number;
  /** Where the x axis runs (the plot's height, or 0 in a group moved to the bottom). */
  xAt: number;
  /** The x tick mark's length and its label's offset below the axis. */
  xMark?: number;
  xLabelY?: number;
  /** Y ticks as grid lines across the plot (default), or short marks. */
  yGrid?: boolean;
  /** The y tick labels' offset from the axis. */
  yLabelX?: number;
}

/**
 * Fills a plot's `g.x-axis` and `g.y-axis` (see AxisGroups) with ticks for a live redraw. Only
 * what changed is written (charts/ticks.ts), so calling it on every store tick is cheap.
 */
export function drawAxes(plot: Plot, xTicks: XTick[], yTicks: YTick[], style: AxesStyle): void {
  joinXTicks(plot.select('g.x-axis'), xTicks, style.xAt, style.xMark, style.xLabelY);
  joinYTicks(plot.select('g.y-axis'), yTicks, style.innerW, style.yGrid, style.yLabelX);
}

/**
 * Y ticks rendered by React, for slow-changing charts: a grid line across `innerW` (or, given
 * `mark`, a mark that long left of the axis) and the label `labelX` px from the axis.
 */
export function StaticYTicks({
  ticks,
  innerW = 0,
  mark,
  labels = true,
  labelX = -6,
}: {
  ticks: YTick[];
  innerW?: number;
  mark?: number;
  labels?: boolean;
  labelX?: number;
}) {
  return ticks.map((t) => (
    <g key={t.label} className="tick" transform={`translate(0,${t.y})`}>
      {mark === undefined ? <line className="grid" x2={innerW} /> : <line x2={-mark} />}
      {labels && (
        <text x={labelX} dy="0.32em" textAnchor="end">
          {t.label}
        </text>
      )}
    </g>
  ));
}

/** X ticks rendered by React along the axis at `y`: a mark `mark` px long, the label `labelY` below. */
export function StaticXTicks({
  ticks,
  y,
  mark = 4,
  labelY = 16,
}: {
  ticks: XTick[];
  y: number;
  mark?: number;
  labelY?: number;
}) {
  return ticks.map((t) => (
    <g key={t.label} className="tick" transform={`translate(${t.x},${y})`}>
      <line y2={mark} />
      <text y={labelY} textAnchor="middle">
        {t.label}
      </text>
    </g>
  ));
}

export interface LegendItem {
  key: string | number;
  /** The swatch's style (its colour, opacity or CSS variables). */
  swatch: CSSProperties;
  /** The swatch's class (default `swatch`). */
  swatchClass?: string;
  /** A drawn mark (e.g. a line's dash pattern) in place of the swatch. */
  icon?: ReactNode;
  label: ReactNode;
}

/** A legend entry's key, as the chart names its series (a run id, a layer's column). */
export type SeriesKey = string | number;

/**
 * Which series a chart emphasises: the legend entry under the pointer or with keyboard focus,
 * else the one the reader pressed (pressing it again, or another, moves the pin; on a phone,
 * where nothing hovers, a tap pins). The chart dims every other series.
 */
export interface Highlight {
  highlighted: SeriesKey | null;
  pinned: SeriesKey | null;
  setPinned: (key: SeriesKey | null) => void;
  setTransient: (key: SeriesKey | null) => void;
}

export function useHighlight(): Highlight {
  const [pinned, setPinned] = useState<SeriesKey | null>(null);
  const [transient, setTransient] = useState<SeriesKey | null>(null);
  return { highlighted: transient ?? pinned, pinned, setPinned, setTransient };
}

/** Whether series `key` is dimmed under `highlighted` (another series is emphasised). */
export function isDimmed(highlighted: SeriesKey | null, key: SeriesKey): boolean {
  return highlighted !== null && highlighted !== key;
}

/**
 * A chart's legend: one swatch and label per item. With `highlight`, each entry is a toggle
 * button named by its label: hovering or focusing it emphasises its series, pressing pins it.
 */
export function Legend({
  items,
  label,
  className,
  highlight,
}: {
  items: LegendItem[];
  /** The list's accessible name, e.g. "Training loss legend". */
  label?: string;
  /** Classes added to `legend`. */
  className?: string;
  highlight?: Highlight;
}) {
  const classes = ['legend', highlight && 'legend-interactive', className].filter(Boolean).join(' ');
  return (
    <ul className={classes} aria-label={label}>
      {items.map((item) => {
        const swatch = item.icon ?? <span className={item.swatchClass ?? 'swatch'} style={item.swatch} />;
        if (!highlight) {
          return (
            <li key={item.key}>
              {swatch}
              {item.label}
            </li>
          );
        }
        const { highlighted, pinned, setPinned, setTransient } = highlight;
        return (
          <li key={item.key} className={isDimmed(highlighted, item.key) ? 'legend-dim' : undefined}>
            <button
              type="button"
              className="legend-item"
              aria-pressed={pinned === item.key}
              onPointerEnter={(e) => e.pointerType === 'mouse' && setTransient(item.key)}
              onPointerLeave={() => setTransient(null)}
              onFocus={(e) => e.currentTarget.matches(':focus-visible') && setTransient(item.key)}
              onBlur={() => setTransient(null)}
              onClick={() => setPinned(pinned === item.key ? null : item.key)}
            >
              {swatch}
              {item.label}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The legend items of one swatch per run (or series) in its own colour. */
export function runLegendItems(
  runs: readonly { id?: string; runId?: string; label: string; color: string }[],
): LegendItem[] {
  return runs.map((r) => ({
    key: r.id ?? r.runId ?? r.label,
    swatch: { background: r.color },
    label: r.label,
  }));
}

export interface PanelRun {
  id: string;
  label: string;
  color: string;
}

/**
 * Small multiples, one panel per run, `cols` to a row. A panel has a heading in the run's colour
 * (only when there are several runs; `heading` may add to the label), the chart body that
 * `children` renders, and the text summary (`summary`, or written later by a live chart's
 * redraw) that the body's `aria-describedby={summaryId}` points at. With `live`, each panel
 * carries `data-panel={i}` for the redraw to find it.
 */
export function SmallMultiples<R extends PanelRun>({
  runs,
  cols,
  gridRef,
  idPrefix,
  live = false,
  heading = (r) => r.label,
  summary,
  children,
}: {
  runs: readonly R[];
  cols: number;
  gridRef?: Ref<HTMLDivElement>;
  /** A useId() value: the summaries are `${idPrefix}-summary-${i}`. */
  idPrefix: string;
  live?: boolean;
  heading?: (run: R) => ReactNode;
  summary?: (run: R) => string;
  children: (run: R, summaryId: string, i: number) => ReactNode;
}) {
  return (
    <div
      className="act-grid"
      ref={gridRef}
      style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}
    >
      {runs.map((run, i) => {
        const summaryId = `${idPrefix}-summary-${i}`;
        return (
          <div className="act-panel" key={run.id} data-panel={live ? i : undefined}>
            {runs.length > 1 && (
              <p className="act-panel-title">
                <span className="swatch" style={{ background: run.color }} />
                {heading(run)}
              </p>
            )}
            {children(run, summaryId, i)}
            <p className="act-summary" id={summaryId}>
              {summary?.(run)}
            </p>
          </div>
        );
      })}
    </div>
  );
}

/**
 * Redraws live small multiples (SmallMultiples with `live`): for each panel's layout, finds the
 * panel and its plot group, lets `draw` draw the axes and marks, then shows or hides the empty
 * note and writes the summary, each only when it changed (ui/dom.ts).
 */
export function redrawPanels<P extends { empty: boolean; summary: string }>(
  body: HTMLElement,
  panels: readonly P[],
  draw: (plot: Plot, panel: P, root: HTMLElement) => void,
): void {
  panels.forEach((panel, i) => {
    const root = body.querySelector<HTMLElement>(`[data-panel="${i}"]`);
    if (!root) return;
    draw(select(root).select<SVGGElement>('g.plot'), panel, root);
    setHidden(root.querySelector<HTMLElement>('.chart-empty'), !panel.empty);
    setText(root.querySelector<HTMLElement>('.act-summary'), panel.summary);
  });
}
