// The chart frame every chart shares: the plot area inside a margin, the axes (drawn through
// ticks.ts, which writes a tick only when it changed), the axis titles, the legend and a run's
// panel in small multiples (its heading, its body and the text summary a screen reader reads).
// The data marks (paths, canvas, bars) stay with each chart; the frame draws nothing per step
// that ticks.ts does not already draw, so the live charts keep their per-frame cost.

import type { BaseType, Selection } from 'd3';
import type { CSSProperties, ReactNode, Ref } from 'react';
import type { Margin } from './frame-layout.ts';
import { joinXTicks, joinYTicks, type XTick, type YTick } from './ticks.ts';

export { type Margin, plotSize } from './frame-layout.ts';

/** The plot's group, moved to the margin's corner; the chart puts its axes and marks inside. */
export function PlotArea({ margin, children }: { margin: Margin; children: ReactNode }) {
  return (
    <g className="plot" transform={`translate(${margin.left},${margin.top})`}>
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
  margin: Margin;
  innerW: number;
  innerH: number;
  /** The whole chart's height: the x title sits on its bottom edge. */
  height: number;
  /** The x axis title (none when omitted). */
  x?: ReactNode;
  /** The y axis title, rotated (none when omitted). */
  y?: ReactNode;
  /** Where the x title is centred (default: under the plot's middle). */
  xCenter?: number;
  /** The x title's baseline, this far above the bottom edge. */
  xBaseline?: number;
  /** The y title's distance from the left edge. */
  yOffset?: number;
}

/** The axis titles: x centred under the plot, y rotated beside it, left of the tick labels. */
export function AxisLabels({
  margin,
  innerW,
  innerH,
  height,
  x,
  y,
  xCenter = margin.left + innerW / 2,
  xBaseline = 4,
  yOffset = 12,
}: AxisLabelsProps) {
  return (
    <>
      {x !== undefined && (
        <text className="axis-label" x={xCenter} y={height - xBaseline} textAnchor="middle">
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

/** Y ticks rendered by React, for slow-changing charts: a grid line across `innerW` and a label. */
export function StaticYTicks({
  ticks,
  innerW,
  labels = true,
  labelX = -6,
}: {
  ticks: YTick[];
  innerW: number;
  labels?: boolean;
  labelX?: number;
}) {
  return ticks.map((t) => (
    <g key={t.label} className="tick" transform={`translate(0,${t.y})`}>
      <line className="grid" x2={innerW} />
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
  label: ReactNode;
}

/** A chart's legend: one swatch and label per item. */
export function Legend({
  items,
  label,
  className,
}: {
  items: LegendItem[];
  /** The list's accessible name, e.g. "Training loss legend". */
  label?: string;
  /** Classes added to `legend`. */
  className?: string;
}) {
  return (
    <ul className={className ? `legend ${className}` : 'legend'} aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <span className={item.swatchClass ?? 'swatch'} style={item.swatch} />
          {item.label}
        </li>
      ))}
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

/** Small multiples: one column per panel that fits, panels side by side. */
export function PanelGrid({
  cols,
  gridRef,
  children,
}: {
  cols: number;
  gridRef?: Ref<HTMLDivElement>;
  children: ReactNode;
}) {
  return (
    <div
      className="act-grid"
      ref={gridRef}
      style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}
    >
      {children}
    </div>
  );
}

/**
 * One run's panel in small multiples: a heading in the run's colour (only when there are
 * several), the chart body, and the text summary the chart's `aria-describedby` points at
 * (`summaryId`), written by the chart's redraw or given here as `summary`.
 */
export function RunPanel({
  index,
  title,
  color,
  summaryId,
  summary,
  children,
}: {
  /** `data-panel`, for a live chart that finds its panels on redraw. */
  index?: number;
  /** The heading's text, or null for a lone panel. */
  title: ReactNode | null;
  color: string;
  summaryId: string;
  summary?: string;
  children: ReactNode;
}) {
  return (
    <div className="act-panel" data-panel={index}>
      {title !== null && (
        <p className="act-panel-title">
          <span className="swatch" style={{ background: color }} />
          {title}
        </p>
      )}
      {children}
      <p className="act-summary" id={summaryId}>
        {summary}
      </p>
    </div>
  );
}
