// Lesson 11's live panel: a trained MNIST run (in a comparison the picked one, by default the first
// that keeps running statistics) measured on shifted test digits, with its
// trained statistics and after AdaBN on a chosen number of unlabeled shifted training batches.
// ShiftPanel reads the store and sends 'shifted' requests through the controller (the worker
// restores the model's statistics after each, so every answer is independent and training can go
// on); ShiftView draws. Pure text and the shift list live in shifts.ts.

import { type ReactNode, useCallback, useId, useMemo, useState } from 'react';
import { applyShift, type ShiftMeasurement } from '#engine';
import { controller } from '../../runtime/app-controller.ts';
import { Select, Slider } from '../../ui/controls.tsx';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { useMnistRuns } from '../mnist-runs.ts';
import { useRunMeasurement } from '../run-measurement.ts';
import { DigitCanvas } from '../serving/ServingParts.tsx';
import { DIGIT_PIXELS } from '../serving/serving-math.ts';
import {
  ADAPT_BATCH,
  ADAPT_DEFAULT_BATCHES,
  ADAPT_MAX_BATCHES,
  percent,
  SHIFTS,
  type ShiftId,
  shiftRow,
  shiftSummary,
} from './shifts.ts';
import './shift.css';

export const SHIFT_TITLE = 'Domain shift: re-estimated statistics';
export const SHIFT_NOT_MNIST =
  'Domain shifts use MNIST digits: switch the data set to MNIST digits and train first.';
export const SHIFT_NOT_TRAINED = 'Train the model first (press Play), then shift its test digits.';
/** Control changes re-measure after this pause, so dragging the slider sends one request. */
const REMEASURE_DELAY_MS = 300;
/** Test digits shown before and after the shift. */
const SAMPLE_DIGITS = 6;

export function ShiftPanel() {
  const runs = useMnistRuns();
  // In none vs BatchNorm the panel starts on the BN run, the one AdaBN can adapt.
  const { run, pick } = usePickedRun(runs, (r) => r.runningStats);
  if (!run) return <ShiftNotice>{SHIFT_NOT_MNIST}</ShiftNotice>;
  if (!run.trained) return <ShiftNotice>{SHIFT_NOT_TRAINED}</ShiftNotice>;
  const picker = <RunPicker runs={runs} value={run.id} onChange={pick} />;
  return <LiveShift key={run.id} runId={run.id} picker={picker} />;
}

function ShiftNotice({ children }: { children: string }) {
  const titleId = useId();
  return (
    <section className="shift-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {SHIFT_TITLE}
      </h2>
      <p className="shift-hint">{children}</p>
    </section>
  );
}

function LiveShift({ runId, picker }: { runId: string; picker: ReactNode }) {
  const [shift, setShift] = useState<ShiftId>('washed');
  const [batches, setBatches] = useState(ADAPT_DEFAULT_BATCHES);
  const ask = useCallback(
    async (signal: AbortSignal) => {
      const reply = await controller().request(
        {
          type: 'shifted',
          runId,
          shift: shiftRow(shift).spec,
          adaptBatches: batches,
          batchSize: ADAPT_BATCH,
        },
        signal,
      );
      return { m: reply.result, step: reply.step };
    },
    [runId, shift, batches],
  );
  // Measure on mount, when a control changes (debounced) and when training pauses at a new step;
  // not while training (each measurement holds the worker for a moment): Adapt still measures then.
  const { result, pending, failure, measure } = useRunMeasurement<{ m: ShiftMeasurement; step: number }>(
    runId,
    ask,
    REMEASURE_DELAY_MS,
  );

  const samples = useSamples(runId, shift);
  const row = shiftRow(shift);
  const m = result?.m ?? null;
  const current = m !== null && idOf(m) === shift && (!m.adaptable || m.adaptBatches === batches);

  return (
    <section className="shift-view" aria-labelledby={`${runId}-shift-title`} aria-busy={pending}>
      <h2 className="chart-title" id={`${runId}-shift-title`}>
        {SHIFT_TITLE}
      </h2>
      {picker}
      <div className="shift-controls">
        <Select
          label="Shift"
          value={shift}
          options={SHIFTS.map((s) => ({ value: s.id, label: s.label }))}
          onChange={(v) => setShift(v as ShiftId)}
        />
        <Slider
          label="Target batches"
          value={batches}
          min={1}
          max={ADAPT_MAX_BATCHES}
          step={1}
          display={`${batches} × ${ADAPT_BATCH} digits`}
          onChange={setBatches}
          hint="Unlabeled shifted training digits AdaBN averages over"
        />
        <button type="button" onClick={measure} disabled={pending}>
          Adapt
        </button>
      </div>
      <p className="shift-hint">{row.formula}</p>
      {samples && (
        <div
          className="shift-samples"
          role="img"
          aria-label={`${SAMPLE_DIGITS} test digits before and after: ${row.label}`}
        >
          {samples.map((pair, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fixed digits, fixed order
            <div key={i} className="shift-pair">
              <DigitCanvas pixels={pair.clean} />
              <DigitCanvas pixels={pair.shifted} />
            </div>
          ))}
        </div>
      )}
      {m && result && <ShiftResult m={m} step={result.step} current={current} />}
      {pending && !m && <p className="shift-hint">Measuring…</p>}
      {failure && (
        <p className="notice notice-error" role="alert">
          The engine could not measure the shift: {failure}
        </p>
      )}
    </section>
  );
}

