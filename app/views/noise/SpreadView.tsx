// Lesson 12's spread chart, presentational: one test digit's logit spread over random batch-mates
// against the batch size (log-log), the 1/√B reference, the headline and the redraw controls.
// Props only, so a browser test renders it from a fixed SpreadResult.

import { type ReactNode, useId, useMemo, useRef } from 'react';
import type { SpreadResult } from '#engine';
import { AxisLabels, Legend, PlotArea, plotFrame, StaticXTicks, StaticYTicks } from '../../charts/frame.tsx';
import { useWidth } from '../../ui/use-width.ts';
import { layoutSpread, SPREAD_MARGIN, spreadSummary } from './spread-layout.ts';
import './noise.css';

export const SPREAD_TITLE = 'One digit, many batch-mates';
const HEIGHT = 220;

export interface SpreadViewProps {
  result: SpreadResult | null;
  step: number | null;
  pending: boolean;
  onNewMates: () => void;
  onNextDigit: () => void;
  /** Measure now (a model too costly to measure at every pause); absent when measured by itself. */
  onMeasure?: () => void;
  /** A run picker, when there are several runs. */
  picker?: ReactNode;
  children?: ReactNode;
}

export function SpreadView({
  result,
  step,
  pending,
  onNewMates,
  onNextDigit,
  picker,
  onMeasure,
  children,
}: SpreadViewProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref, 420);
  const frame = plotFrame(width, HEIGHT, SPREAD_MARGIN);
  const layout = useMemo(
    () => (result ? layoutSpread(result, frame.innerW, frame.innerH) : null),
    [result, frame.innerW, frame.innerH],
  );
  const summary = result ? spreadSummary(result) : null;
  return (
    <section className="noise-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {SPREAD_TITLE}
      </h2>
      <p className="hint">
        {result
          ? `Test digit #${result.image} in train mode beside ${result.draws} random sets of batch-mates per batch size B, at step ${step ?? '—'}: the standard deviation of its logits.`
          : onMeasure
            ? 'Train the model, pause, then press Measure: one test digit is sent through it beside random batch-mates.'
            : 'Train the model (press Play): when it pauses, one test digit is sent through it beside random batch-mates.'}
      </p>
      <div className="noise-controls">
        {picker}
        {onMeasure && (
          <button type="button" className="button" onClick={onMeasure} aria-busy={pending}>
            Measure
          </button>
        )}
        <button type="button" className="button" onClick={onNewMates} disabled={!result} aria-busy={pending}>
          New batch-mates
        </button>
        <button type="button" className="button" onClick={onNextDigit} disabled={!result}>
          Another digit
        </button>
      </div>
      {summary && (
        <p className="noise-summary" aria-live="polite">
          Spread: {summary}
        </p>
      )}
      <div ref={ref} className="chart">
        {layout && result && (
          <>
            <svg
              width={width}
              height={HEIGHT}
              role="img"
              aria-label={`Logit spread against batch size, log-log. ${layout.points.map((p) => p.text).join('; ')}`}
            >
              <PlotArea frame={frame}>
                <StaticYTicks ticks={layout.yTicks} innerW={frame.innerW} />
                <StaticXTicks ticks={layout.xTicks} y={frame.innerH} />
                <path className="spread-reference" d={layout.reference} />
                <path className="spread-line" d={layout.path} />
                {layout.points.map((p) => (
                  <circle key={p.key} className="spread-point" cx={p.x} cy={p.y} r={4}>
                    <title>{p.text}</title>
                  </circle>
                ))}
              </PlotArea>
              <AxisLabels frame={frame} x="batch size B (log)" y="logit spread (log)" />
            </svg>
            <Legend
              items={[
                { key: 'm', swatch: { background: 'var(--c-blue)' }, label: 'measured' },
                { key: 'r', swatch: {}, swatchClass: 'noise-legend-reference', label: '1/√B from B = 4' },
              ]}
            />
          </>
        )}
      </div>
      {children}
    </section>
  );
}
