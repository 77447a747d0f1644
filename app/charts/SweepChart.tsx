// Final loss vs the swept knob, one line per run (a slow-changing chart: D3 computes the
// layout, React renders the SVG). Diverged points are crosses on a labelled row on top.

import { useMemo, useRef } from 'react';
import type { SweepResult } from '../store/run-slice.ts';
import { useWidth } from '../ui/use-width.ts';
import { layoutSweep, SWEEP_MARGIN, type SweepSeriesInput } from './sweep-layout.ts';

interface Props {
  knobLabel: string;
  results: SweepResult[];
  values: readonly (number | string)[];
  series: SweepSeriesInput[];
  height?: number;
}

export function SweepChart({ knobLabel, results, values, series, height = 240 }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref, 420);
  const layout = useMemo(
    () => layoutSweep(results, values, series, width, height),
    [results, values, series, width, height],
  );
  const innerW = width - SWEEP_MARGIN.left - SWEEP_MARGIN.right;
  const innerH = height - SWEEP_MARGIN.top - SWEEP_MARGIN.bottom;
  const summary = layout.series.flatMap((s) => s.points.map((p) => p.text)).join('; ');
  const anyDiverged = layout.series.some((s) => s.points.some((p) => p.diverged));
  return (
    <figure className="chart" ref={ref}>
      <figcaption className="chart-title">Final training loss vs {knobLabel}</figcaption>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Final training loss vs ${knobLabel}. ${summary || 'No results yet.'}`}
      >
        <g transform={`translate(${SWEEP_MARGIN.left},${SWEEP_MARGIN.top})`}>
          {layout.yTicks.map((t) => (
            <g key={t.label} className="tick" transform={`translate(0,${t.y})`}>
              <line className="grid" x2={innerW} />
              <text x={-8} dy="0.32em" textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          {layout.xTicks.map((t) => (
            <g key={t.label} className="tick" transform={`translate(${t.x},${innerH})`}>
              <line y2={5} />
              <text y={18} textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
          {anyDiverged && (
            <text className="axis-label" x={-8} y={layout.divergedRowY} dy="0.32em" textAnchor="end">
              diverged
            </text>
          )}
          {layout.series.map((s) => (
            <g key={s.runId}>
              {s.path && <path d={s.path} fill="none" strokeWidth={2} style={{ stroke: s.color }} />}
              {s.points.map((p) =>
                p.diverged ? (
                  <path
                    key={p.key}
                    d={`M${p.x - 5},${p.y - 5}L${p.x + 5},${p.y + 5}M${p.x - 5},${p.y + 5}L${p.x + 5},${p.y - 5}`}
                    strokeWidth={2}
                    style={{ stroke: s.color }}
                  >
                    <title>{p.text}</title>
                  </path>
                ) : (
                  <circle key={p.key} cx={p.x} cy={p.y} r={4} style={{ fill: s.color }}>
                    <title>{p.text}</title>
                  </circle>
                ),
              )}
            </g>
          ))}
        </g>
        <text className="axis-label" x={SWEEP_MARGIN.left + innerW / 2} y={height - 4} textAnchor="middle">
          {knobLabel}
        </text>
        <text
          className="axis-label"
          transform={`translate(12,${SWEEP_MARGIN.top + innerH / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          Final loss
        </text>
      </svg>
      {series.length > 1 && (
        <ul className="legend">
          {series.map((s) => (
            <li key={s.runId}>
              <span className="swatch" style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