/**
 * One measurement as three labelled bars (clean, shifted, after AdaBN) and a verdict; `current`
 * false greys it while a newer one (another shift or batch count) is on its way.
 */
export function ShiftResult({ m, step, current }: { m: ShiftMeasurement; step: number; current: boolean }) {
  const label = shiftRow(idOf(m)).label;
  return (
    <>
      <dl className={current ? 'shift-bars' : 'shift-bars shift-stale'} aria-label="Test accuracy">
        <Bar label="Clean test digits" value={m.cleanAccuracy} kind="clean" />
        <Bar label={`${label}, trained statistics`} value={m.shiftedAccuracy} kind="shifted" />
        <Bar
          label={
            m.adaptable
              ? `${label}, after AdaBN on ${m.adaptBatches} × ${m.batchSize} digits`
              : `${label}, AdaBN: nothing to adapt`
          }
          value={m.adaptedAccuracy}
          kind="adapted"
        />
      </dl>
      <p className="shift-summary" aria-live="polite">
        {shiftSummary(m)}{' '}
        <span className="shift-step">
          (model at step {step}, all {m.testCount.toLocaleString('en-US')} test digits)
        </span>
      </p>
    </>
  );
}

function idOf(m: ShiftMeasurement): ShiftId {
  return SHIFTS.find((s) => JSON.stringify(s.spec) === JSON.stringify(m.shift))?.id ?? 'washed';
}

function Bar({
  label,
  value,
  kind,
}: {
  label: string;
  value: number;
  kind: 'clean' | 'shifted' | 'adapted';
}) {
  return (
    <div className={`shift-bar shift-${kind}`}>
      <dt>{label}</dt>
      <dd>
        <span className="shift-track" aria-hidden>
          <span className="shift-fill" style={{ width: `${(100 * value).toFixed(1)}%` }} />
        </span>
        <span className="shift-value">{percent(value)}</span>
      </dd>
    </div>
  );
}

/** The first test digits, clean and shifted, for the reader to see what the shift does. */
function useSamples(runId: string, shift: ShiftId) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new run may come with newly loaded data.
  return useMemo(() => {
    const data = controller().mnistDataset();
    if (!data || data.standardized) return null;
    const count = Math.min(SAMPLE_DIGITS, data.test.count);
    const clean = {
      x: data.test.x.subarray(0, count * DIGIT_PIXELS),
      y: data.test.y.subarray(0, count),
      count,
    };
    const shifted = applyShift(clean, data.inputShape, shiftRow(shift).spec);
    return Array.from({ length: count }, (_, i) => ({
      clean: clean.x.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS),
      shifted: shifted.x.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS),
    }));
  }, [runId, shift]);
}
