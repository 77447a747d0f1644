import { describe, expect, it } from 'vitest';
import { indexAtStep, PAGE_POINTS, readoutLeft, readoutTop, stepForKey } from './step-readout.ts';

const list = (steps: number[]) => ({ steps: Float64Array.from([...steps, 999, 999]), length: steps.length });

describe('indexAtStep', () => {
  it('finds the last recorded step at or before a step, ignoring unused capacity', () => {
    const l = list([10, 20, 40]);
    expect(indexAtStep(l, 10)).toBe(0);
    expect(indexAtStep(l, 39)).toBe(1);
    expect(indexAtStep(l, 40)).toBe(2);
    expect(indexAtStep(l, 5000)).toBe(2); // past the end: the last one, never the spare 999s
    expect(indexAtStep(l, 3)).toBe(0); // before the first: the first
    expect(indexAtStep(list([]), 3)).toBe(-1);
  });
});

describe('stepForKey', () => {
  const l = list(Array.from({ length: 30 }, (_, i) => (i + 1) * 5));
  it('shows the latest step on the first arrow, then walks one recorded step per press', () => {
    expect(stepForKey('ArrowLeft', false, l, null)).toBe(150);
    expect(stepForKey('ArrowLeft', false, l, 150)).toBe(145);
    expect(stepForKey('ArrowRight', false, l, 145)).toBe(150);
    expect(stepForKey('ArrowRight', false, l, 150)).toBe(150); // stays at the end
    expect(stepForKey('ArrowLeft', false, l, 5)).toBe(5); // and at the start
  });
  it(`moves ${PAGE_POINTS} points with Shift or Page Up/Down, to the ends with Home/End`, () => {
    expect(stepForKey('ArrowLeft', true, l, 150)).toBe(100);
    expect(stepForKey('PageDown', false, l, 5)).toBe(55);
    expect(stepForKey('PageUp', false, l, 20)).toBe(5);
    expect(stepForKey('Home', false, l, 100)).toBe(5);
    expect(stepForKey('End', false, l, 5)).toBe(150);
  });
  it('leaves other keys, and every key before there is data, to the page', () => {
    expect(stepForKey(' ', false, l, 5)).toBeUndefined();
    expect(stepForKey('r', false, l, 5)).toBeUndefined();
    expect(stepForKey('ArrowLeft', false, list([]), null)).toBeUndefined();
  });
});

describe('readoutLeft', () => {
  it('puts the box right of the rule, flips it left near the right edge, and never past an edge', () => {
    expect(readoutLeft(50, 120, 400)).toBe(60);
    expect(readoutLeft(350, 120, 400)).toBe(220); // flipped: ends 10 px left of the rule
    expect(readoutLeft(100, 120, 200)).toBe(0); // neither side fits: clamped to the left edge
    expect(readoutLeft(150, 120, 200)).toBe(20); // clamped to the right edge
    expect(readoutLeft(10, 500, 300)).toBe(0); // wider than the chart: starts at its left edge
  });
});

describe('readoutTop', () => {
  const panel = { top: 100, bottom: 250 }; // a panel's heading at 100, its plot's bottom at 250
  it('keeps the box where it was placed while it ends inside the bounds, else moves it up to end there', () => {
    expect(readoutTop(140, 90, panel)).toBe(140); // ends at 230
    expect(readoutTop(140, 110, panel)).toBe(140); // ends exactly at the bottom
    expect(readoutTop(140, 130, panel)).toBe(120); // moved up 20 px, over its own heading
  });
  it('starts a box taller than the bounds at their top (the caller cuts it)', () => {
    expect(readoutTop(140, 200, panel)).toBe(100);
  });
});
