// The tracked unit's input over training as percentile bands (2–98, 9–91, 15–85 % and the
// median), one panel per run on shared axes. A streaming chart: an imperative D3 island that
// redraws at most once per animation frame when the store's tick changes; React renders
// only the frames, headings and legend, and the step read-out (charts/StepReadout.tsx): a run's
// median and bands at the step under the pointer, with the rule across every run's panel. The
// legend highlights (hover, focus, press to pin): one band alone at its full shade, or the median,
// the rest faded in every panel.

import { useEffect, useId, useRef } from 'react';
import { PERCENTILES } from '#engine';
import {
  AxisGroups,
  AxisLabels,
  drawAxes,
  isDimmed,
  Legend,
  PlotArea,
  plotFrame,
  redrawPanels,
  SmallMultiples,
  useHighlight,
} from '../../charts/frame.tsx';
import { PanelReadoutBox, ReadoutRule, useStepReadout } from '../../charts/StepReadout.tsx';
import { indexAtStep } from '../../charts/step-readout.ts';
import type { Series } from '../../runtime/series.ts';
import { useWidth } from '../../ui/use-width.ts';
import {
  BAND_LEVELS,
  BANDS_GAP,
  BANDS_MARGIN,
  BANDS_MIN_PANEL,
  type BandsLayout,
  bandShade,
  layoutBands,
} from './bands-layout.ts';
import { formatValue, panelGrid } from './common.ts';
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

/** Where percentile `p` sits among a run's series (PERCENTILES' order). */
const at = (p: number) => (PERCENTILES as readonly number[]).indexOf(p);
/** Opacity of a band, and of the median, the legend's highlight fades. */
const FADED_BAND = 0.05;
const FADED_MEDIAN = 0.2;

export function PercentileBands({ sources, unitLabel, over, emptyText, height = 190 }: Props) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef);
  const id = useId();
  const { cols, panelWidth } = panelGrid(width, sources.length, BANDS_MIN_PANEL, BANDS_GAP);
  const subject = `${unitLabel} input${over ? ` ${over}` : ''}`;
  // One run: the legend speaks its colour; several: a neutral ink for "this shade means".
  const legendColor = sources.length === 1 ? sources[0].color : 'var(--text)';
  const title = `${unitLabel[0].toUpperCase()}${unitLabel.slice(1)} input over training${over ? `, ${over}` : ''}`;
  const wrapRef = useRef<HTMLDivElement>(null);
  const highlight = useHighlight();
  const { highlighted } = highlight;
  /** A band's opacity: its own, its full shade alone when highlighted, faded under another. */
  const bandOpacity = (i: number) => {
    const b = BAND_LEVELS[i];
    if (highlighted === b.from) return bandShade(i);
    return isDimmed(highlighted, b.from) ? FADED_BAND : b.opacity;
  };
  const medianOpacity = isDimmed(highlighted, 'median') ? FADED_MEDIAN : undefined;
  /** The last drawn layout: the read-out maps the pointer through its step axis. */
  const lastLayout = useRef<BandsLayout | null>(null);
  const median = (panel: string) => sources[Number(panel)]?.percentiles()[at(50)] ?? null;
  const readout = useStepReadout({
    stepAt: (x, panel) => {
      const layout = lastLayout.current;
      const mid = median(panel);
      const px = x - BANDS_MARGIN.left;
      if (!layout || layout.empty || !mid || mid.length === 0 || px < 0 || px > layout.innerW) return null;
      const [d0, d1] = layout.xDomain;
      return mid.x[indexAtStep({ steps: mid.x, length: mid.length }, d0 + (px / layout.innerW) * (d1 - d0))];
    },
    steps: (panel) => {
      const mid = median(panel);
      return mid && { steps: mid.x, length: mid.length };
    },
  });

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
      lastLayout.current = layout;
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
  const shown = readout.at;
  const layout = lastLayout.current;
  const ruleX =
    shown && layout && !layout.empty
      ? ((shown.step - layout.xDomain[0]) / (layout.xDomain[1] - layout.xDomain[0])) * layout.innerW
      : null;
  /** The picked run's median and bands at the step. */
  const box = () => {
    const run = shown ? sources[Number(shown.panel)] : undefined;
    if (!shown || !run) return null;
    const series = run.percentiles();
    const value = (p: number) => {
      const s = series[at(p)];
      const i = s ? indexAtStep({ steps: s.x, length: s.length }, shown.step) : -1;
      return i < 0 ? '—' : formatValue(s.mean[i]);
    };
    const rows = [
      { key: 'median', label: 'median', swatch: { background: run.color }, value: value(50) },
      ...[...BAND_LEVELS].reverse().map((b) => ({
        key: b.from,
        label: `${b.from}–${b.to} %`,
        swatch: { background: run.color, opacity: bandShade(BAND_LEVELS.indexOf(b)) },
        value: `${value(b.from)} to ${value(b.to)}`,
      })),
    ];
    return { title: run.label, rows };
  };
  const b = ruleX === null ? null : box();
  return (
    <figure className="chart act-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-body" ref={wrapRef}>
        <SmallMultiples runs={sources} cols={cols} gridRef={bodyRef} idPrefix={id} live>
          {(s, summaryId, i) => (
            <div className="chart-body">
              <svg
                width={panelWidth}
                height={height}
                role="img"
                aria-label={`${title}: ${s.label}`}
                aria-describedby={summaryId}
                {...readout.bind(String(i))}
              >
                <PlotArea frame={frame}>
                  <AxisGroups />
                  {BAND_LEVELS.map((b, k) => (
                    <path
                      key={b.from}
                      className="act-band"
                      data-band={b.from}
                      style={{ fill: s.color, opacity: bandOpacity(k), stroke: 'none' }}
                    />
                  ))}
                  {/* A halo in the card colour keeps the median legible over its own band. */}
                  <path className="act-median act-median-halo" style={{ opacity: medianOpacity }} />
                  <path className="act-median" style={{ stroke: s.color, opacity: medianOpacity }} />
                  {ruleX !== null && <ReadoutRule x={ruleX} height={frame.innerH} />}
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
            margin={BANDS_MARGIN}
            width={width}
            title={sources.length > 1 ? b.title : undefined}
            step={shown.step}
            rows={b.rows}
          />
        )}
      </div>
      <Legend
        label={`${title} legend`}
        highlight={highlight}
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
