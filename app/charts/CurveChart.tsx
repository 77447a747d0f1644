// A streaming line chart (an imperative D3 island): redraws from bounded Series at most once
// per animation frame when the store's tick changes; React renders only the frame and the
// legend. Axes are SVG; the curves (a min–max band and a smoothed line per run, one column per
// pixel) are rasterized by raster.ts and put on a canvas over the plot, which costs the page far
// less per redraw than re-parsing long SVG paths or stroking them with Canvas 2D. The step
// read-out (StepReadout.tsx) shows every run's value at the step under the pointer, and the
// legend highlights a run. Used for train loss, test loss and test accuracy.

import { select } from 'd3';
import { useEffect, useRef } from 'react';
import { knobChangeLabel } from '../knob-labels.ts';
import type { KnobMark } from '../runtime/metrics.ts';
import type { Series } from '../runtime/series.ts';
import { subscribeTheme } from '../theme.ts';
import { STROKE_WIDTHS, UNRESOLVED_COLOR } from '../tokens.ts';
import { setHidden, setText } from '../ui/dom.ts';
import { subscribeTick } from '../ui/live.ts';
import { useWidth } from '../ui/use-width.ts';
import {
  AxisGroups,
  AxisLabels,
  drawAxes,
  isDimmed,
  Legend,
  PlotArea,
  plotFrame,
  runLegendItems,
  type SeriesKey,
  useHighlight,
} from './frame.tsx';
import {
  type ChartLayout,
  type CurveInput,
  type CurveLayout,
  curvesCoincide,
  layoutCurves,
  layoutKnobLabels,
  MARGIN,
} from './loss-layout.ts';
import {
  clearRaster,
  createRaster,
  finishRaster,
  paintBand,
  paintLine,
  type Raster,
  type Rgb,
} from './raster.ts';
import { ReadoutBox, ReadoutRule, useStepReadout } from './StepReadout.tsx';
import { indexAtStep } from './step-readout.ts';

export interface CurveSource {
  id: string;
  label: string;
  color: string;
  series: () => Series;
  divergedAt: () => number | null;
}

interface Props {
  title: string;
  yLabel: string;
  sources: CurveSource[];
  log?: boolean;
  smoothing?: number;
  yDomain?: [number, number];
  /** Formats a y value for the hover readout and the text summary. */
  format: (v: number) => string;
  /** Formats the y axis' tick labels (default: d3's "~g"), in the unit `format` reads out in. */
  tickFormat?: (v: number) => string;
  emptyText: string;
  height?: number;
  /** Live knob changes, each marked at its step with its label ("lr 0.05→0.1"). */
  marks?: () => readonly KnobMark[];
}

/** Opacity of the raw min–max band under each smoothed line. */
const BAND_ALPHA = 0.14;
/** Opacity of a run's line while the legend highlights another run. */
const DIMMED_ALPHA = 0.25;

