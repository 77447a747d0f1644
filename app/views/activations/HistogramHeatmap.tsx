// The observed layer's histograms across training as a heatmap (x = step, y = value bin,
// colour = share of values), one panel per run on shared axes and a shared colour scale.
// A dense grid, so cells go on a <canvas> with an SVG overlay for the axes; redrawn at most
// once per animation frame when the store's tick changes. A toggle picks input or output. The
// step read-out (pointer, tap or keys on a panel) tells that run's histogram at the step: its
// mean, sd and fullest bin, with a rule across every panel.

import { select } from 'd3';
import { useEffect, useId, useRef, useState } from 'react';
import {
  AxisGroups,
  AxisLabels,
  drawAxes,
  PlotArea,
  plotFrame,
  redrawPanels,
  SmallMultiples,
} from '../../charts/frame.tsx';
import { PanelReadoutBox, ReadoutRule, useStepReadout } from '../../charts/StepReadout.tsx';
import { indexAtStep } from '../../charts/step-readout.ts';
import type { RowSeries } from '../../runtime/row-series.ts';
import { useWidth } from '../../ui/use-width.ts';
import { formatShare, formatValue, panelGrid } from './common.ts';
import {
  colorTicks,
  HEAT_GAP,
  HEAT_MARGIN,
  HEAT_MIN_PANEL,
  type HeatmapLayout,
  type HeatmapPanel,
  heatIndex,
  heatmapReadout,
  layoutHeatmaps,
  PALETTE,
} from './heatmap-layout.ts';
import './activations.css';
import { subscribeTick } from '../../ui/live.ts';

export type HeatmapSide = 'input' | 'output';

export interface HeatmapSource {
  id: string;
  label: string;
  color: string;
  /** Histogram rows of the observed layer's input and output (metricsFor(id).inputHistograms …). */
  input: () => RowSeries | null;
  output: () => RowSeries | null;
  /** The rows' value range [-range, range] (metricsFor(id).histogramRange). */
  range: () => number;
  /** The output rows' range (metricsFor(id).outputRange). */
  outputRange: () => number;
}

interface Props {
  sources: HeatmapSource[];
  emptyText: string;
  height?: number;
  /** Which histogram the heatmap shows first. */
  initialSide?: HeatmapSide;
}

const LEGEND_W = 150;
const LEGEND_STOPS = Array.from({ length: 11 }, (_, i) => i / 10);

function paint(canvas: HTMLCanvasElement, panel: HeatmapPanel, innerW: number, innerH: number, max: number) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(innerW * dpr);
  const h = Math.round(innerH * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, innerW, innerH);
  const { rowCount: n, bins, xEdges, yEdges, shares } = panel;
  if (n === 0) return;
  // Zero-share cells keep the scale's first colour; only the rest are painted one by one.
  ctx.fillStyle = PALETTE[0];
  ctx.fillRect(xEdges[0], yEdges[bins], xEdges[n] - xEdges[0], yEdges[0] - yEdges[bins]);
  for (let r = 0; r < n; r++) {
    const x = xEdges[r];
    const w = xEdges[r + 1] - x;
    if (w <= 0) continue;
    for (let b = 0; b < bins; b++) {
      const k = heatIndex(shares[r * bins + b], max);
      if (k === 0) continue;
      ctx.fillStyle = PALETTE[k];
      ctx.fillRect(x, yEdges[b + 1], w, yEdges[b] - yEdges[b + 1]);
    }
  }
}

