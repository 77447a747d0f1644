// The tracked unit's input over training as percentile bands (2–98, 9–91, 15–85 % and the
// median), one panel per run on shared axes. A streaming chart: an imperative D3 island that
// redraws at most once per animation frame when the store's tick changes; React renders
// only the frames, headings and legend.

import { select } from 'd3';
import { useEffect, useId, useRef } from 'react';
import { joinXTicks, joinYTicks } from '../../charts/ticks.ts';
import type { Series } from '../../runtime/series.ts';
import { useWidth } from '../../ui/use-width.ts';
import {
  BAND_LEVELS,
  BANDS_GAP,
  BANDS_MARGIN,
  BANDS_MIN_PANEL,
  bandShade,
  layoutBands,
} from './bands-layout.ts';
import { panelGrid } from './common.ts';
import './activations.css';
import { setHidden, setText } from '../../ui/dom.ts';
import { subscribeTick } from '../../ui/live.ts';

export interface BandSource {
  id: string;
  label: string;
  color: string;
  /** One Series per PERCENTILES entry (metricsFor(id).unitPercentiles). */
  percentiles: () => Series[];
}

interface Props {
  sources: BandSource[];
  /** What is tracked, e.g. "unit 0" or "channel 3". */
  unitLabel: string;
  emptyText: string;
  height?: number;
}

export function PercentileBands({ sources, unitLabel, emptyText, height = 190 }: Props) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef);
  const id = useId();
  const { cols, panelWidth } = panelGrid(width, sources.length, BANDS_MIN_PANEL, BANDS_GAP);
  const subject = `${unitLabel} input`;
  // One run: the legend speaks its colour; several: a neutral ink for "this shade means".
  const legendColor = sources.length === 1 ? sources[0].color : 'var(--text)';
  const title = `${subject[0].toUpperCase()}${subject.slice(1)} over training`;

  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const draw = () => {
      const layout = layoutBands(
        sources.map((s) => ({ id: s.id, label: s.label, color: s.color, percentiles: s.percentiles() })),
        width,
        height,
        subject,
      );
      layout.panels.forEach((panel, i) => {
        const root = body.querySelector<HTMLElement>(`[data-panel="${i}"]`);
        if (!root) return;
        const plot = select(root).select<SVGGElement>('g.plot');
        joinXTicks(plot.select('g.x-axis'), layout.xTicks, layout.innerH);
        joinYTicks(plot.select('g.y-axis'), layout.yTicks, layout.innerW);
        plot
          .selectAll<SVGPathElement, string>('path.act-band')
          .data(panel.bands)
          .attr('d', (d) => d);
        plot.selectAll('path.act-median').attr('d', panel.median);
        const empty = root.querySelector<HTMLElement>('.chart-empty');
        setHidden(empty, !panel.empty);
        const summary = root.querySelector<HTMLElement>('.act-summary');
        setText(summary, panel.summary);
      });
    };
    return subscribeTick(bodyRef.current, draw);
  }, [sources, width, height, subject]);

  const innerW = Math.max(10, panelWidth - BANDS_MARGIN.left - BANDS_MARGIN.right);
  const innerH = Math.max(10, height - BANDS_MARGIN.top - BANDS_MARGIN.bottom);
  return (
    <figure className="chart act-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div
        className="act-grid"
        ref={bodyRef}
        style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}
      >
        {sources.map((s, i) => (
          <div className="act-panel" key={s.id} data-panel={i}>
            {sources.length > 1 && (
              <p className="act-panel-title">
                <span className="swatch" style={{ background: s.color }} />
                {s.label}
              </p>
            )}
            <div className="chart-body">
              <svg
                width={panelWidth}
                height={height}
                role="img"
                aria-label={`${title}: ${s.label}`}
                aria-describedby={`${id}-summary-${i}`}
              >
                <g className="plot" transform={`translate(${BANDS_MARGIN.left},${BANDS_MARGIN.top})`}>
                  <g className="y-axis" />
                  <g className="x-axis" />
                  {BAND_LEVELS.map((b) => (
                    <path
                      key={b.from}
                      className="act-band"
                      style={{ fill: s.color, opacity: b.opacity, stroke: 'none' }}
                    />
                  ))}
                  {/* A halo in the card colour keeps the median legible over its own band. */}
                  <path className="act-median act-median-halo" />
                  <path className="act-median" style={{ stroke: s.color }} />
                </g>
                <text
                  className="axis-label"
                  x={BANDS_MARGIN.left + innerW / 2}
                  y={height - 4}
                  textAnchor="middle"
                >
                  training step
                </text>
                <text
                  className="axis-label"
                  transform={`translate(11,${BANDS_MARGIN.top + innerH / 2}) rotate(-90)`}
                  textAnchor="middle"
                >
                  activation value
                </text>
              </svg>
              <p className="chart-empty">{emptyText}</p>
            </div>
            <p className="act-summary" id={`${id}-summary-${i}`} />
          </div>
        ))}
      </div>
      <ul className="legend" aria-label={`${title} legend`}>
        {BAND_LEVELS.map((b, i) => (
          <li key={b.from}>
            <span className="swatch" style={{ background: legendColor, opacity: bandShade(i) }} />
            {b.from}–{b.to} %
          </li>
        ))}
        <li>
          <span className="act-median-swatch" style={{ borderColor: legendColor }} />
          median
        </li>
      </ul>
    </figure>
  );
}
