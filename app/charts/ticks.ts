// Axis ticks of the streaming charts, drawn by D3 joins keyed by label, so a redraw moves
// existing ticks instead of rebuilding them, and a tick's text is written once, when it
// appears. Ticks are placed by their own coordinates, never by a transform: a transform that
// changes every redraw makes the browser rebuild the whole page's compositing layers each
// frame (~3 ms a frame on the Lab), while moved coordinates only repaint.

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

/** Ticks along a horizontal axis at `y`: a mark `mark` px down and the label `labelY` below `y`. */
export function joinXTicks(axis: Axis, ticks: XTick[], y: number, mark = 4, labelY = 16): void {
  axis
    .selectAll<SVGGElement, XTick>('g.tick')
    .data(ticks, (d) => d.label)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tick');
      g.append('line');
      g.append('text')
        .attr('text-anchor', 'middle')
        .text((d) => d.label);
      return g;
    })
    .call((g) =>
      g
        .select('line')
        .attr('x1', (d) => d.x)
        .attr('x2', (d) => d.x)
        .attr('y1', y)
        .attr('y2', y + mark),
    )
    .call((g) =>
      g
        .select('text')
        .attr('x', (d) => d.x)
        .attr('y', y + labelY),
    );
}

/**
 * Ticks on the left of a plot: a grid line across its `innerW` (or, with `grid` false, a short
 * mark), and the label `labelX` px from the axis.
 */
export function joinYTicks(axis: Axis, ticks: YTick[], innerW: number, grid = true, labelX = -6): void {
  axis
    .selectAll<SVGGElement, YTick>('g.tick')
    .data(ticks, (d) => d.label)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tick');
      g.append('line').attr('class', grid ? 'grid' : null);
      g.append('text')
        .attr('dy', '0.32em')
        .attr('text-anchor', 'end')
        .text((d) => d.label);
      return g;
    })
    .call((g) =>
      g
        .select('line')
        .attr('x1', grid ? 0 : -4)
        .attr('x2', grid ? innerW : 0)
        .attr('y1', (d) => d.y)
        .attr('y2', (d) => d.y),
    )
    .call((g) =>
      g
        .select('text')
        .attr('x', labelX)
        .attr('y', (d) => d.y),
    );
}
