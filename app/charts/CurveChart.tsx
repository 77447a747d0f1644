// A streaming line chart (an imperative D3 island): redraws from bounded Series at most once
// per animation frame when the store's tick changes; React renders only the frame and the
// legend. Used for train loss, test loss and test accuracy.

import { bisector, select } from 'd3';
import { useEffect, useRef, useState } from 'react';
import type { Series } from '../runtime/series.ts';
import { subscribeTick } from '../ui/live.ts';
import { useWidth } from '../ui/use-width.ts';
import { type CurveInput, layoutCurves, MARGIN } from './loss-layout.ts';

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
  emptyText: string;
  height?: number;
}

const bisectX = bisector((d: number) => d).left;

function valueAt(series: Series, step: number): number | null {
  if (series.length === 0) return null;
  const i = Math.min(series.length - 1, Math.max(0, bisectX(series.x.subarray(0, series.length), step) - 1));
  return series.mean[i];
}

export function CurveChart({
  title,
  yLabel,
  sources,
  log = false,
  smoothing = 0.8,
  yDomain,
  format,
  emptyText,
  height = 220,
}: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const emptyRef = useRef<HTMLParagraphElement>(null);
  const emptyNow = useRef(true);
  const [hover, setHover] = useState<{ px: number; step: number } | null>(null);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const draw = () => {
      const inputs: CurveInput[] = sources.map((s) => ({
        id: s.id,
        label: s.label,
        color: s.color,
        series: s.series(),
        divergedAt: s.divergedAt(),
      }));
      const layout = layoutCurves(inputs, width, height, { log, smoothing, yDomain });
      emptyNow.current = layout.empty;
      if (emptyRef.current) emptyRef.current.hidden = !layout.empty;
      const root = select(svg).select<SVGGElement>('g.plot');
      root
        .select('g.x-axis')
        .selectAll('g.tick')
        .data(layout.empty ? [] : layout.xTicks, (d) => (d as { label: string }).label)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'tick');
          g.append('line').attr('y2', 5);
          g.append('text').attr('y', 18).attr('text-anchor', 'middle');
          return g;
        })
        .attr('transform', (d) => `translate(${d.x},${height - MARGIN.top - MARGIN.bottom})`)
        .select('text')
        .text((d) => d.label);
      root
        .select('g.y-axis')
        .selectAll('g.tick')
        .data(layout.empty ? [] : layout.yTicks, (d) => (d as { label: string }).label)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'tick');
          g.append('line').attr('class', 'grid');
          g.append('text').attr('x', -8).attr('dy', '0.32em').attr('text-anchor', 'end');
          return g;
        })
        .attr('transform', (d) => `translate(0,${d.y})`)
        .call((g) => g.select('line').attr('x2', width - MARGIN.left - MARGIN.right))
        .select('text')
        .text((d) => d.label);
      const curves = root
        .select('g.curves')
        .selectAll<SVGGElement, (typeof layout.curves)[number]>('g.curve')
        .data(layout.curves, (d) => d.id)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'curve');
          g.append('path').attr('class', 'raw');
          g.append('path').attr('class', 'smooth');
          g.append('line').attr('class', 'diverged-marker');
          return g;
        });
      curves
        .select('path.raw')
        .attr('d', (d) => d.raw)
        .style('stroke', (d) => d.color)
        .style('fill', (d) => d.color);
      curves
        .select('path.smooth')
        .attr('d', (d) => d.smooth)
        .style('stroke', (d) => d.color);
      curves
        .select('line.diverged-marker')
        .style('display', (d) => (d.diverged ? null : 'none'))
        .attr('x1', (d) => d.diverged?.x ?? 0)
        .attr('x2', (d) => d.diverged?.x ?? 0)
        .attr('y1', 0)
        .attr('y2', height - MARGIN.top - MARGIN.bottom)
        .style('stroke', (d) => d.color);
      const summary = layout.curves
        .map((c) =>
          c.last ? `${c.label}: ${format(c.last.value)} at step ${c.last.step}` : `${c.label}: no data yet`,
        )
        .join('; ');
      svg.setAttribute('aria-label', `${title}. ${summary}`);
      if (summaryRef.current) summaryRef.current.textContent = summary;
    };
    return subscribeTick(bodyRef.current, draw);
  }, [sources, width, height, log, smoothing, yDomain, format, title]);

  const innerH = height - MARGIN.top - MARGIN.bottom;
  const hoverValues =
    hover === null
      ? []
      : sources.map((s) => ({ label: s.label, color: s.color, value: valueAt(s.series(), hover.step) }));

  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-body" ref={bodyRef}>
        <svg
          ref={svgRef}
          width={width}
          height={height}
          role="img"
          aria-label={title}
          onMouseMove={(e) => {
            const rect = e.currentTarget.getBoundingClientRect();
            const px = e.clientX - rect.left;
            if (px < MARGIN.left || px > width - MARGIN.right || emptyNow.current) return setHover(null);
            const layout = layoutCurves(
              sources.map((s) => ({
                id: s.id,
                label: s.label,
                color: s.color,
                series: s.series(),
                divergedAt: null,
              })),
              width,
              height,
              { log, smoothing },
            );
            setHover({ px, step: Math.round(layout.invertX(px)) });
          }}
          onMouseLeave={() => setHover(null)}
        >
          <g className="plot" transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            <g className="y-axis" />
            <g className="x-axis" />
            <g className="curves" />
            {hover && (
              <line
                className="hover-line"
                x1={hover.px - MARGIN.left}
                x2={hover.px - MARGIN.left}
                y1={0}
                y2={innerH}
              />
            )}
          </g>
          <text
            className="axis-label"
            x={MARGIN.left + (width - MARGIN.left - MARGIN.right) / 2}
            y={height - 4}
            textAnchor="middle"
          >
            Training step
          </text>
          <text
            className="axis-label"
            transform={`translate(12,${MARGIN.top + innerH / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            {yLabel}
          </text>
        </svg>
        <p className="chart-empty" ref={emptyRef}>
          {emptyText}
        </p>
        {hover && (
          <div className="chart-readout" style={{ left: Math.min(hover.px + 12, width - 160) }}>
            <div>step {hover.step.toLocaleString('en-US')}</div>
            {hoverValues.map((h) => (
              <div key={h.label}>
                <span className="swatch" style={{ background: h.color }} /> {h.label}:{' '}
                {h.value === null ? '—' : format(h.value)}
              </div>
            ))}
          </div>
        )}
      </div>
      {sources.length > 1 && (
        <ul className="legend" aria-label={`${title} legend`}>
          {sources.map((s) => (
            <li key={s.id}>
              <span className="swatch" style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <p className="sr-only" ref={summaryRef} />
    </figure>
  );
}
