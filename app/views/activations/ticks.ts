// Axis ticks of the streaming charts, drawn by D3 joins keyed by label (as in CurveChart), so
// a redraw moves existing ticks instead of rebuilding them.

import type { Selection } from 'd3';

type Group = Selection<SVGGElement, unknown, null, undefined>;

/** Ticks along the bottom of a plot `innerH` tall. */
export function joinXTicks(axis: Group, ticks: { x: number; label: string }[], innerH: number): void {
  axis
    .selectAll<SVGGElement, { x: number; label: string }>('g.tick')
    .data(ticks, (d) => d.label)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tick');
      g.append('line').attr('y2', 4);
      // Keyed by label: a tick's text is written once, when it appears.
      g.append('text')
        .attr('y', 16)
        .attr('text-anchor', 'middle')
        .text((d) => d.label);
      return g;
    })
    .attr('transform', (d) => `translate(${d.x},${innerH})`);
}

/** Ticks on the left of a plot, with grid lines across its `innerW` (or short marks only). */
export function joinYTicks(
  axis: Group,
  ticks: { y: number; label: string }[],
  innerW: number,
  grid = true,
): void {
  axis
    .selectAll<SVGGElement, { y: number; label: string }>('g.tick')
    .data(ticks, (d) => d.label)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tick');
      g.append('line').attr('class', grid ? 'grid' : null);
      g.append('text')
        .attr('x', -6)
        .attr('dy', '0.32em')
        .attr('text-anchor', 'end')
        .text((d) => d.label);
      return g;
    })
    .attr('transform', (d) => `translate(0,${d.y})`)
    .call((g) =>
      g
        .select('line')
        .attr('x1', grid ? 0 : -4)
        .attr('x2', grid ? innerW : 0),
    );
}
