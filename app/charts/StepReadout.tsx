// The step read-out every live chart with a step axis shares: the pointer over a plot (or a tap
// on a phone, or ←/→ once the plot has keyboard focus) picks a step; the chart draws a vertical
// rule there (`ReadoutRule`) and a compact box with each series' value at that step
// (`ReadoutBox`), placed so it never leaves the chart. The chart keeps its own data: it tells
// the hook how a pixel maps to a step and which steps were recorded, and gives the box its rows.

import {
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type PointerEvent,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { type ReadoutBounds, readoutLeft, readoutTop, type StepList, stepForKey } from './step-readout.ts';

/** Where the read-out is: the step, the plot it was picked on, and whether the keyboard moved it. */
export interface ReadoutAt {
  step: number;
  /** Which plot of a chart with several (diagnostics' three panels); 'main' otherwise. */
  panel: string;
  keyboard: boolean;
}

export interface StepReadoutSource {
  /**
   * The step at `x` px from the left edge of `panel`'s SVG (snapped to the data, the last
   * recorded step past its end), or null off the plot or before there is data. Read at event
   * time, so it may use the chart's last drawn layout.
   */
  stepAt: (x: number, panel: string) => number | null;
  /** The recorded steps the arrow keys walk through. */
  steps: (panel: string) => StepList | null;
}

/** Props that make an SVG plot pick the read-out's step (spread them on the `<svg>`). */
export interface ReadoutBinding {
  tabIndex: 0;
  'aria-keyshortcuts': string;
  onPointerMove: (e: PointerEvent<SVGSVGElement>) => void;
  onPointerDown: (e: PointerEvent<SVGSVGElement>) => void;
  onPointerLeave: (e: PointerEvent<SVGSVGElement>) => void;
  onFocus: (e: FocusEvent<SVGSVGElement>) => void;
  onBlur: () => void;
  onKeyDown: (e: KeyboardEvent<SVGSVGElement>) => void;
}

/**
 * The read-out's state and the handlers that move it. The mouse shows it while over a plot; a
 * tap shows it until the reader taps elsewhere; keyboard focus shows it at the last step, the
 * arrow keys (Shift: ten points), Page Up/Down, Home and End move it, Escape hides it. Keys it
 * takes do not reach the page (→ would otherwise train a step in the Lab).
 */
export function useStepReadout(source: StepReadoutSource): {
  at: ReadoutAt | null;
  bind: (panel?: string) => ReadoutBinding;
} {
  const [at, setAt] = useState<ReadoutAt | null>(null);
  const current = useRef(source);
  current.current = source;
  const atRef = useRef(at);
  atRef.current = at;

  const pick = (e: PointerEvent<SVGSVGElement>, panel: string) => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    const step = current.current.stepAt(x, panel);
    if (step !== null) setAt({ step, panel, keyboard: false });
    else if (!atRef.current?.keyboard) setAt(null);
  };

  const bind = (panel = 'main'): ReadoutBinding => ({
    tabIndex: 0,
    'aria-keyshortcuts': 'ArrowLeft ArrowRight Home End',
    onPointerMove: (e) => pick(e, panel),
    onPointerDown: (e) => pick(e, panel),
    onPointerLeave: (e) => {
      // A finger lifting also "leaves": a tap's read-out stays until focus moves elsewhere.
      if (e.pointerType === 'mouse' && !atRef.current?.keyboard) setAt(null);
    },
    onFocus: (e) => {
      if (atRef.current || !e.currentTarget.matches(':focus-visible')) return;
      const list = current.current.steps(panel);
      if (list && list.length > 0) setAt({ step: list.steps[list.length - 1], panel, keyboard: true });
    },
    onBlur: () => setAt(null),
    onKeyDown: (e) => {
      if (e.key === 'Escape' && atRef.current) {
        e.stopPropagation();
        setAt(null);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const list = current.current.steps(panel);
      const now = atRef.current?.panel === panel ? atRef.current.step : (atRef.current?.step ?? null);
      const step = list ? stepForKey(e.key, e.shiftKey, list, now) : undefined;
      if (step === undefined) return;
      e.preventDefault();
      e.stopPropagation();
      setAt({ step, panel, keyboard: true });
    },
  });

  return { at, bind };
}

/** The vertical rule at the read-out's step, in plot coordinates (inside PlotArea). */
export function ReadoutRule({ x, height }: { x: number; height: number }) {
  return <line className="readout-rule" x1={x} x2={x} y1={0} y2={height} />;
}

/** One line of the read-out box: a series' swatch, its name and its value at the step. */
export interface ReadoutRow {
  key: string | number;
  label: string;
  swatch: CSSProperties;
  /** The swatch's class (default `swatch`). */
  swatchClass?: string;
  value: string;
}

/**
 * The read-out box, absolutely placed in the chart body (a positioned element `width` px wide):
 * beside the rule at `x` (px from the body's left), flipped to its left near the right edge and
 * never past either edge (measured after render, before paint). With `bounds` (a chart of stacked
 * panels: the picked panel's span), a box that would run past their bottom moves up
 * (`readoutTop`); one taller than the bounds first flows its rows into columns, as few as fit,
 * and as a last resort is cut at their bottom, so it never covers the panel below. With `highlighted`, that row is emphasised and
 * the others dimmed, as the legend highlight does to the lines.
 */
export function ReadoutBox({
  x,
  width,
  top = 8,
  bounds,
  step,
  rows,
  title,
  highlighted = null,
  live = false,
}: {
  x: number;
  width: number;
  top?: number;
  /** The span the box stays in, px from the body's top (default: none, it may run past the chart). */
  bounds?: ReadoutBounds;
  step: number;
  rows: readonly ReadoutRow[];
  /** A heading above the rows (e.g. which panel's metric). */
  title?: string;
  highlighted?: string | number | null;
  /** Announce changes (the keyboard moved it). */
  live?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const list = rowsRef.current;
    if (!el || !list) return;
    flowRows(list, 1, rows.length);
    el.style.maxHeight = '';
    let placed = top;
    if (bounds) {
      // A column more only while the box is taller than the bounds, and only if its width holds
      // it: each column widens the box over the plot and towards the rule, while moving up at
      // most covers the picked panel's own heading, which the box's first line repeats.
      let columns = 1;
      while (el.offsetHeight > bounds.bottom - bounds.top && columns < rows.length) {
        flowRows(list, columns + 1, rows.length);
        if (el.scrollWidth > el.clientWidth) {
          flowRows(list, columns, rows.length);
          break;
        }
        columns++;
      }
      const height = el.offsetHeight;
      placed = readoutTop(top, height, bounds);
      if (placed + height > bounds.bottom) el.style.maxHeight = `${bounds.bottom - placed}px`;
    }
    el.style.top = `${placed}px`;
    el.style.left = `${readoutLeft(x, el.offsetWidth, width)}px`;
  });
  return (
    <div className="chart-readout" ref={ref} aria-live={live ? 'polite' : undefined}>
      <div className="readout-step">
        {title ? `${title}, ` : ''}step {step.toLocaleString('en-US')}
      </div>
      <div className="readout-rows" ref={rowsRef}>
        {rows.map((r) => (
          <div
            key={r.key}
            className={
              highlighted === null ? undefined : r.key === highlighted ? 'readout-emph' : 'readout-dim'
            }
          >
            <span className={r.swatchClass ?? 'swatch'} style={r.swatch} /> {r.label}: {r.value}
          </div>
        ))}
      </div>
    </div>
  );
}