export function HistogramHeatmap({ sources, emptyText, height = 190, initialSide = 'input' }: Props) {
  const [side, setSide] = useState<HeatmapSide>(initialSide);
  const bodyRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<SVGSVGElement>(null);
  const width = useWidth(bodyRef);
  const id = useId();
  const gradientId = `act-gradient-${id.replace(/[^\w-]/g, '')}`;
  const { cols, panelWidth } = panelGrid(width, sources.length, HEAT_MIN_PANEL, HEAT_GAP);
  const frame = plotFrame(panelWidth, height, HEAT_MARGIN, 10);
  const { innerW, innerH } = frame;
  const subject = side === 'input' ? 'input histogram' : 'output histogram';
  const title = 'Histogram over training';
  const wrapRef = useRef<HTMLDivElement>(null);
  /** The last drawn layout: the read-out maps the pointer through its step axis. */
  const lastLayout = useRef<HeatmapLayout | null>(null);
  const rowsOf = (panel: string) => {
    const s = sources[Number(panel)];
    return s ? (side === 'input' ? s.input() : s.output()) : null;
  };
  const readout = useStepReadout({
    stepAt: (x, panel) => {
      const layout = lastLayout.current;
      const rows = rowsOf(panel);
      const px = x - HEAT_MARGIN.left;
      if (!layout || layout.empty || !rows || rows.length === 0 || px < 0 || px > layout.innerW) return null;
      const [d0, d1] = layout.xDomain;
      const list = { steps: rows.steps, length: rows.length };
      return rows.steps[indexAtStep(list, d0 + (px / layout.innerW) * (d1 - d0))];
    },
    steps: (panel) => {
      const rows = rowsOf(panel);
      return rows && { steps: rows.steps, length: rows.length };
    },
  });

  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const draw = () => {
      const layout = layoutHeatmaps(
        sources.map((s) => ({
          id: s.id,
          label: s.label,
          color: s.color,
          rows: side === 'input' ? s.input() : s.output(),
          range: side === 'input' ? s.range() : s.outputRange(),
        })),
        width,
        height,
        subject,
      );
      lastLayout.current = layout;
      redrawPanels(body, layout.panels, (plot, panel, root) => {
        drawAxes(plot, panel.empty ? [] : layout.xTicks, layout.yTicks, {
          innerW: layout.innerW,
          xAt: layout.innerH,
          yGrid: false,
        });
        const canvas = root.querySelector('canvas');
        if (canvas) paint(canvas, panel, layout.innerW, layout.innerH, layout.colorMax);
      });
      if (legendRef.current) {
        const ticks = colorTicks(layout.colorMax);
        legendRef.current.setAttribute(
          'aria-label',
          `Colour scale: share of values per bin, from ${ticks[0].label} to ${ticks[ticks.length - 1].label}`,
        );
        select(legendRef.current)
          .selectAll<SVGTextElement, unknown>('text.color-tick')
          .data(ticks)
          .text((d) => d.label);
      }
    };
    return subscribeTick(bodyRef.current, draw);
  }, [sources, width, height, side, subject]);

  const shown = readout.at;
  const layout = lastLayout.current;
  const ruleX =
    shown && layout && !layout.empty
      ? ((shown.step - layout.xDomain[0]) / (layout.xDomain[1] - layout.xDomain[0])) * layout.innerW
      : null;
  /** The picked run's histogram at the step. */
  const box = () => {
    const run = shown ? sources[Number(shown.panel)] : undefined;
    if (!shown || !run) return null;
    const at = heatmapReadout(
      side === 'input' ? run.input() : run.output(),
      side === 'input' ? run.range() : run.outputRange(),
      shown.step,
    );
    if (!at) return null;
    const swatch = { background: run.color };
    const rows = [
      { key: 'mean', label: 'mean', swatch, value: formatValue(at.mean) },
      { key: 'sd', label: 'sd', swatch, value: formatValue(at.sd) },
      {
        key: 'peak',
        label: 'fullest bin',
        swatch,
        value: `around ${formatValue(at.peak)} (${formatShare(at.peakShare)} of values)`,
      },
    ];
    return { title: run.label, rows, step: at.step };
  };
  const b = ruleX === null ? null : box();
  return (
    <figure className="chart act-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <fieldset className="act-toggle">
        <legend>Heatmap shows</legend>
        {(['input', 'output'] as const).map((s) => (
          <label key={s}>
            <input
              type="radio"
              name={`${id}-side`}
              value={s}
              checked={side === s}
              onChange={() => setSide(s)}
            />
            {s === 'input' ? 'Before (input)' : 'After (output)'}
          </label>
        ))}
      </fieldset>
      <div className="chart-body" ref={wrapRef}>
        <SmallMultiples runs={sources} cols={cols} gridRef={bodyRef} idPrefix={id} live>
          {(s, summaryId, i) => (
            <div className="chart-body" style={{ height }}>
              <canvas
                style={{ left: HEAT_MARGIN.left, top: HEAT_MARGIN.top, width: innerW, height: innerH }}
              />
              <svg
                width={panelWidth}
                height={height}
                role="img"
                aria-label={`${title}, ${side === 'input' ? 'before' : 'after'} the layer: ${s.label}`}
                aria-describedby={summaryId}
                {...readout.bind(String(i))}
              >
                <PlotArea frame={frame}>
                  <rect className="plot-frame" width={innerW} height={innerH} />
                  <AxisGroups />
                  {ruleX !== null && <ReadoutRule x={ruleX} height={innerH} />}
                </PlotArea>
                <AxisLabels frame={frame} x="training step" y="activation value" yOffset={11} />
              </svg>
              <p className="chart-empty">{emptyText}</p>
            </div>
          )}
        </SmallMultiples>
        {shown && b && ruleX !== null && (
          <PanelReadoutBox
            wrap={wrapRef.current}
            at={shown}
            ruleX={ruleX}
            margin={HEAT_MARGIN}
            width={width}
            title={sources.length > 1 ? b.title : undefined}
            step={b.step}
            rows={b.rows}
          />
        )}
      </div>
      <div className="act-colorbar">
        <span>Colour: share of values per bin (√ scale)</span>
        <svg ref={legendRef} width={LEGEND_W + 16} height={30} role="img" aria-label="Colour scale">
          <defs>
            <linearGradient id={gradientId}>
              {LEGEND_STOPS.map((t) => (
                <stop key={t} offset={t} stopColor={PALETTE[Math.round(t * 255)]} />
              ))}
            </linearGradient>
          </defs>
          <rect x={8} y={2} width={LEGEND_W} height={10} rx={2} fill={`url(#${gradientId})`} />
          {colorTicks(1).map((t, k) => (
            <text
              key={t.offset}
              className="color-tick"
              x={8 + t.offset * LEGEND_W}
              y={26}
              textAnchor={k === 0 ? 'start' : k === 2 ? 'end' : 'middle'}
            >
              {t.label}
            </text>
          ))}
        </svg>
      </div>
    </figure>
  );
}
