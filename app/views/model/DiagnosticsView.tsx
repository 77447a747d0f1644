// Training diagnostics as three small multiples sharing the step axis: gradient norm,
// saturated units and update-to-weight ratio, one line per parametrized layer. An imperative
// D3 island (redrawn at most once per animation frame on the store's tick); React renders
// the frames, the legend (a layer's entry highlights its lines), the step read-out (every
// layer's value at the step under the pointer, charts/StepReadout.tsx) and the run picker. `DiagnosticsChart` takes its data as props (for
// tests); `DiagnosticsView` is the live one.

import { select } from 'd3';
import { type CSSProperties, useCallback, useMemo, useRef, useState } from 'react';
import type { LayerInfo } from '#engine';
import {
  AxisLabels,
  drawAxes,
  isDimmed,
  Legend,
  PlotArea,
  plotFrame,
  type SeriesKey,
  useHighlight,
} from '../../charts/frame.tsx';
import { ReadoutBox, ReadoutRule, useStepReadout } from '../../charts/StepReadout.tsx';
import { indexAtStep, type ReadoutBounds } from '../../charts/step-readout.ts';
import { metricsFor } from '../../runtime/metrics.ts';
import type { RowSeries } from '../../runtime/row-series.ts';
import { store, useStore } from '../../store/index.ts';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { useWidth } from '../../ui/use-width.ts';
import { layerText } from '../layer-names.ts';
import {
  activationAfter,
  DIAG_AXIS_HEIGHT,
  DIAG_MARGIN,
  DIAGNOSTIC_METRICS,
  DISTINCT_LAYERS,
  type DiagnosticMetric,
  diagnosticLayerLabel,
  formatMetric,
  isParametrized,
  type LayerColor,
  layerColor,
  layoutPanel,
  METRIC_INFO,
  type PanelLayout,
  panelSummary,
  REFERENCE_LABEL,
  sharedStepMax,
  shownColumns,
} from './diagnostics-layout.ts';
import { useTickRedraw } from './use-tick-redraw.ts';
import './model.css';
import { setHidden, setText } from '../../ui/dom.ts';

/** What the chart reads on every redraw; a run's RunMetrics has this shape. */
export interface DiagnosticsData {
  gradNorm: RowSeries | null;
  updateRatio: RowSeries | null;
  saturated: RowSeries | null;
  /** Model layer index of each column. */
  diagnosticLayers: number[];
}

export interface DiagnosticsChartProps {
  /** Reads the current histories (on every redraw, and for the read-out while it is shown). */
  data: () => DiagnosticsData;
  /** The run's layers: legend labels and which layers have an activation to saturate. */
  layers: readonly LayerInfo[];
  /** Run label, added to the chart names when the view shows one of several runs. */
  runLabel?: string;
  emptyText?: string;
  /** Plot height of each panel in pixels. */
  panelHeight?: number;
}

const PANEL_HINT: Record<DiagnosticMetric, string> = {
  gradNorm: 'L2 norm of each layer’s weight gradient on the last batch.',
  saturated:
    'Units after each layer’s activation that are stuck: tanh/sigmoid within 0.02 of a limit, ReLU never active on the batch.',
  updateRatio: 'How much one step changed the weights, relative to their size.',
};