/** Lays `n` read-out rows out in `columns` columns, filled top to bottom (one: a plain list). */
function flowRows(list: HTMLElement, columns: number, n: number): void {
  list.style.display = columns > 1 ? 'grid' : '';
  list.style.gridTemplateRows = columns > 1 ? `repeat(${Math.ceil(n / columns)}, auto)` : '';
}

/**
 * The read-out box of a figure of small multiples (one plot per run or channel), placed over the
 * picked panel's plot: `wrap` is the positioned element around the panels, each panel an element
 * with `data-panel` holding its plot's SVG, and `ruleX` is the rule's x inside that plot's area
 * (which starts `margin` into the SVG). Nothing while the panel is not in the DOM.
 */
export function PanelReadoutBox({
  wrap,
  at,
  ruleX,
  margin,
  width,
  title,
  step,
  rows,
}: {
  wrap: HTMLElement | null;
  at: ReadoutAt;
  ruleX: number;
  margin: { left: number; top: number };
  /** The figure's width when `wrap` cannot tell it. */
  width: number;
  title?: string;
  step: number;
  rows: readonly ReadoutRow[];
}) {
  const svg = wrap?.querySelector(`[data-panel="${at.panel}"] svg`);
  if (!wrap || !svg) return null;
  const plot = svg.getBoundingClientRect();
  const figure = wrap.getBoundingClientRect();
  return (
    <ReadoutBox
      x={plot.left - figure.left + margin.left + ruleX}
      width={wrap.clientWidth || width}
      top={plot.top - figure.top + margin.top}
      title={title}
      step={step}
      rows={rows}
      live={at.keyboard}
    />
  );
}
