// The pure half of the chart frame (frame.tsx): a chart's size, its margin and the plot area
// inside, shared by the layout modules (node-tested) and the components.

export interface Margin {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** A chart of `width` x `height` px whose plot (`innerW` x `innerH`) sits inside `margin`. */
export interface PlotFrame {
  width: number;
  height: number;
  margin: Margin;
  innerW: number;
  innerH: number;
}

/** The frame of a `width` x `height` chart with its plot inside `margin`, each side at least `min` px. */
export function plotFrame(
  width: number,
  height: number,
  margin: Margin,
  min = Number.NEGATIVE_INFINITY,
): PlotFrame {
  return {
    width,
    height,
    margin,
    innerW: Math.max(min, width - margin.left - margin.right),
    innerH: Math.max(min, height - margin.top - margin.bottom),
  };
}

/** A character's advance in the charts' sans-serif, in em (digits ≈ 0.55, "−" and capitals more). */
const CHAR_EM = 0.6;

/** About how wide `text` sets at `fontPx`: for placing labels where the layout cannot measure them. */
export function textWidth(text: string, fontPx: number): number {
  return text.length * fontPx * CHAR_EM;
}