export function DiagnosticsChart({
  data,
  layers,
  runLabel,
  emptyText = 'Press Play to train.',
  panelHeight = 96,
}: DiagnosticsChartProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef);
  const svgRefs = useRef<Partial<Record<DiagnosticMetric, SVGSVGElement | null>>>({});
  const emptyRef = useRef<HTMLParagraphElement>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const suffix = runLabel ? ` (${runLabel})` : '';
  // One panel's frame; the last panel is taller by the shared step axis under its plot.
  const panelFrame = plotFrame(width, DIAG_MARGIN.top + panelHeight + DIAG_MARGIN.bottom, DIAG_MARGIN, 10);
  const { innerW } = panelFrame;

  const paramLayers = useMemo(() => layers.filter(isParametrized), [layers]);
  /** The reader asked to see every layer of a deep network (colours then repeat). */
  const [allLayers, setAllLayers] = useState(false);
  const highlight = useHighlight();
  const { highlighted } = highlight;
  /** The last drawn panels: the read-out maps the pointer through their step scale. */
  const lastLayouts = useRef<Partial<Record<DiagnosticMetric, PanelLayout>>>({});
  const readout = useStepReadout({
    stepAt: (x, panel) => {
      const layout = lastLayouts.current[panel as DiagnosticMetric];
      const series = data()[panel as DiagnosticMetric];
      const px = x - DIAG_MARGIN.left;
      if (!layout || layout.empty || !series || px < 0 || px > layout.innerW) return null;
      // The recorded step nearest at or before the pointer (the last one past the data's end).
      return series.steps[indexAtStep(series, layout.invertX(px))];
    },
    steps: (panel) => data()[panel as DiagnosticMetric],
  });

  const draw = useCallback(() => {
    const d = data();
    const labelOf = (k: number) => {
      const index = d.diagnosticLayers[k] ?? paramLayers[k]?.index ?? k;
      return diagnosticLayerLabel(layers, index);
    };
    const saturating = (k: number) => {
      if (layers.length === 0) return true;
      const index = d.diagnosticLayers[k] ?? paramLayers[k]?.index;
      return index !== undefined && activationAfter(layers, index) !== null;
    };
    const stepMax = sharedStepMax([d.gradNorm, d.saturated, d.updateRatio]);
    const latestStep = d.gradNorm && d.gradNorm.length > 0 ? d.gradNorm.steps[d.gradNorm.length - 1] : null;
    const layouts = {} as Record<DiagnosticMetric, PanelLayout>;
    let allEmpty = true;
    for (const metric of DIAGNOSTIC_METRICS) {
      const series = d[metric];
      const shown = shownColumns(series?.width ?? 0, allLayers);
      const columns = shown.filter((k) => metric !== 'saturated' || saturating(k));
      const layout = layoutPanel(metric, series, { innerW, innerH: panelHeight, stepMax, columns });
      layouts[metric] = layout;
      lastLayouts.current[metric] = layout;
      allEmpty &&= layout.empty;
      const svg = svgRefs.current[metric];
      if (svg)
        drawPanel(svg, layout, metric === 'updateRatio', highlighted, (k) => layerColor(shown.indexOf(k)));
      const summary = panelSummary(layout, labelOf, latestStep);
      svg?.setAttribute('aria-label', `${METRIC_INFO[metric].title} by layer${suffix}. ${summary}`);
    }
    setHidden(emptyRef.current, !allEmpty);
    // The latest-values table: one row per parametrized layer.
    const width = d.gradNorm?.width ?? 0;
    const rows = allEmpty ? [] : Array.from({ length: width }, (_, k) => k);
    const cell = (metric: DiagnosticMetric, k: number) => {
      if (metric === 'saturated' && !saturating(k)) return 'no activation';
      const v = layouts[metric].lines.find((l) => l.column === k)?.last;
      return v === null || v === undefined ? '—' : formatMetric(metric, v);
    };
    if (tableRef.current) {
      select(tableRef.current)
        .selectAll<HTMLTableRowElement, number>('tr')
        .data(rows, (k) => String(k))
        .join((enter) => {
          const tr = enter.append('tr');
          tr.append('th').attr('scope', 'row');
          for (const _ of DIAGNOSTIC_METRICS) tr.append('td');
          return tr;
        })
        .call((tr) =>
          tr.select<HTMLTableCellElement>('th').each(function (k) {
            setText(this, labelOf(k));
          }),
        )
        .each(function (k) {
          select(this)
            .selectAll<HTMLTableCellElement, DiagnosticMetric>('td')
            .data(DIAGNOSTIC_METRICS)
            .each(function (metric) {
              setText(this, cell(metric, k));
            });
        });
    }
  }, [data, layers, paramLayers, innerW, panelHeight, suffix, highlighted, allLayers]);

  useTickRedraw(draw, bodyRef);

  const at = readout.at;
  const atLayout = at ? lastLayouts.current[at.panel as DiagnosticMetric] : undefined;
  const ruleX = at && atLayout && !atLayout.empty ? atLayout.x(at.step) : null;
  /** The read-out's rows: each charted layer's value of the picked panel's metric at the step. */
  const readoutRows = () => {
    if (!at || !atLayout) return [];
    const metric = at.panel as DiagnosticMetric;
    const d = data();
    const series = d[metric];
    if (!series) return [];
    const r = indexAtStep(series, at.step);
    const shown = shownColumns(series.width, allLayers);
    return atLayout.lines.map((l) => {
      const c = layerColor(shown.indexOf(l.column));
      const index = d.diagnosticLayers[l.column] ?? paramLayers[l.column]?.index ?? l.column;
      return {
        key: l.column,
        label: layerText(layers, index) ?? `Layer ${l.column + 1}`,
        swatchClass: 'swatch layer-swatch',
        swatch: { '--lc-light': c.light, '--lc-dark': c.dark } as CSSProperties,
        value: r < 0 ? '—' : formatMetric(metric, series.rows[r * series.width + l.column]),
      };
    });
  };

  return (
    <figure className="chart diag">
      <figcaption className="chart-title">Training diagnostics{suffix}</figcaption>
      {paramLayers.length > 0 && (
        <Legend
          className="diag-legend"
          label={`Diagnostics legend${suffix}`}
          highlight={highlight}
          items={shownColumns(paramLayers.length, allLayers).map((k, slot) => {
            const c = layerColor(slot);
            return {
              key: k,
              swatchClass: 'swatch layer-swatch',
              swatch: { '--lc-light': c.light, '--lc-dark': c.dark } as CSSProperties,
              label: diagnosticLayerLabel(layers, paramLayers[k].index),
            };
          })}
        />
      )}
      {paramLayers.length > DISTINCT_LAYERS && (
        <p className="diag-subset">
          {allLayers
            ? `All ${paramLayers.length} layers: colours repeat every ${DISTINCT_LAYERS}.`
            : `${DISTINCT_LAYERS} of ${paramLayers.length} layers, evenly spaced from the first to the output, each in a colour of its own.`}{' '}
          <button type="button" className="diag-subset-toggle" onClick={() => setAllLayers((all) => !all)}>
            {allLayers ? `Show ${DISTINCT_LAYERS}` : `Show all ${paramLayers.length}`}
          </button>
        </p>
      )}
      <div className="chart-body diag-body" ref={bodyRef}>
        {DIAGNOSTIC_METRICS.map((metric, i) => {
          const last = i === DIAGNOSTIC_METRICS.length - 1;
          const height = DIAG_MARGIN.top + panelHeight + DIAG_MARGIN.bottom + (last ? DIAG_AXIS_HEIGHT : 0);
          const frame = { ...panelFrame, height };
          return (
            <div className="diag-panel" key={metric}>
              <div className="diag-panel-title">
                {METRIC_INFO[metric].title}
                <span className="diag-hint"> {PANEL_HINT[metric]}</span>
                {metric === 'updateRatio' && (
                  <span className="diag-ref-key">
                    <svg width={20} height={8} aria-hidden="true">
                      <line className="diag-ref-line" x1={0} x2={20} y1={4} y2={4} />
                    </svg>
                    {REFERENCE_LABEL}
                  </span>
                )}
              </div>
              <svg
                ref={(el) => {
                  svgRefs.current[metric] = el;
                }}
                width={width}
                height={height}
                role="img"
                aria-label={`${METRIC_INFO[metric].title} by layer${suffix}`}
                {...readout.bind(metric)}
              >
                <PlotArea frame={frame}>
                  <g className="x-grid" />
                  <g className="y-axis" />
                  <g className="reference" />
                  <g className="lines" />
                  {last && <g className="x-axis" transform={`translate(0,${panelHeight})`} />}
                  {ruleX !== null && <ReadoutRule x={ruleX} height={panelHeight} />}
                </PlotArea>
                <AxisLabels
                  frame={frame}
                  x={last ? 'Training step' : undefined}
                  y={METRIC_INFO[metric].yLabel}
                />
              </svg>
            </div>
          );
        })}
        <p className="chart-empty diag-empty" ref={emptyRef}>
          {emptyText}
        </p>
        {at && ruleX !== null && (
          <ReadoutBox
            x={DIAG_MARGIN.left + ruleX}
            width={width}
            {...readoutPlace(svgRefs.current[at.panel as DiagnosticMetric], bodyRef.current)}
            title={METRIC_INFO[at.panel as DiagnosticMetric].title}
            step={at.step}
            rows={readoutRows()}
            highlighted={highlighted}
            live={at.keyboard}
          />
        )}
      </div>
      <details className="diag-details">
        <summary>Latest values{suffix}</summary>
        <table className="run-table diag-table">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              {DIAGNOSTIC_METRICS.map((m) => (
                <th scope="col" key={m}>
                  {METRIC_INFO[m].title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={tableRef} />
        </table>
      </details>
    </figure>
  );
}

/**
 * Where a panel's read-out box goes, px below the chart body's top: at the top of its plot, and
 * within the panel (its heading to its SVG's bottom), so that a box of many layers never covers
 * the next panel's heading (on a phone nine layers are taller than a panel).
 */
function readoutPlace(
  svg: SVGSVGElement | null | undefined,
  body: HTMLElement | null,
): { top: number; bounds?: ReadoutBounds } {
  const panel = svg?.parentElement;
  if (!svg || !panel || !body) return { top: DIAG_MARGIN.top };
  const origin = body.getBoundingClientRect().top;
  const plot = svg.getBoundingClientRect();
  return {
    top: plot.top - origin + DIAG_MARGIN.top,
    bounds: { top: panel.getBoundingClientRect().top - origin, bottom: plot.bottom - origin },
  };
}

/**
 * Draws one panel from its layout (ticks, grid, the dashed reference line, one path per layer,
 * coloured by `colorOf`).
 * With `highlighted` (a layer's column), that layer's line is drawn on top and the others faint.
 */
function drawPanel(
  svg: SVGSVGElement,
  layout: PanelLayout,
  withReference: boolean,
  highlighted: SeriesKey | null,
  colorOf: (column: number) => LayerColor,
): void {
  const root = select(svg).select<SVGGElement>('g.plot');
  const { innerW, innerH } = layout;
  root
    .select('g.x-grid')
    .selectAll<SVGLineElement, { x: number; label: string }>('line')
    .data(layout.empty ? [] : layout.xTicks, (d) => d.label)
    .join((enter) => enter.append('line').attr('class', 'grid').attr('y1', 0))
    .attr('x1', (d) => d.x)
    .attr('x2', (d) => d.x)
    .attr('y2', innerH);
  drawAxes(root, layout.empty ? [] : layout.xTicks, layout.yTicks, { innerW, xAt: 0, xMark: 5, xLabelY: 17 });
  // The rule-of-thumb line, under the layers' lines; the panel's key names it (REFERENCE_LABEL).
  root
    .select('g.reference')
    .selectAll<SVGLineElement, { y: number }>('line.diag-ref-line')
    .data(withReference && layout.reference ? [layout.reference] : [])
    .join((enter) => enter.append('line').attr('class', 'diag-ref-line'))
    .attr('x1', 0)
    .attr('x2', innerW)
    .attr('y1', (d) => d.y)
    .attr('y2', (d) => d.y);
  const paths = root
    .select('g.lines')
    .selectAll<SVGPathElement, PanelLayout['lines'][number]>('path.diag-line')
    .data(layout.lines, (d) => String(d.column))
    .join('path')
    .attr('class', 'diag-line')
    .attr('d', (d) => d.d)
    .classed('diag-dim', (d) => isDimmed(highlighted, d.column))
    .classed('diag-emph', (d) => d.column === highlighted)
    .each(function (d) {
      const c = colorOf(d.column);
      this.style.setProperty('--lc-light', c.light);
      this.style.setProperty('--lc-dark', c.dark);
    });
  if (highlighted !== null) paths.filter((d) => d.column === highlighted).raise();
}

/** The live diagnostics of the current runs; with several runs, a picker chooses one. */
export function DiagnosticsView() {
  // Re-render only when the set of runs or their networks change, not per step.
  const runKey = useStore((s) =>
    s.runs.map((r) => `${r.id}|${r.label}|${r.color}|${r.layers.map((l) => l.kind).join('.')}`).join(','),
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the runs change, not per step
  const runs = useMemo(() => store.getState().runs, [runKey]);
  const { run, pick } = usePickedRun(runs);
  const runId = run?.id ?? null;
  const data = useCallback(() => (runId === null ? EMPTY : metricsFor(runId)), [runId]);
  return (
    <div className="model-view">
      {run && <RunPicker runs={runs} value={run.id} onChange={pick} label="Diagnostics of run" />}
      <DiagnosticsChart
        data={data}
        layers={run?.layers ?? NO_LAYERS}
        runLabel={runs.length > 1 ? run?.label : undefined}
      />
    </div>
  );
}

const EMPTY: DiagnosticsData = { gradNorm: null, updateRatio: null, saturated: null, diagnosticLayers: [] };
const NO_LAYERS: LayerInfo[] = [];
