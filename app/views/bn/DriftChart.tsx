// The running-statistics drift chart, a streaming imperative D3 island: on each store tick
// (at most once per animation frame, and only while on screen: app/ui/live.ts) it reads the
// row series through `source` and redraws the batch vs running mean and variance of one
// channel, or small multiples of every channel. React renders the frame, legend and slots, and
// the step read-out (charts/StepReadout.tsx): the four statistics of the channel under the
// pointer at its step, on the small multiples with the rule across every channel.
// `highlighted` (the legend's pick) fades the other series.

import { select } from 'd3';
import { useEffect, useRef } from 'react';
import type { SeriesKey } from '../../charts/frame.tsx';
import { ReadoutBox, ReadoutRule, useStepReadout } from '../../charts/StepReadout.tsx';
import { indexAtStep } from '../../charts/step-readout.ts';
import { joinXTicks, joinYTicks } from '../../charts/ticks.ts';
import { subscribeTick } from '../../ui/live.ts';
import { useWidth } from '../../ui/use-width.ts';
import {
  allChannelsSummary,
  channelColumns,
  type DriftLayout,
  type DriftSource,
  driftSummary,
  layoutDrift,
  MINI_MARGIN,
} from './drift-layout.ts';
import { formatValue } from './inspector-math.ts';
import './bn.css';
import { setHidden, setText } from '../../ui/dom.ts';

export interface DriftChartProps {
  /** Read on every redraw (the histories are replaced when the observed layer changes). */
  source: () => DriftSource;
  /** One channel, or 'all' for small multiples. */
  channel: number | 'all';
  /** Channels of the layer (small multiples show at most MAX_MINIS). */
  channels: number;
  emptyText: string;
  height?: number;
  /** The series the legend emphasises ('batch', 'running' or 'gap'); the others fade. */
  highlighted?: SeriesKey | null;
}

/** Small multiples drawn at most (the rest are named in the text). */
export const MAX_MINIS = 32;
const MINI_H = 84;
const LABELS = { mean: 'Mean (input units)', variance: 'Variance (units²)' } as const;

function setTransform(el: SVGElement | null, transform: string): void {
  if (el && el.getAttribute('transform') !== transform) el.setAttribute('transform', transform);
}

/** Draws one layout into an SVG whose skeleton the component rendered. */
function draw(svg: SVGSVGElement, layout: DriftLayout): void {
  const root = select(svg).select<SVGGElement>('g.plot');
  // Group transforms are written only when they change (see charts/ticks.ts for why).
  setTransform(root.node(), `translate(${layout.margin.left},${layout.margin.top})`);
  const bottom = layout.panels[1].top + layout.panels[1].height;
  setTransform(root.select<SVGGElement>('g.x-axis').node(), `translate(0,${bottom})`);
  joinXTicks(root.select('g.x-axis'), layout.xTicks, 0, 5, 17);
  for (const panel of layout.panels) {
    const g = root.select<SVGGElement>(`g.panel-${panel.stat}`);
    setTransform(g.node(), `translate(0,${panel.top})`);
    g.select('rect.frame').attr('width', layout.innerW).attr('height', panel.height);
    joinYTicks(g.select('g.y-axis'), layout.empty ? [] : panel.yTicks, layout.innerW);
    g.select('path.gap').attr('d', panel.gap);
    g.select('path.batch').attr('d', panel.batch);
    g.select('path.running').attr('d', panel.running);
    const label = g.select<SVGTextElement>('text.axis-label');
    setTransform(label.node(), `translate(${-layout.margin.left + 12},${panel.height / 2}) rotate(-90)`);
    label.style('display', () => (layout.margin.left > 20 ? null : 'none'));
  }
}

