// The run table's numbers as text: each column's text stays within a few characters however long
// a run trains, so the five runs of a normalizer comparison fit a 360 px phone (RunTable.browser
// test). Pure.

/** Significant digits a cell keeps: a loss to 4 (0.123, 2.302, 10.12), a time to 3 (0.10, 12.3, 123). */
const LOSS_DIGITS = 4;
const MS_DIGITS = 3;
/**
 * From here a step count reads "123K", "1.23M": a sixth digit would widen its column past a 360 px
 * phone's table, and the transport's status line shows the exact step.
 */
const COMPACT_STEP = 100_000;
const compactStep = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/** `v` with `digits` digits but never fewer than its integer part ("123" at 3 digits, "1234" too). */
function significant(v: number, digits: number): string {
  const whole = Math.abs(v) < 1 ? 1 : Math.floor(Math.log10(Math.abs(v))) + 1;
  return v.toFixed(Math.max(0, digits - whole));
}

const missing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

/** A training loss: "0.123", "10.12", "—" when there is none yet. */
export function formatLoss(v: number | null | undefined): string {
  return missing(v) ? '—' : significant(v, LOSS_DIGITS);
}

/** Milliseconds per step: "0.10", "12.3", "123"; "—" before the first timing. */
export function formatMsPerStep(v: number | null | undefined): string {
  return missing(v) || v === 0 ? '—' : significant(v, MS_DIGITS);
}

/** A step count: "12,345" below 100,000, then "123K", "1.23M". */
export function formatRunStep(step: number): string {
  return step < COMPACT_STEP ? step.toLocaleString('en-US') : compactStep.format(step);
}

/** A test accuracy in [0, 1]: "98.8 %", "—" before the first test. */
export function formatAccuracy(v: number | null | undefined): string {
  return missing(v) ? '—' : `${(v * 100).toFixed(1)} %`;
}
