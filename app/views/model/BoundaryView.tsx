// The decision boundary of 2-D runs: the model's prediction over the plane on a canvas
// (class colour, opacity by confidence), with the train points (filled) and test points
// (hollow) in an SVG overlay. The canvas redraws at most once per animation frame on the
// store's tick; the points and axes change only with the data set, so React renders them.
// `DecisionBoundary` takes its data as props (for tests); `BoundaryView` is the live one.

import { color, path as d3path, symbol, symbolCircle, symbolSquare, symbolTriangle } from 'd3';
import { useCallback, useMemo, useRef } from 'react';
import { type ExperimentConfig, experimentData, type Split } from '#engine';
import { AxisLabels, StaticXTicks, StaticYTicks } from '../../charts/frame.tsx';
import { metricsFor } from '../../runtime/metrics.ts';
import { store, useStore } from '../../store/index.ts';
import { currentTheme } from '../../theme.ts';
import { UNRESOLVED_COLOR } from '../../tokens.ts';
import { useWidth } from '../../ui/use-width.ts';
import {
  BOUNDARY_MARGIN,
  type Boundary,
  boundaryPixels,
  CLASS_SHAPES,
  className,
  classShape,
  plotScales,
  pointsExtent,
  summarizeBoundary,
} from './boundary-layout.ts';
import { useTickRedraw } from './use-tick-redraw.ts';
import './model.css';
import { setHidden, setText } from '../../ui/dom.ts';

export interface BoundaryPoints {
  train: Split;
  test: Split;
  classes: number;
}

export interface DecisionBoundaryProps {
  /** Visible title (the run label in a comparison). */
  title: string;
  /** Reads the latest prediction grid (called on every redraw), or null before training. */
  boundary: () => Boundary | null;
  points: BoundaryPoints;
  /** Largest side of the square plot area, in pixels. */
  maxSize?: number;
  /** Smaller markers and fewer ticks, for side-by-side comparisons. */
  compact?: boolean;
  showLegend?: boolean;
  emptyText?: string;
}

const SHAPE_TYPES = { circle: symbolCircle, square: symbolSquare, triangle: symbolTriangle };

function markerPath(c: number, area: number): string {
  return symbol(SHAPE_TYPES[classShape(c)], area)() ?? '';
}

/**
 * Every point of one class as ONE path (a marker per point, as subpaths): a data set's hundreds
 * of points as separate elements cost React and the page ~10× more per render (six boundaries
 * in a comparison made the Lab's largest settings a long task).
 */
function classMarkersPath(
  split: Split,
  c: number,
  area: number,
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  const out = d3path();
  let dx = 0;
  let dy = 0;
  // The symbol generator draws at the origin; this context moves each marker to its point.
  const at = {
    moveTo: (x: number, y: number) => out.moveTo(x + dx, y + dy),
    lineTo: (x: number, y: number) => out.lineTo(x + dx, y + dy),
    arc: (x: number, y: number, r: number, a0: number, a1: number, ccw?: boolean) =>
      out.arc(x + dx, y + dy, r, a0, a1, ccw),
    rect: (x: number, y: number, w: number, h: number) => out.rect(x + dx, y + dy, w, h),
    closePath: () => out.closePath(),
  };
  const marker = symbol(SHAPE_TYPES[classShape(c)], area).context(at as unknown as CanvasRenderingContext2D);
  for (let p = 0; p < split.count; p++) {
    if (split.y[p] !== c) continue;
    dx = Math.round(sx(split.x[2 * p]) * 10) / 10;
    dy = Math.round(sy(split.x[2 * p + 1]) * 10) / 10;
    marker();
  }
  return out.toString();
}

const colorCache = new Map<string, [number, number, number][]>();

/**
 * Class colours from the theme's CSS custom properties (canvas needs real RGB values). Read
 * once per theme: getComputedStyle on every frame would force a style recalculation.
 */
function classColors(el: Element, classes: number): [number, number, number][] {
  const key = `${classes}:${currentTheme()}`;
  const cached = colorCache.get(key);
  if (cached) return cached;
  const style = getComputedStyle(el);
  const colors = Array.from({ length: classes }, (_, c): [number, number, number] => {
    const rgb = color(style.getPropertyValue(`--boundary-class-${c}`).trim() || UNRESOLVED_COLOR)?.rgb();
    return rgb ? [rgb.r, rgb.g, rgb.b] : [128, 128, 128];
  });
  colorCache.set(key, colors);
  return colors;
}