/** A colour the canvas can use, as 0–255 RGB: CSS custom properties (`var(--c-s0)`) resolved on `el`. */
function resolveColor(el: HTMLCanvasElement, color: string): Rgb {
  const name = /^var\((--[\w-]+)\)$/.exec(color)?.[1];
  const css = name ? getComputedStyle(el).getPropertyValue(name).trim() || UNRESOLVED_COLOR : color;
  // The canvas normalizes any CSS colour to #rrggbb (or rgba() when translucent).
  const ctx = el.getContext('2d');
  if (!ctx) return [136, 136, 136];
  ctx.fillStyle = UNRESOLVED_COLOR;
  ctx.fillStyle = css;
  const out = String(ctx.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(out);
  if (hex) return [Number.parseInt(hex[1], 16), Number.parseInt(hex[2], 16), Number.parseInt(hex[3], 16)];
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(out);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [136, 136, 136];
}

/**
 * Paints every curve's band and smoothed line into `raster` and copies it to the canvas, which
 * covers the plot area exactly. `colors` caches resolved colours (reading computed style costs
 * more than the painting): clear it when the theme changes. With `highlighted`, the other runs
 * are faint and that run is painted last, on top.
 */
function paintCurves(
  canvas: HTMLCanvasElement,
  curves: CurveLayout[],
  w: number,
  h: number,
  colors: Map<string, Rgb>,
  raster: { current: Raster | null },
  highlighted: SeriesKey | null,
): void {
  const dpr = window.devicePixelRatio || 1;
  const pw = Math.round(w * dpr);
  const ph = Math.round(h * dpr);
  if (canvas.width !== pw || canvas.height !== ph) {
    canvas.width = pw;
    canvas.height = ph;
  }
  let r = raster.current;
  if (!r || r.width !== pw || r.height !== ph || r.scale !== dpr) {
    r = createRaster(pw, ph, dpr);
    raster.current = r;
  } else clearRaster(r);
  const order = [
    ...curves.filter((c) => c.id !== highlighted),
    ...curves.filter((c) => c.id === highlighted),
  ];
  for (const curve of order) {
    let color = colors.get(curve.color);
    if (color === undefined) {
      color = resolveColor(canvas, curve.color);
      colors.set(curve.color, color);
    }
    const dim = isDimmed(highlighted, curve.id);
    paintBand(r, curve.columns, color, dim ? BAND_ALPHA / 3 : BAND_ALPHA);
    const width = dim ? STROKE_WIDTHS.thin : highlighted === null ? STROKE_WIDTHS.line : STROKE_WIDTHS.bold;
    paintLine(r, curve.columns, color, width, dim ? DIMMED_ALPHA : 1);
  }
  finishRaster(r);
  canvas.getContext('2d')?.putImageData(new ImageData(r.pixels, pw, ph), 0, 0);
}

/** The run's recorded value at `step`: the mean of the bucket holding it (the last one past the end). */
function valueAt(series: Series, step: number): number | null {
  const i = indexAtStep({ steps: series.x, length: series.length }, step);
  return i < 0 ? null : series.mean[i];
}

export function CurveChart({
  title,
  yLabel,
  sources,
  log = false,
  smoothing = 0.8,
  yDomain,
  format,
  tickFormat,
  emptyText,
  height = 220,
  marks,
}: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const emptyRef = useRef<HTMLParagraphElement>(null);
  const coincideRef = useRef<HTMLParagraphElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  /** The last drawn layout: the read-out maps the pointer through its scale. */
  const lastLayout = useRef<ChartLayout | null>(null);
  const highlight = useHighlight();
  const { highlighted } = highlight;
  const readout = useStepReadout({
    stepAt: (px) => {
      const layout = lastLayout.current;
      if (px < MARGIN.left || px > width - MARGIN.right || !layout || layout.empty) return null;
      // Past the end of the data (the axis reaches further), read the last step.
      return Math.max(0, Math.min(layout.xLast, Math.round(layout.invertX(px))));
    },
    steps: () => {
      // The arrow keys walk the longest run's recorded steps.
      const longest = sources
        .map((s) => s.series())
        .reduce<Series | null>((a, b) => (a && a.length >= b.length ? a : b), null);
      return longest && { steps: longest.x, length: longest.length };
    },
  });

  useEffect(() => {
    const svg = svgRef.current;
    const canvas = canvasRef.current;
    if (!svg || !canvas) return;
    // Ticks and markers are created with this size and these labels: start them afresh.
    select(svg).selectAll('g.tick, g.diverged-marker, g.knob-mark').remove();
    const colors = new Map<string, Rgb>();
    const raster: { current: Raster | null } = { current: null };
    const draw = () => {
      const inputs: CurveInput[] = sources.map((s) => ({
        id: s.id,
        label: s.label,
        color: s.color,
        series: s.series(),
        divergedAt: s.divergedAt(),
      }));
      const layout = layoutCurves(inputs, width, height, { log, smoothing, yDomain, tickFormat });
      lastLayout.current = layout;
      setHidden(emptyRef.current, !layout.empty);
      setHidden(coincideRef.current, !curvesCoincide(inputs.map((c) => c.series)));
      const root = select(svg).select<SVGGElement>('g.plot');
      const { innerW, innerH } = plotFrame(width, height, MARGIN);
      drawAxes(root, layout.empty ? [] : layout.xTicks, layout.empty ? [] : layout.yTicks, {
        innerW,
        xAt: innerH,
        xMark: 5,
        xLabelY: 18,
        yLabelX: -8,
      });
      paintCurves(canvas, layout.curves, innerW, innerH, colors, raster, highlighted);
      // Each diverged run: a dashed line in its colour at the step, labelled so it explains itself.
      const diverged = root
        .select('g.markers')
        .selectAll<SVGGElement, CurveLayout>('g.diverged-marker')
        .data(
          layout.curves.filter((c) => c.diverged),
          (d) => d.id,
        )
        .join((enter) => {
          const g = enter.append('g').attr('class', 'diverged-marker');
          g.append('line').attr('y1', 0);
          g.append('text');
          return g;
        });
      diverged
        .select('line')
        .attr('x1', (d) => d.diverged?.x ?? 0)
        .attr('x2', (d) => d.diverged?.x ?? 0)
        .attr('y2', innerH)
        .style('stroke', (d) => d.color);
      diverged
        .select('text')
        .attr('x', (d) => d.diverged?.labelX ?? 0)
        .attr('y', (d) => d.diverged?.labelY ?? 0)
        .attr('text-anchor', (d) => d.diverged?.anchor ?? 'start')
        .text((d) => d.diverged?.label ?? '');
      const shown = layout.empty ? [] : (marks?.() ?? []).filter((m) => m.step <= layout.xLast);
      const labels = layoutKnobLabels(
        shown.map((m) => ({
          x: layout.xScale(m.step),
          long: knobChangeLabel(m.knob, m.from, m.to),
          short: knobChangeLabel(m.knob, m.from, m.to, true),
        })),
        innerW,
        layout.curves.filter((c) => c.diverged).length,
      );
      const placed = shown.map((m, i) => ({ ...m, label: labels[i] }));
      const knob = root
        .select('g.markers')
        .selectAll<SVGGElement, (typeof placed)[number]>('g.knob-mark')
        .data(placed, (d) => `${d.step}|${d.knob}`)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'knob-mark');
          g.append('line').attr('y1', 0);
          g.append('text');
          return g;
        })
        .attr('transform', (d) => `translate(${layout.xScale(d.step)},0)`);
      knob.select('line').attr('y2', innerH);
      knob
        .select('text')
        .attr('x', (d) => d.label.x)
        .attr('y', (d) => d.label.y)
        .attr('text-anchor', (d) => d.label.anchor)
        .text((d) => d.label.text);
      const changes = shown.length
        ? `. Knob changes: ${shown.map((m) => `${knobChangeLabel(m.knob, m.from, m.to)} at step ${m.step}`).join(', ')}`
        : '';
      const summary =
        layout.curves
          .map((c) =>
            c.last ? `${c.label}: ${format(c.last.value)} at step ${c.last.step}` : `${c.label}: no data yet`,
          )
          .join('; ') + changes;
      svg.setAttribute('aria-label', `${title}. ${summary}`);
      setText(summaryRef.current, summary);
    };
    // The curve colours are theme variables, cached per draw: forget them when the theme flips
    // (subscribeTick then schedules the repaint). Subscribed first, so it runs first.
    const unsubscribeTheme = subscribeTheme(() => colors.clear());
    const unsubscribe = subscribeTick(bodyRef.current, draw);
    return () => {
      unsubscribe();
      unsubscribeTheme();
    };
  }, [sources, width, height, log, smoothing, yDomain, format, tickFormat, title, marks, highlighted]);

  const frame = plotFrame(width, height, MARGIN);
  const { innerW, innerH } = frame;
  const at = readout.at;
  const layout = lastLayout.current;
  // The rule sits on the step's x (a pointer past the data's end reads, and marks, the last step).
  const ruleX = at && layout && !layout.empty ? layout.xScale(at.step) : null;

  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-body" ref={bodyRef}>
        <svg ref={svgRef} width={width} height={height} role="img" aria-label={title} {...readout.bind()}>
          <PlotArea frame={frame}>
            <AxisGroups />
            <g className="markers" />
            {ruleX !== null && <ReadoutRule x={ruleX} height={innerH} />}
          </PlotArea>
          <AxisLabels frame={frame} x="Training step" y={yLabel} />
        </svg>
        <canvas
          ref={canvasRef}
          className="chart-canvas"
          style={{
            left: MARGIN.left,
            top: MARGIN.top,
            width: innerW,
            height: innerH,
          }}
        />
        <p className="chart-empty" ref={emptyRef}>
          {emptyText}
        </p>
        {at && ruleX !== null && (
          <ReadoutBox
            x={MARGIN.left + ruleX}
            width={width}
            step={at.step}
            highlighted={highlighted}
            live={at.keyboard}
            rows={sources.map((s) => {
              const value = valueAt(s.series(), at.step);
              return {
                key: s.id,
                label: s.label,
                swatch: { background: s.color },
                value: value === null ? '—' : format(value),
              };
            })}
          />
        )}
      </div>
      {sources.length > 1 && (
        <Legend label={`${title} legend`} items={runLegendItems(sources)} highlight={highlight} />
      )}
      {sources.length > 1 && (
        <p className="hint" ref={coincideRef} hidden>
          The {sources.length === 2 ? 'two' : sources.length} runs' curves are identical here, so one line
          covers the others.
        </p>
      )}
      <p className="sr-only" ref={summaryRef} />
    </figure>
  );
}