function Skeleton({ title }: { title: boolean }) {
  return (
    <g className="plot">
      <g className="x-axis" />
      {(['mean', 'variance'] as const).map((stat) => (
        <g key={stat} className={`panel-${stat}`}>
          <rect className="frame" />
          <g className="y-axis" />
          <path className="gap" />
          <path className="batch" />
          <path className="running" />
          {title ? (
            <text className="axis-label" textAnchor="middle">
              {LABELS[stat]}
            </text>
          ) : (
            <text className="bn-mini-label" x={3} y={9}>
              {stat === 'mean' ? 'mean' : 'var'}
            </text>
          )}
        </g>
      ))}
    </g>
  );
}

/** The read-out's rows: which column of the channel, named and coloured as the legend draws it. */
const READOUT_SERIES = [
  { key: 'batch', column: 'batchMean', label: 'batch mean', color: 'var(--c-s1)' },
  { key: 'running', column: 'runningMean', label: 'running mean', color: 'var(--c-s0)' },
  { key: 'batch', column: 'batchVar', label: 'batch variance', color: 'var(--c-s1)' },
  { key: 'running', column: 'runningVar', label: 'running variance', color: 'var(--c-s0)' },
] as const;

export function DriftChart({
  source,
  channel,
  channels,
  emptyText,
  height = 300,
  highlighted = null,
}: DriftChartProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef, 480, 240);
  const svgRef = useRef<SVGSVGElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const emptyRef = useRef<HTMLParagraphElement>(null);
  const minis = channel === 'all' ? Math.min(channels, MAX_MINIS) : 0;
  const columns = Math.max(2, Math.floor(width / 150));
  const miniW = Math.floor((width - (columns - 1) * 8) / columns);
  /** The one-channel chart's last layout: the read-out maps the pointer through it. */
  const lastLayout = useRef<DriftLayout | null>(null);
  /** Each small multiple's last layout, by channel (the read-out's panel is the channel). */
  const miniLayouts = useRef(new Map<number, DriftLayout>());
  /** The channel a read-out panel shows, and the layout that maps its pointer. */
  const panelOf = (panel: string) =>
    channel === 'all'
      ? { c: Number(panel), layout: miniLayouts.current.get(Number(panel)) ?? null }
      : { c: channel, layout: lastLayout.current };
  const readout = useStepReadout({
    stepAt: (x, panel) => {
      const { c, layout } = panelOf(panel);
      const px = x - (layout?.margin.left ?? 0);
      if (!layout || layout.empty || px < 0 || px > layout.innerW) return null;
      const cols = channelColumns(source(), c);
      return cols.steps[indexAtStep({ steps: cols.steps, length: cols.length }, layout.invertX(px))];
    },
    steps: (panel) => {
      const cols = channelColumns(source(), panelOf(panel).c);
      return { steps: cols.steps, length: cols.length };
    },
  });

  useEffect(() => {
    const redraw = () => {
      const data = source();
      let summary: string;
      let empty: boolean;
      if (channel === 'all') {
        const slots = gridRef.current?.querySelectorAll<SVGSVGElement>('svg[data-channel]') ?? [];
        empty = true;
        for (const svg of slots) {
          const c = Number(svg.dataset.channel);
          const layout = layoutDrift(data, c, miniW, MINI_H, {
            margin: MINI_MARGIN,
            ticks: false,
            panelGap: 6,
          });
          miniLayouts.current.set(c, layout);
          draw(svg, layout);
          empty &&= layout.empty;
          svg.setAttribute('aria-label', driftSummary(layout, c));
        }
        summary = empty ? emptyText : allChannelsSummary(data, channels);
        if (channels > MAX_MINIS) summary += ` Showing channels 0–${MAX_MINIS - 1} of ${channels}.`;
      } else {
        const svg = svgRef.current;
        if (!svg) return;
        const layout = layoutDrift(data, channel, width, height);
        lastLayout.current = layout;
        draw(svg, layout);
        empty = layout.empty;
        summary = empty ? emptyText : driftSummary(layout, channel);
        svg.setAttribute('aria-label', `Batch vs running statistics, channel ${channel}. ${summary}`);
      }
      setHidden(emptyRef.current, !empty);
      setText(summaryRef.current, summary);
    };
    return subscribeTick(bodyRef.current, redraw);
  }, [source, channel, channels, width, height, miniW, emptyText]);

  const at = readout.at;
  const shown = at ? panelOf(at.panel) : null;
  const layout = lastLayout.current;
  const ruleX = at && layout && !layout.empty && channel !== 'all' ? layout.xOf(at.step) : null;
  /** A small multiple's rule at the read-out's step (every channel's, as the bands do). */
  const miniRule = (c: number) => {
    const mini = miniLayouts.current.get(c);
    if (!at || !mini || mini.empty) return null;
    return (
      <g transform={`translate(${mini.margin.left},${mini.margin.top})`}>
        <ReadoutRule x={mini.xOf(at.step)} height={mini.panels[1].top + mini.panels[1].height} />
      </g>
    );
  };
  const readoutRows = () => {
    if (!at || !shown) return [];
    const cols = channelColumns(source(), shown.c);
    const i = indexAtStep({ steps: cols.steps, length: cols.length }, at.step);
    return READOUT_SERIES.map((s) => ({
      key: s.column,
      label: s.label,
      swatch: { background: s.color },
      value: i < 0 ? '—' : formatValue(cols[s.column][i]),
    }));
  };
  /** Where the read-out box goes: over the picked plot, in the chart body's coordinates. */
  const boxAt = () => {
    if (!at || !shown?.layout || shown.layout.empty) return null;
    if (channel !== 'all')
      return ruleX === null ? null : { x: shown.layout.margin.left + ruleX, top: shown.layout.margin.top };
    const svg = gridRef.current?.querySelector(`svg[data-channel="${shown.c}"]`);
    const body = bodyRef.current?.getBoundingClientRect();
    if (!svg || !body) return null;
    const r = svg.getBoundingClientRect();
    return {
      x: r.left - body.left + shown.layout.margin.left + shown.layout.xOf(at.step),
      top: r.top - body.top + shown.layout.margin.top,
    };
  };
  const box = boxAt();
  return (
    <figure className="chart bn-drift" data-highlight={highlighted ?? undefined}>
      <div className="chart-body" ref={bodyRef}>
        {channel === 'all' ? (
          <div
            className="bn-minis"
            ref={gridRef}
            style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
          >
            {Array.from({ length: minis }, (_, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one slot per channel index
              <div className="bn-mini" key={c}>
                <span className="bn-mini-title" aria-hidden="true">
                  ch {c}
                </span>
                <svg
                  data-channel={c}
                  width={miniW}
                  height={MINI_H}
                  role="img"
                  aria-label={`Channel ${c}`}
                  {...readout.bind(String(c))}
                >
                  <Skeleton title={false} />
                  {miniRule(c)}
                </svg>
              </div>
            ))}
          </div>
        ) : (
          <svg
            ref={svgRef}
            width={width}
            height={height}
            role="img"
            aria-label="Batch vs running statistics"
            {...readout.bind()}
          >
            <Skeleton title />
            {ruleX !== null && layout && (
              <g transform={`translate(${layout.margin.left},${layout.margin.top})`}>
                <ReadoutRule x={ruleX} height={layout.panels[1].top + layout.panels[1].height} />
              </g>
            )}
            <text className="axis-label" x={width / 2 + 20} y={height - 3} textAnchor="middle">
              Training step
            </text>
          </svg>
        )}
        <p className="chart-empty" ref={emptyRef}>
          {emptyText}
        </p>
        {at && shown && box && (
          <ReadoutBox
            x={box.x}
            width={width}
            top={box.top}
            title={`Channel ${shown.c}`}
            step={at.step}
            rows={readoutRows()}
            live={at.keyboard}
          />
        )}
      </div>
      <p className="bn-summary" ref={summaryRef} aria-live="off" />
    </figure>
  );
}