const percent = (v: number) => `${Math.round(v * 100)} %`;

export function DecisionBoundary({
  title,
  boundary,
  points,
  maxSize = 420,
  compact = false,
  showLegend = true,
  emptyText = 'Press Play to train.',
}: DecisionBoundaryProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef, 320, 140);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  /** The res x res grid image, scaled onto the visible canvas. */
  const gridRef = useRef<HTMLCanvasElement | null>(null);
  const figureRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const emptyRef = useRef<HTMLParagraphElement>(null);
  const m = compact ? { ...BOUNDARY_MARGIN, left: 30, bottom: 30 } : BOUNDARY_MARGIN;
  const side = Math.max(80, Math.min(maxSize, width - m.left - m.right));
  const extent = useMemo(() => pointsExtent(points.train.x, points.train.count), [points]);
  const scales = useMemo(() => plotScales(extent, side, side), [extent, side]);
  const markerArea = side < 160 ? 9 : compact || side < 260 ? 14 : 26;

  const draw = useCallback(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const b = boundary();
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const px = Math.round(side * dpr);
    if (canvas.width !== px || canvas.height !== px) {
      canvas.width = px;
      canvas.height = px;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, px, px);
    setHidden(emptyRef.current, b !== null);
    if (!b) {
      figureRef.current?.setAttribute('aria-label', `Decision boundary of ${title}: no prediction yet.`);
      setText(summaryRef.current, 'No prediction yet.');
      return;
    }
    const image = new ImageData(
      boundaryPixels(b, classColors(canvas, points.classes), points.classes),
      b.res,
    );
    gridRef.current ??= document.createElement('canvas');
    const grid = gridRef.current;
    if (grid.width !== b.res || grid.height !== b.res) {
      grid.width = b.res;
      grid.height = b.res;
    }
    grid.getContext('2d')?.putImageData(image, 0, 0);
    // Place the grid by its own extent (row 0 at y1, the top), in the plot's data scales.
    const left = scales.x(b.x0) * dpr;
    const top = scales.y(b.y1) * dpr;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(grid, left, top, scales.x(b.x1) * dpr - left, scales.y(b.y0) * dpr - top);
    const s = summarizeBoundary(b, points.classes, points.train);
    const shares = s.shares.map((v, c) => `${className(c)} ${percent(v)}`).join(', ');
    const agree = percent(s.agreement ?? 0);
    const confidence = s.meanConfidence.toFixed(2);
    const text = `Plane predicted as ${shares}. Classifies ${agree} of the training points correctly; mean confidence ${confidence}.`;
    setText(
      summaryRef.current,
      compact ? `${agree} of training points correct · confidence ${confidence}` : text,
    );
    figureRef.current?.setAttribute('aria-label', `Decision boundary of ${title}. ${text}`);
  }, [boundary, side, scales, points, title, compact]);

  useTickRedraw(draw, bodyRef);

  const pointPaths = useMemo(
    () =>
      (['train', 'test'] as const).flatMap((kind) =>
        Array.from({ length: points.classes }, (_, c) => (
          <path
            // biome-ignore lint/suspicious/noArrayIndexKey: a class's index is its identity
            key={`${kind}${c}`}
            className={`bpt bpt-${kind} bpt-class-${c}`}
            d={classMarkersPath(points[kind], c, markerArea, scales.x, scales.y)}
          />
        )),
      ),
    [points, markerArea, scales],
  );

  const h = m.top + side + m.bottom;
  const frame = { width: m.left + side + m.right, height: h, margin: m, innerW: side, innerH: side };
  return (
    <figure className={`chart boundary${compact ? ' boundary-compact' : ''}`}>
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-body" ref={bodyRef}>
        <div
          className="boundary-plot"
          ref={figureRef}
          role="img"
          aria-label={`Decision boundary of ${title}`}
          style={{ width: m.left + side + m.right, height: h }}
        >
          <canvas
            ref={canvasRef}
            className="boundary-canvas"
            style={{ left: m.left, top: m.top, width: side, height: side }}
          />
          <svg width={frame.width} height={h} aria-hidden="true">
            <g transform={`translate(${m.left},${m.top})`}>
              <rect className="boundary-frame" width={side} height={side} />
              <g className="points">{pointPaths}</g>
              <StaticXTicks
                ticks={scales.xTicks.map(({ at, label }) => ({ x: at, label }))}
                y={side}
                mark={5}
              />
              <StaticYTicks
                ticks={scales.yTicks.map(({ at, label }) => ({ y: at, label }))}
                mark={5}
                labelX={-7}
              />
            </g>
            <AxisLabels frame={frame} x="x₁" y="x₂" xBaseline={3} yOffset={10} />
          </svg>
          <p className="chart-empty boundary-empty" ref={emptyRef} style={{ left: m.left, width: side }}>
            <span>{emptyText}</span>
          </p>
        </div>
      </div>
      <p className="boundary-summary" ref={summaryRef} />
      {showLegend && <BoundaryLegend classes={points.classes} />}
    </figure>
  );
}

