// The arithmetic of the step read-out every live chart with a step axis shares (StepReadout.tsx):
// which recorded point a step falls on, where the arrow keys go next, and where the read-out box
// sits so that it stays inside the chart on any screen. Pure; unit-tested.

/** Recorded steps, ascending, the first `length` of `steps` in use (Series.x, RowSeries.steps). */
export interface StepList {
  steps: ArrayLike<number>;
  length: number;
}

/** The index of the last recorded step at or before `step` (the first one when `step` is before all), or -1 when empty. */
export function indexAtStep(list: StepList, step: number): number {
  if (list.length === 0) return -1;
  let lo = 0;
  let hi = list.length; // first index whose step is > `step`
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.steps[mid] <= step) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** Recorded points one Page Up/Down (or Shift+arrow) moves. */
export const PAGE_POINTS = 10;

/**
 * The step a key moves the read-out to from `current` (null: the read-out is not shown yet):
 * ←/→ the previous/next recorded step, Shift or Page Up/Down ten of them, Home/End the first/last.
 * Returns undefined for a key the read-out does not take (it is left to the page).
 */
export function stepForKey(
  key: string,
  shift: boolean,
  list: StepList,
  current: number | null,
): number | undefined {
  const n = list.length;
  if (n === 0) return undefined;
  const last = n - 1;
  const i = current === null ? last : indexAtStep(list, current);
  const move = (by: number) => list.steps[Math.min(last, Math.max(0, i + by))];
  switch (key) {
    case 'ArrowLeft':
      return current === null ? list.steps[last] : move(shift ? -PAGE_POINTS : -1);
    case 'ArrowRight':
      return current === null ? list.steps[last] : move(shift ? PAGE_POINTS : 1);
    case 'PageUp':
      return move(-PAGE_POINTS);
    case 'PageDown':
      return move(PAGE_POINTS);
    case 'Home':
      return list.steps[0];
    case 'End':
      return list.steps[last];
    default:
      return undefined;
  }
}

/** Space between the rule and the read-out box, px. */
export const READOUT_GAP = 10;

/**
 * The read-out box's left edge for a rule at `x` in a chart `width` wide: right of the rule,
 * or left of it when it would cross the chart's right edge, and never past either edge (on a
 * phone a box wider than half the chart overlaps the rule rather than the page).
 */
export function readoutLeft(x: number, boxWidth: number, width: number, gap = READOUT_GAP): number {
  const right = x + gap;
  const left = right + boxWidth <= width ? right : x - gap - boxWidth;
  return Math.max(0, Math.min(left, width - boxWidth));
}

/** A vertical span the read-out box must stay in, px from the top of the element it is placed in. */
export interface ReadoutBounds {
  top: number;
  bottom: number;
}

/**
 * The read-out box's top edge for a box `boxHeight` tall that would sit at `top`: there, or moved
 * up just enough to end at `bounds.bottom`, but never above `bounds.top` (a box taller than the
 * bounds starts at their top; the caller cuts it at their bottom). In a chart of stacked panels
 * this keeps a panel's box off the heading of the panel below it.
 */
export function readoutTop(top: number, boxHeight: number, bounds: ReadoutBounds): number {
  return Math.max(bounds.top, Math.min(top, bounds.bottom - boxHeight));
}
