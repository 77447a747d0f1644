// Axis ticks of the streaming charts, kept by label: a redraw moves existing ticks instead of
// rebuilding them, a tick's text is written once (when it appears), and an attribute is written
// only when its value changed. Ticks are placed by their own coordinates, never by a transform:
// a transform that changes every redraw makes the browser rebuild the whole page's compositing
// layers each frame (~3 ms a frame on the Lab), while moved coordinates only repaint. Plain DOM,
// not a D3 join: the charts redraw ticks ten times a second and the join's keyed selections
// cost more than the drawing.

import type { BaseType, Selection } from 'd3';

// biome-ignore lint/suspicious/noExplicitAny: any parent datum or element type
type Axis = Selection<SVGGElement, unknown, BaseType, any>;

export interface XTick {
  x: number;
  label: string;
}

export interface YTick {
  y: number;
  label: string;
}

const SVG = 'http://www.w3.org/2000/svg';

/** One tick's elements and the coordinates last written to them (x1, x2, y1, y2, x, y). */
interface Tick {
  g: SVGGElement;
  line: SVGLineElement;
  text: SVGTextElement;
  written: Float64Array;
}

const COORDS = ['x1', 'x2', 'y1', 'y2', 'x', 'y'] as const;

const ticksOf = new WeakMap<Element, Map<string, Tick>>();

/** Writes the line's x1, x2, y1, y2 and the text's x, y, each only if it changed. */
function place(tick: Tick, ...values: [number, number, number, number, number, number]): void {
  for (let i = 0; i < 6; i++) {
    if (tick.written[i] === values[i]) continue;
    tick.written[i] = values[i];
    (i < 4 ? tick.line : tick.text).setAttribute(COORDS[i], String(values[i]));
  }
}

/**
 * Makes `axis`'s `g.tick` children exactly `labels`, in order, creating a tick (a line and a
 * text) with `create` when a label appears; returns the ticks in `labels` order.
 */
function reconcile(axis: Element, labels: string[], create: (tick: Tick) => void): Tick[] {
  let known = ticksOf.get(axis);
  if (!known) {
    known = new Map();
    ticksOf.set(axis, known);
  }
  // Ticks someone else removed (a chart starting afresh) are forgotten.
  for (const [label, tick] of known) if (tick.g.parentNode !== axis) known.delete(label);
  const wanted = new Set(labels);
  for (const [label, tick] of known) {
    if (wanted.has(label)) continue;
    tick.g.remove();
    known.delete(label);
  }
  const out = labels.map((label) => {
    let tick = known.get(label);
    if (!tick) {
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', 'tick');
      const line = document.createElementNS(SVG, 'line');
      const text = document.createElementNS(SVG, 'text');
      text.textContent = label;
      g.append(line, text);
      tick = { g, line, text, written: new Float64Array(6).fill(Number.NaN) };
      create(tick);
      known.set(label, tick);
      axis.append(g);
    }
    return tick;
  });
  // Document order follows tick order (only moves what is out of place).
  for (let i = out.length - 2; i >= 0; i--) {
    const next = out[i + 1].g;
    if (out[i].g.nextSibling !== next) axis.insertBefore(out[i].g, next);
  }
  return out;
}

/** The ticks with distinct labels (two ticks rounding to one label would share one element). */
function distinct<T extends { label: string }>(ticks: T[]): T[] {
  const seen = new Set<string>();
  return ticks.filter((t) => !seen.has(t.label) && seen.add(t.label));
}

/** Ticks along a horizontal axis at `y`: a mark `mark` px down and the label `labelY` below `y`. */
export function joinXTicks(axis: Axis, all: XTick[], y: number, mark = 4, labelY = 16): void {
  const node = axis.node();
  if (!node) return;
  const ticks = distinct(all);
  const els = reconcile(
    node,
    ticks.map((t) => t.label),
    (tick) => tick.text.setAttribute('text-anchor', 'middle'),
  );
  ticks.forEach((t, i) => {
    place(els[i], t.x, t.x, y, y + mark, t.x, y + labelY);
  });
}

/**
 * Ticks on the left of a plot: a grid line across its `innerW` (or, with `grid` false, a short
 * mark), and the label `labelX` px from the axis.
 */
export function joinYTicks(axis: Axis, all: YTick[], innerW: number, grid = true, labelX = -6): void {
  const node = axis.node();
  if (!node) return;
  const ticks = distinct(all);
  const els = reconcile(
    node,
    ticks.map((t) => t.label),
    (tick) => {
      if (grid) tick.line.setAttribute('class', 'grid');
      tick.text.setAttribute('dy', '0.32em');
      tick.text.setAttribute('text-anchor', 'end');
    },
  );
  ticks.forEach((t, i) => {
    place(els[i], grid ? 0 : -4, grid ? innerW : 0, t.y, t.y, labelX, t.y);
  });
}