/** Class colours and shapes, and which markers are train and test points. */
export function BoundaryLegend({ classes }: { classes: number }) {
  const icon = (c: number, kind: 'train' | 'test') => (
    <svg width={14} height={14} aria-hidden="true" className="legend-marker">
      <path className={`bpt bpt-${kind} bpt-class-${c}`} d={markerPath(c, 40)} transform="translate(7,7)" />
    </svg>
  );
  return (
    <ul className="legend boundary-legend" aria-label="Decision boundary legend">
      {Array.from({ length: classes }, (_, c) => className(c)).map((name, c) => (
        <li key={name}>
          {icon(c, 'train')}
          {name} ({CLASS_SHAPES[c % CLASS_SHAPES.length]}s)
        </li>
      ))}
      <li>
        {icon(0, 'train')}
        train (filled)
      </li>
      <li>
        {icon(0, 'test')}
        test (hollow)
      </li>
      <li className="diag-muted">paler = less confident</li>
    </ul>
  );
}

// The toy sets are deterministic in (data set, noise): build each once.
const pointCache = new Map<string, BoundaryPoints>();

/** The same train/test points the worker trains on (null for MNIST). */
export function boundaryPoints(config: ExperimentConfig): BoundaryPoints | null {
  if (config.dataset === 'mnist') return null;
  const key = `${config.dataset}|${config.noise}`;
  let hit = pointCache.get(key);
  if (!hit) {
    const data = experimentData(config, null);
    hit = { train: data.train, test: data.test, classes: data.classes };
    if (pointCache.size > 16) pointCache.clear();
    pointCache.set(key, hit);
  }
  return hit;
}

/** One live boundary per run (side by side in a comparison), or a note for MNIST. */
export function BoundaryView() {
  const runKey = useStore((s) =>
    s.runs.map((r) => `${r.id}|${r.label}|${r.config.dataset}|${r.config.noise}`).join(','),
  );
  const configDataset = useStore((s) => s.config.dataset);
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the runs change, not per step
  const runs = useMemo(() => store.getState().runs, [runKey]);
  const mnist = runs.length > 0 ? runs.some((r) => r.config.dataset === 'mnist') : configDataset === 'mnist';
  if (mnist) {
    return (
      <figure className="chart boundary">
        <figcaption className="chart-title">Decision boundary</figcaption>
        <p className="model-note">The decision boundary is shown for the 2-D data sets.</p>
      </figure>
    );
  }
  if (runs.length === 0) {
    return (
      <figure className="chart boundary">
        <figcaption className="chart-title">Decision boundary</figcaption>
        <p className="model-note">Press Play to train.</p>
      </figure>
    );
  }
  if (runs.length === 1) {
    return <LiveBoundary id={runs[0].id} title="Decision boundary" config={runs[0].config} />;
  }
  const classes = boundaryPoints(runs[0].config)?.classes ?? 2;
  return (
    <section className="boundary-compare" aria-label="Decision boundaries">
      <h2 className="chart-title">Decision boundary</h2>
      <div className="boundary-grid">
        {runs.map((r) => (
          <LiveBoundary key={r.id} id={r.id} title={r.label} config={r.config} compact />
        ))}
      </div>
      <BoundaryLegend classes={classes} />
    </section>
  );
}

function LiveBoundary({
  id,
  title,
  config,
  compact = false,
}: {
  id: string;
  title: string;
  config: ExperimentConfig;
  compact?: boolean;
}) {
  const points = boundaryPoints(config);
  const boundary = useCallback(() => metricsFor(id).latest?.boundary ?? null, [id]);
  if (!points) return null;
  return (
    <DecisionBoundary
      title={title}
      boundary={boundary}
      points={points}
      compact={compact}
      showLegend={!compact}
      maxSize={compact ? 260 : 420}
    />
  );
}
