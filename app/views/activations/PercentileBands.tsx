// The tracked unit's input over training as percentile bands (2–98, 9–91, 15–85 % and the
// median), one panel per run on shared axes. A streaming chart: an imperative D3 island that
// redraws at most once per animation frame when the store's tick changes; React renders
// only the frames, headings and legend.

import { useEffect, useId, useRef } from 'react';
import {
  AxisGroups,
  AxisLabels,
  drawAxes,
  Legend,
  PlotArea,
  plotFrame,
  redrawPanels,
  SmallMultiples,
} from '../../charts/frame.tsx';
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
  /**
   * What the percentiles are over when not the step's own batch, e.g. "on a fixed set of 300 test
   * digits" (ObserveRequest.probe); said in the title and in each panel's summary.
   */
  over?: string;
  emptyText: string;
  height?: number;
}

export function PercentileBands({ sources, unitLabel, over, emptyText, height = 190 }: Props) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef);
  const id = useId();
  const { cols, panelWidth } = panelGrid(width, sources.length, BANDS_MIN_PANEL, BANDS_GAP);
  const subject = `${unitLabel} input${over ? ` ${over}` : ''}`;
  // One run: the legend speaks its colour; several: a neutral ink for "this shade means".
  const legendColor = sources.length === 1 ? sources[0].color : 'var(--text)';
  const title = `${unitLabel[0].toUpperCase()}${unitLabel.slice(1)} input over training${over ? `, ${over}` : ''}`;

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
      redrawPanels(body, layout.panels, (plot, panel) => {
        drawAxes(plot, layout.xTicks, layout.yTicks, { innerW: layout.innerW, xAt: layout.innerH });
        plot
          .selectAll<SVGPathElement, string>('path.act-band')
          .data(panel.bands)
          .attr('d', (d) => d);
        plot.selectAll('path.act-median').attr('d', panel.median);
      });
    };
    return subscribeTick(bodyRef.current, draw);
  }, [sources, width, height, subject]);

  const frame = plotFrame(panelWidth, height, BANDS_MARGIN, 10);
  return (
    <figure className="chart act-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <SmallMultiples runs={sources} cols={cols} gridRef={bodyRef} idPrefix={id} live>
        {(s, summaryId) => (
          <div className="chart-body">
            <svg
              width={panelWidth}
              height={height}
              role="img"
              aria-label={`${title}: ${s.label}`}
              aria-describedby={summaryId}
            >
              <PlotArea frame={frame}>
                <AxisGroups />
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
              </PlotArea>
              <AxisLabels frame={frame} x="training step" y="activation value" yOffset={11} />
            </svg>
            <p className="chart-empty">{emptyText}</p>
          </div>
        )}
      </SmallMultiples>
      <Legend
        label={`${title} legend`}
        items={[
          ...BAND_LEVELS.map((b, i) => ({
            key: b.from,
            swatch: { background: legendColor, opacity: bandShade(i) },
            label: `${b.from}–${b.to} %`,
          })),
          {
            key: 'median',
            swatch: { borderColor: legendColor },
            swatchClass: 'act-median-swatch',
            label: 'median',
          },
        ]}
      />
    </figure>
  );
}
