// Lesson 13's precision widget: the three float16 failures of precision.ts, one control each,
// computed on the main thread as the reader moves it (256 values, a few microseconds). The
// channel's values are seed 1's (the claims test checks seeds 1-3).

import { useMemo, useState } from 'react';
import { Select, Slider } from '../../ui/controls.tsx';
import {
  CHANNEL_VALUES,
  channelValues,
  exactMoments,
  onePassVariance,
  runningMeanTrace,
  sumOfSquares,
  twoPassVariance,
} from './precision.ts';
import { LESSON_13_PRECISION as P } from './preset.ts';
import './precision.css';

const SEED = 1;
const MOMENTA = [0.1, 0.01, 0.001] as const;

/** A number as the widget prints it: Infinity in words, otherwise up to `digits` decimals, grouped. */
export function formatValue(x: number, digits = 4): string {
  if (x === Number.POSITIVE_INFINITY) return 'Infinity (overflow)';
  if (x === Number.NEGATIVE_INFINITY) return '−Infinity (overflow)';
  const text = x.toLocaleString('en-US', { maximumFractionDigits: digits });
  return text.replace('-', '−');
}

function Row({ label, value, bad }: { label: string; value: string; bad?: boolean }) {
  return (
    <tr className={bad ? 'precision-bad' : undefined}>
      <th scope="row">{label}</th>
      <td>
        {value}
        {bad ? ' ✗' : ''}
      </td>
    </tr>
  );
}

function Overflow() {
  const [std, setStd] = useState<number>(P.overflowStd);
  const values = useMemo(() => channelValues(0, std, SEED), [std]);
  const exact = values.reduce((s, v) => s + v * v, 0);
  const half = sumOfSquares(values, 'float16');
  const single = sumOfSquares(values, 'float32');
  return (
    <div className="precision-part">
      <h3>A sum of squares overflows</h3>
      <Slider
        label="Activation size (standard deviation)"
        value={std}
        min={1}
        max={40}
        step={1}
        display={String(std)}
        onChange={setStd}
        hint={`${CHANNEL_VALUES} values of one channel, mean 0`}
      />
      <table className="precision-table" aria-label="Sum of squares">
        <tbody>
          <Row label="Exact Σx²" value={formatValue(exact, 1)} />
          <Row label="float32" value={formatValue(single, 1)} />
          <Row label="float16" value={formatValue(half, 1)} bad={!Number.isFinite(half)} />
        </tbody>
      </table>
    </div>
  );
}

function Cancellation() {
  const [mean, setMean] = useState<number>(P.cancelMean);
  const values = useMemo(() => channelValues(mean, 1, SEED), [mean]);
  const { variance } = exactMoments(values);
  const half = onePassVariance(values, 'float16');
  const off = (v: number) => !Number.isFinite(v) || Math.abs(v - variance) > 0.5 * variance;
  return (
    <div className="precision-part">
      <h3>E[x²] − E[x]² cancels</h3>
      <Slider
        label="Channel mean"
        value={mean}
        min={0}
        max={200}
        step={5}
        display={String(mean)}
        onChange={setMean}
        hint={`${CHANNEL_VALUES} values, standard deviation 1`}
      />
      <table className="precision-table" aria-label="Variance">
        <tbody>
          <Row label="Exact variance" value={formatValue(variance)} />
          <Row label="float32, E[x²] − E[x]²" value={formatValue(onePassVariance(values, 'float32'))} />
          <Row label="float16, E[x²] − E[x]²" value={formatValue(half)} bad={off(half)} />
          <Row
            label="float16, mean first (two passes)"
            value={formatValue(twoPassVariance(values, 'float16'))}
          />
        </tbody>
      </table>
    </div>
  );
}

const CHART = { width: 320, height: 150, left: 40, right: 8, top: 8, bottom: 30 };
/** The chart's y axis: the gap 100 − running mean on a log scale, from 100 down to this (float32 ends below it). */
const GAP_FLOOR = 1e-4;
const GAP_TICKS = [
  [100, '100'],
  [1, '1'],
  [0.01, '0.01'],
  [1e-4, '10⁻⁴'],
] as const;

