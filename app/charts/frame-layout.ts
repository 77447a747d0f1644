// The pure half of the chart frame (frame.tsx): a chart's margin and the plot area inside it,
// shared by the layout modules (node-tested) and the components.

export interface Margin {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** The plot area of a `width` x `height` chart inside `margin`, each side at least `min` px. */
export function plotSize(
  width: number,
  height: number,
  margin: Margin,
  min = Number.NEGATIVE_INFINITY,
): { innerW: number; innerH: number } {
  return {
    innerW: Math.max(min, width - margin.left - margin.right),
    innerH: Math.max(min, height - margin.top - margin.bottom),
  };
}
