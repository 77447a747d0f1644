// The current batch's histograms of the observed layer's input ("before") and output ("after"),
// side by side, one pair per run, on shared axes. Slow-changing (once per round): D3 computes
// the layout, React renders the bars.

import { useEffect, useId, useRef } from 'react';
import { AxisLabels, PlotArea, SmallMultiples, StaticXTicks, StaticYTicks } from '../../charts/frame.tsx';
import { useWidth } from '../../ui/use-width.ts';
import { kindName } from '../layer-names.ts';
import { type HistogramInput, layoutHistogramPairs, PAIR_MARGIN } from './histogram-layout.ts';
import './activations.css';

interface Props {
  runs: HistogramInput[];
  /** Shown in a run's panel while it has no histogram. */
  emptyText: string;
  height?: number;
}

function kindsText(runs: HistogramInput[]): string {
  const kinds = [...new Set(runs.map((r) => r.kind).filter((k): k is string => !!k))];
  return kinds.length === 1 ? kindName(kinds[0]) : 'the layer';
}

export function HistogramPairs({ runs, emptyText, height = 190 }: Props) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef);
  const previousMax = useRef<number | null>(null);
  const id = useId();
  const layout = layoutHistogramPairs(runs, width, height, previousMax.current);
  useEffect(() => {
    previousMax.current = layout.yMax;
  });
  const { plotWidth, innerH, afterOffset, panelWidth } = layout;
  // One frame for the pair: the y title beside the first plot, the x title under the gap.
  const frame = { width: panelWidth, height, margin: PAIR_MARGIN, innerW: plotWidth, innerH };
  const xCenter = PAIR_MARGIN.left + plotWidth + (afterOffset - plotWidth) / 2;
  const title = `This batch, before and after ${kindsText(runs)}`;
  const kindsDiffer = new Set(runs.map((r) => r.kind)).size > 1;
  return (
    <figure className="chart act-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <SmallMultiples
        runs={layout.runs}
        cols={layout.cols}
        gridRef={bodyRef}
        idPrefix={id}
        heading={(run) => `${run.label}${kindsDiffer && run.kind ? ` · ${kindName(run.kind)}` : ''}`}
        summary={(run) => run.summary}
      >
        {(run, summaryId) => (
          <div className="chart-body">
            <svg
              width={panelWidth}
              height={height}
              role="img"
              aria-label={`${title}: ${run.label}`}
              aria-describedby={summaryId}
            >
              <PlotArea frame={frame}>
                {(['before', 'after'] as const).map((which, k) => (
                  <g key={which} transform={`translate(${k * afterOffset},0)`}>
                    <text className="plot-title" x={plotWidth / 2} y={-8} textAnchor="middle">
                      {which === 'before' ? 'Before' : 'After'}
                    </text>
                    <StaticYTicks ticks={layout.yTicks} innerW={plotWidth} labels={k === 0} />
                    <g className="bars" style={{ fill: run.color, opacity: which === 'before' ? 0.6 : 1 }}>
                      {run[which].map((b, bin) =>
                        b.height > 0 ? (
                          // biome-ignore lint/suspicious/noArrayIndexKey: a bin's index is its identity
                          <rect key={bin} x={b.x} y={b.y} width={b.width} height={b.height} />
                        ) : null,
                      )}
                    </g>
                    <line className="baseline" x1={0} x2={plotWidth} y1={innerH} y2={innerH} />
                    <StaticXTicks ticks={k === 0 ? layout.xTicks : layout.afterXTicks} y={innerH} />
                  </g>
                ))}
              </PlotArea>
              <AxisLabels
                frame={frame}
                x="activation value"
                xCenter={xCenter}
                y="share of values"
                yOffset={11}
              />
            </svg>
            {run.empty && <p className="chart-empty">{emptyText}</p>}
          </div>
        )}
      </SmallMultiples>
    </figure>
  );
}
