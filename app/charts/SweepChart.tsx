// Final loss vs the swept knob, one line per run (a slow-changing chart: D3 computes the
// layout, React renders the SVG). Diverged points are crosses on a labelled row on top.

import { useMemo, useRef } from 'react';
import type { SweepMetric } from '#engine';
import type { SweepResult, SweepSkip } from '../store/run-slice.ts';
import { STROKE_WIDTHS } from '../tokens.ts';
import { useWidth } from '../ui/use-width.ts';
import {
  AxisLabels,
  Legend,
  PlotArea,
  plotFrame,
  runLegendItems,
  StaticXTicks,
  StaticYTicks,
} from './frame.tsx';
import {
  CROSS_HALF,
  layoutSweep,
  SWEEP_MARGIN,
  SWEEP_METRIC_TEXT,
  type SweepSeriesInput,
} from './sweep-layout.ts';

interface Props {
  knobLabel: string;
  results: SweepResult[];
  values: readonly (number | string)[];
  series: SweepSeriesInput[];
  /** Points the experiment rules refused, drawn as open squares on the x axis. */
  skipped?: readonly SweepSkip[];
  height?: number;
  /** What the y axis shows: final train loss (default) or test error. */
  metric?: SweepMetric;
}

const NONE_SKIPPED: readonly SweepSkip[] = [];

/** A diverged point's cross, centred on (x, y). */
function crossPath(x: number, y: number): string {
  const h = CROSS_HALF;
  return `M${x - h},${y - h}L${x + h},${y + h}M${x - h},${y + h}L${x + h},${y - h}`;
}

export function SweepChart({
  knobLabel,
  results,
  values,
  series,
  skipped = NONE_SKIPPED,
  height = 240,
  metric = 'loss',
}: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref, 420);
  const layout = useMemo(
    () => layoutSweep(results, values, series, width, height, skipped, metric),
    [results, values, series, width, height, skipped, metric],
  );
  const frame = plotFrame(width, height, SWEEP_MARGIN);
  const { innerW, innerH } = frame;
  const summary = [
    ...layout.series.flatMap((s) => s.points.map((p) => p.text)),
    ...layout.skipped.map((k) => k.text),
  ].join('; ');
  const text = SWEEP_METRIC_TEXT[metric];
  const anyDiverged = layout.series.some((s) => s.points.some((p) => p.diverged));
  return (
    <figure className="chart" ref={ref}>
      <figcaption className="chart-title">
        {text.title} vs {knobLabel}
      </figcaption>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${text.title} vs ${knobLabel}. ${summary || 'No results yet.'}`}
      >
        <PlotArea frame={frame}>
          <StaticYTicks ticks={layout.yTicks} innerW={innerW} labelX={-8} />
          <StaticXTicks ticks={layout.xTicks} y={innerH} mark={5} labelY={18} />
          {anyDiverged && (
            <text className="axis-label" x={-8} y={layout.divergedRowY} dy="0.32em" textAnchor="end">
              diverged
            </text>
          )}
          {layout.series.map((s) => (
            <g key={s.runId}>
              {s.path && (
                <path d={s.path} fill="none" strokeWidth={STROKE_WIDTHS.line} style={{ stroke: s.color }} />
              )}
              {s.points.map((p) =>
                p.diverged ? (
                  <path
                    key={p.key}
                    d={crossPath(p.x, p.y)}
                    strokeWidth={STROKE_WIDTHS.line}
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
          {layout.skipped.map((k) => (
            <rect
              key={k.key}
              className="sweep-skipped"
              x={k.x - 4}
              y={k.y - 4}
              width={8}
              height={8}
              fill="none"
              strokeWidth={STROKE_WIDTHS.thin}
              strokeDasharray="2 2"
              style={{ stroke: k.color }}
            >
              <title>{k.text}</title>
            </rect>
          ))}
        </PlotArea>
        <AxisLabels frame={frame} x={knobLabel} y={text.axis} />
      </svg>
      {series.length > 1 && <Legend items={runLegendItems(series)} />}
    </figure>
  );
}