function Stall() {
  const [momentum, setMomentum] = useState<number>(P.stallMomentum);
  const half = useMemo(
    () => runningMeanTrace(P.stallTarget, momentum, P.stallUpdates, 'float16'),
    [momentum],
  );
  const single = useMemo(
    () => runningMeanTrace(P.stallTarget, momentum, P.stallUpdates, 'float32'),
    [momentum],
  );
  const lastHalf = half.values.at(-1) ?? 0;
  const lastSingle = single.values.at(-1) ?? 0;
  const { width, height, left, right, top, bottom } = CHART;
  const x = (k: number) => left + ((width - left - right) * k) / P.stallUpdates;
  /** Log-scale position of the gap between the target and the running mean `v`. */
  const y = (v: number) => {
    const gap = Math.max(GAP_FLOOR, P.stallTarget - v);
    const t =
      (Math.log10(P.stallTarget) - Math.log10(gap)) / (Math.log10(P.stallTarget) - Math.log10(GAP_FLOOR));
    return top + (height - top - bottom) * t;
  };
  /** The y position of a gap tick (the gap itself, not a running-mean value). */
  const yGap = (gap: number) => y(P.stallTarget - gap);
  /** Every 10th update (and the last) as an SVG path. */
  const path = (values: number[]) => {
    const points: string[] = [];
    for (let k = 0; k < values.length; k += 10) points.push(`${x(k).toFixed(1)},${y(values[k]).toFixed(1)}`);
    const last = values.length - 1;
    if (last % 10 !== 0) points.push(`${x(last).toFixed(1)},${y(values[last]).toFixed(1)}`);
    return `M${points.join('L')}`;
  };
  const summary = `After ${P.stallUpdates.toLocaleString('en-US')} updates toward ${P.stallTarget} with momentum ${momentum}: float32 ${formatValue(lastSingle)}, float16 ${formatValue(lastHalf)}${half.stalledAt !== null ? `, stuck since update ${half.stalledAt.toLocaleString('en-US')}` : ''}.`;
  return (
    <div className="precision-part">
      <h3>A running mean stops moving</h3>
      <Select
        label="Momentum (weight of the new batch)"
        value={momentum}
        options={MOMENTA.map((m) => ({ value: m, label: String(m) }))}
        onChange={setMomentum}
      />
      <p className="precision-axis-title">100 − running mean (log scale)</p>
      <svg
        className="precision-chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`The gap between 100 and the running mean over the updates, log scale, float32 and float16. ${summary}`}
      >
        <line className="precision-axis" x1={left} x2={left} y1={top} y2={height - bottom} />
        <line
          className="precision-axis"
          x1={left}
          x2={width - right}
          y1={height - bottom}
          y2={height - bottom}
        />
        {GAP_TICKS.map(([gap, label]) => (
          <g key={label}>
            <line className="precision-target" x1={left} x2={width - right} y1={yGap(gap)} y2={yGap(gap)} />
            <text x={left - 4} y={yGap(gap) + 4} textAnchor="end">
              {label}
            </text>
          </g>
        ))}
        <text x={left} y={height - bottom + 14} textAnchor="start">
          0
        </text>
        <text x={width - right} y={height - bottom + 14} textAnchor="end">
          {P.stallUpdates.toLocaleString('en-US')}
        </text>
        <text x={(left + width - right) / 2} y={height - 4} textAnchor="middle">
          updates
        </text>
        <path className="precision-f32" d={path(single.values)} />
        <path className="precision-f16" d={path(half.values)} />
      </svg>
      <p className="precision-legend">
        <span className="precision-key precision-key-f32">float32</span>{' '}
        <span className="precision-key precision-key-f16">float16 (dashed)</span>
      </p>
      <p className="precision-summary" role="status">
        {summary}
      </p>
    </div>
  );
}

/** The three experiments, side by side on a wide screen, stacked on a phone. */
export function PrecisionWidget() {
  return (
    <section className="precision-widget" aria-label="Statistics in float16 and float32">
      <Overflow />
      <Cancellation />
      <Stall />
    </section>
  );
}
