// Lesson 1's live experiment: the MSE loss of a 2-feature linear model as contours over (w1, w2),
// with the gradient-descent path the engine trains, animated step by step. Knobs: feature 2's
// scale, the learning rate, standardize on/off. The options are controlled (`options` +
// `onOptionsChange`, for a lesson page driving them from "try this" buttons and the URL) or
// uncontrolled (`defaultOptions`); the playback state (step, playing) is the view's own.
// The path is tiny (2 weights, 200 samples, <= 2000 steps), so it is computed on the main thread.

import {
  type RefObject,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react';
import {
  CONVERGED_TOLERANCE,
  DIVERGED_FACTOR,
  descend,
  LANDSCAPE_DEFAULTS,
  LANDSCAPE_LIMITS,
  type LandscapeOptions,
  makeLandscape,
  stepsToConverge,
} from '#engine';
import { AxisLabels, StaticXTicks, StaticYTicks } from '../../charts/frame.tsx';
import { LogSlider, Slider } from '../../ui/controls.tsx';
import { useWidth } from '../../ui/use-width.ts';
import {
  formatCount,
  formatLoss,
  formatLr,
  layoutLandscape,
  LANDSCAPE_MARGIN as M,
  pathUpTo,
  pointInside,
  roundSignificant,
  sanitizeOptions,
} from './landscape-layout.ts';
import './landscape.css';
import { prefersReducedMotion } from '../../ui/motion.ts';

/** Playback speed, steps per second. */
export const STEPS_PER_SECOND = 20;
const PANEL_WIDTH = 260;
/** Space between the plot and the panel beside it (the wide body's CSS gap, --space-12). */
const PANEL_GAP = 24;
const MAX_PLOT = 520;
/**
 * The panel goes beside the plot whenever the plot there is still this wide. Under it, the
 * knobs would sit a whole plot's height below the chart they change: in a desktop lesson's live
 * column (about 650 px wide, at most a window high) the Standardize box fell below the fold.
 */
const MIN_PLOT_BESIDE = 260;
const MIN_PLOT = 160;
/** Space kept under the Standardize box in a sticky column (px). */
const COLUMN_SLACK = 8;

export interface LandscapeViewProps {
  /** Controlled options; the view calls onOptionsChange and shows whatever comes back. */
  options?: LandscapeOptions;
  /** Uncontrolled: the starting options (default LANDSCAPE_DEFAULTS). */
  defaultOptions?: LandscapeOptions;
  onOptionsChange?: (options: LandscapeOptions) => void;
  /** Start playing on mount and whenever the options change (not under prefers-reduced-motion). */
  autoPlay?: boolean;
  /**
   * Each change after mount plays the descent from step 0, as a network lesson's try-this starts
   * training: a lesson's try-this promises what the path does. Under prefers-reduced-motion it
   * shows the last step at once instead (the outcome, without the animation).
   */
  playRequest?: number;
  title?: string;
}

export type LandscapeStatus =
  | { kind: 'running'; playing: boolean; step: number }
  | { kind: 'converged'; step: number }
  | { kind: 'diverged'; step: number }
  | { kind: 'unfinished'; steps: number; needed: number | null };

export function LandscapeView({
  options: controlled,
  defaultOptions,
  onOptionsChange,
  autoPlay = false,
  playRequest,
  title = 'Gradient descent on the loss surface',
}: LandscapeViewProps) {
  const [own, setOwn] = useState<LandscapeOptions>(defaultOptions ?? LANDSCAPE_DEFAULTS);
  const options = useMemo(
    () => sanitizeOptions(controlled ?? own, defaultOptions ?? LANDSCAPE_DEFAULTS),
    [controlled, own, defaultOptions],
  );
  const change = useCallback(
    (patch: Partial<LandscapeOptions>) => {
      const next = { ...options, ...patch };
      if (controlled === undefined) setOwn(next);
      onOptionsChange?.(next);
    },
    [options, controlled, onOptionsChange],
  );

  const { scale, standardize, seed, lr, start, steps } = options;
  const landscape = useMemo(() => makeLandscape({ scale, standardize, seed }), [scale, standardize, seed]);
  const startKey = `${start[0]},${start[1]}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: start is keyed by value (a new array each render is the same start)
  const descent = useMemo(() => descend(landscape, { lr, start, steps }), [landscape, lr, startKey, steps]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above
  const needed = useMemo(() => stepsToConverge(landscape, lr, start), [landscape, lr, startKey]);
  const last = descent.points.length - 1;

  // Playback: the playhead restarts at 0 whenever the path changes.
  const [step, setStep] = useState(0);
  const [playing, setPlaying] = useState(() => autoPlay && !prefersReducedMotion());
  const firstPath = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the path changes
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    setStep(0);
    if (autoPlay && !prefersReducedMotion()) setPlaying(true);
  }, [descent]);
  // Declared after the path's effect, so in a commit that changes both (a try-this sets the knobs
  // and asks to play) this one has the last word.
  const seenRequest = useRef(playRequest);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a play is requested
  useEffect(() => {
    if (seenRequest.current === playRequest) return;
    seenRequest.current = playRequest;
    if (prefersReducedMotion()) {
      setPlaying(false);
      setStep(last);
    } else {
      setStep(0);
      setPlaying(true);
    }
  }, [playRequest]);
  const shown = Math.min(step, last);
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setStep((s) => {
        if (s >= last) return s;
        return s + 1;
      });
    }, 1000 / STEPS_PER_SECOND);
    return () => clearInterval(timer);
  }, [playing, last]);
  useEffect(() => {
    if (playing && shown >= last) setPlaying(false);
  }, [playing, shown, last]);

  const play = () => {
    if (playing) setPlaying(false);
    else {
      if (shown >= last) setStep(0);
      setPlaying(true);
    }
  };

  const status: LandscapeStatus =
    shown < last
      ? { kind: 'running', playing, step: shown }
      : descent.divergedAt !== null
        ? { kind: 'diverged', step: descent.divergedAt }
        : descent.convergedAt !== null
          ? { kind: 'converged', step: descent.convergedAt }
          : { kind: 'unfinished', steps: last, needed };

  // Size: a square plot; the panel beside it when there is room.
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useWidth(bodyRef, 480, 240);
  const sideBySide = width - PANEL_WIDTH - PANEL_GAP - M.left - M.right >= MIN_PLOT_BESIDE;
  const plotWidth = sideBySide ? width - PANEL_WIDTH - PANEL_GAP : width;
  const stackedCap = useStackedCap(bodyRef, !sideBySide);
  const side = Math.max(MIN_PLOT, Math.min(MAX_PLOT, plotWidth - M.left - M.right, stackedCap));
  const layout = useMemo(
    () => layoutLandscape(landscape, descent, start, side),
    [landscape, descent, start, side],
  );

  const point = descent.points[shown];
  const ratio = lr / landscape.maxStableLr;
  const summary = `${standardize ? 'Standardized' : 'Unstandardized'} features, scale ${formatScale(scale)}, learning rate ${formatLr(lr)}. Step ${shown}, loss ${formatLoss(point.loss)}. ${statusText(status, steps)}`;

  return (
    <section className="landscape" aria-label={title}>
      <h3 className="chart-title">{title}</h3>
      <div ref={bodyRef} className={`landscape-body${sideBySide ? ' landscape-wide' : ''}`}>
        <figure
          className="chart landscape-figure"
          style={sideBySide ? { width: M.left + side + M.right } : undefined}
        >
          <LandscapePlot
            layout={layout}
            shown={shown}
            status={status}
            summary={summary}
            standardize={standardize}
          />
          <LandscapeLegend />
        </figure>
        <div className="landscape-panel" style={sideBySide ? { minWidth: PANEL_WIDTH } : undefined}>
          <div className="transport landscape-transport">
            <button type="button" className="button primary" onClick={play}>
              {playing ? 'Pause' : shown >= last && last > 0 ? 'Replay' : 'Play'}
            </button>
            <button
              type="button"
              className="button"
              disabled={shown >= last}
              onClick={() => {
                setPlaying(false);
                setStep(Math.min(last, shown + 1));
              }}
            >
              Step
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setPlaying(false);
                setStep(0);
              }}
            >
              Reset
            </button>
          </div>
          <Slider
            label="Show step"
            value={shown}
            min={0}
            max={Math.max(1, last)}
            step={1}
            disabled={last === 0}
            display={`${shown} of ${last}`}
            onChange={(v) => {
              setPlaying(false);
              setStep(Math.min(last, v));
            }}
          />
          <dl className="landscape-readout" aria-label="Readout">
            <div>
              <dt>Step</dt>
              <dd>{shown}</dd>
            </div>
            <div>
              <dt>Loss</dt>
              <dd>{formatLoss(point.loss)}</dd>
            </div>
            <div>
              <dt>w₁, w₂</dt>
              <dd>
                {formatLoss(point.w1)}, {formatLoss(point.w2)}
              </dd>
            </div>
          </dl>
          <p
            className={`status landscape-status${status.kind === 'diverged' ? ' status-diverged' : ''}`}
            role="status"
            aria-label="Run status"
          >
            {statusText(status, steps)}
          </p>
          <LogSlider
            label="Feature 2 scale"
            value={scale}
            min={LANDSCAPE_LIMITS.scale.min}
            max={LANDSCAPE_LIMITS.scale.max}
            step={0.01}
            round={roundSignificant}
            display={formatScale(scale)}
            hint="Std of feature 2 ÷ std of feature 1 (log scale)"
            onChange={(v) => change({ scale: v })}
          />
          <LogSlider
            label="Learning rate"
            value={lr}
            min={LANDSCAPE_LIMITS.lr.min}
            max={LANDSCAPE_LIMITS.lr.max}
            step={0.01}
            round={roundSignificant}
            display={formatLr(lr)}
            hint="Log scale"
            onChange={(v) => change({ lr: v })}
          />
          <Checkbox
            label="Standardize inputs"
            hint="Z-score each feature: subtract its mean, divide by its std"
            checked={standardize}
            onChange={(v) => change({ standardize: v })}
          />
          {/* The facts explain the learning rate's limit, beside the button that uses it; the knobs
              come first so they stay next to the chart. */}
          <p className="landscape-facts">
            Condition number κ = {formatKappa(landscape.conditionNumber)}. Largest stable learning rate{' '}
            <span className="landscape-nowrap">
              2/λ<sub>max</sub> = {formatLr(landscape.maxStableLr)}
            </span>
            ; this one is {formatRatio(ratio)} that.
          </p>
          <button
            type="button"
            className="button landscape-suggest"
            onClick={() => change({ lr: roundSignificant(0.9 * landscape.maxStableLr, 2) })}
          >
            Set learning rate to 0.9 × the largest stable
          </button>
        </div>
      </div>
    </section>
  );
}

/**
 * The largest plot side that keeps the Standardize box (the last knob) in a sticky column's
 * height with the whole plot, when the panel is under the plot (a desktop column between 1000
 * and ~1170 px windows, too narrow for it beside the plot); Infinity elsewhere: on a phone the page
 * scrolls and the plot keeps its width. What sits above the box besides the plot does not depend
 * on the plot's side, so it is measured after each layout, not guessed.
 */
function useStackedCap(bodyRef: RefObject<HTMLDivElement | null>, stacked: boolean): number {
  const [cap, setCap] = useState(Number.POSITIVE_INFINITY);
  // A window that only grows taller changes no width: measure again then too.
  const [, remeasure] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    window.addEventListener('resize', remeasure);
    return () => window.removeEventListener('resize', remeasure);
  }, []);
  useLayoutEffect(() => {
    const body = bodyRef.current;
    const column = body && stacked ? stickyColumn(body) : null;
    const check = body?.querySelector('.landscape-check');
    const svg = body?.querySelector('svg.landscape-svg');
    let next = Number.POSITIVE_INFINITY;
    if (column && check && svg) {
      const height = Number.parseFloat(getComputedStyle(column).maxHeight) || column.clientHeight;
      const contentTop = column.getBoundingClientRect().top - column.scrollTop;
      const others = check.getBoundingClientRect().bottom - contentTop - svg.getBoundingClientRect().height;
      next = Math.floor(height - others - M.top - M.bottom - COLUMN_SLACK);
    }
    if (next !== cap && !(Math.abs(next - cap) <= 1)) setCap(next);
  });
  return cap;
}

/** The nearest ancestor that scrolls by itself, when it is sticky (the desktop lesson's live column). */
function stickyColumn(el: HTMLElement): HTMLElement | null {
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (/(auto|scroll)/.test(style.overflowY)) return style.position === 'sticky' ? node : null;
  }
  return null;
}

function LandscapePlot({
  layout,
  shown,
  status,
  summary,
  standardize,
}: {
  layout: ReturnType<typeof layoutLandscape>;
  shown: number;
  status: LandscapeStatus;
  summary: string;
  standardize: boolean;
}) {
  const clipId = `landscape-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { side } = layout;
  const w = M.left + side + M.right;
  const h = M.top + side + M.bottom;
  const contours = useMemo(
    () =>
      layout.contours.map((c, i) => (
        <path key={c.level} className={`contour${i % 2 === 0 ? ' contour-major' : ''}`} d={c.d} />
      )),
    [layout],
  );
  const dots = [];
  for (let i = 1; i <= shown; i++) {
    if (!pointInside(layout, i)) continue;
    dots.push(
      <circle
        key={i}
        className="path-dot"
        cx={layout.pathXY[2 * i]}
        cy={layout.pathXY[2 * i + 1]}
        r={i === shown ? 4.5 : 2.2}
      />,
    );
  }
  const sx = layout.pathXY[0];
  const sy = layout.pathXY[1];
  return (
    <svg
      width={w}
      height={h}
      role="img"
      aria-label={`Loss contours over w₁ and w₂ with the gradient-descent path. ${summary}`}
      className="landscape-svg"
    >
      <defs>
        <clipPath id={clipId}>
          <rect width={side} height={side} />
        </clipPath>
      </defs>
      <g transform={`translate(${M.left},${M.top})`}>
        <rect className="landscape-frame" width={side} height={side} />
        <g clipPath={`url(#${clipId})`}>
          <g className="contours">{contours}</g>
          <path className="descent-path" d={pathUpTo(layout, shown)} />
          {dots}
          <path
            className="minimum-marker"
            d={`M${layout.minimum.x - 6},${layout.minimum.y - 6}L${layout.minimum.x + 6},${layout.minimum.y + 6}M${layout.minimum.x - 6},${layout.minimum.y + 6}L${layout.minimum.x + 6},${layout.minimum.y - 6}`}
          />
          <circle className="start-marker" cx={sx} cy={sy} r={6} />
        </g>
        <StaticXTicks
          ticks={layout.xTicks.map(({ at, label }) => ({ x: at, label }))}
          y={side}
          mark={5}
          labelY={17}
        />
        <StaticYTicks ticks={layout.yTicks.map(({ at, label }) => ({ y: at, label }))} mark={5} labelX={-8} />
        {status.kind === 'diverged' && (
          <g className="diverged-banner" transform={`translate(${side / 2},26)`}>
            <rect x={-92} y={-16} width={184} height={32} rx={6} />
            <text textAnchor="middle" dy="0.35em">
              Diverged at step {status.step}
            </text>
          </g>
        )}
      </g>
      <AxisLabels
        frame={{ width: w, height: h, margin: M, innerW: side, innerH: side }}
        x={`w₁${standardize ? ' (standardized feature 1)' : ' (feature 1)'}`}
        y={`w₂${standardize ? ' (standardized feature 2)' : ' (feature 2)'}`}
      />
    </svg>
  );
}

function LandscapeLegend() {
  return (
    <ul className="legend landscape-legend" aria-label="Legend">
      <li>
        <svg width={14} height={14} aria-hidden="true">
          <circle className="start-marker" cx={7} cy={7} r={5} />
        </svg>
        start
      </li>
      <li>
        <svg width={14} height={14} aria-hidden="true">
          <path className="minimum-marker" d="M2,2L12,12M2,12L12,2" />
        </svg>
        minimum
      </li>
      <li>
        <svg width={22} height={14} aria-hidden="true">
          <path className="descent-path" d="M1,10L11,4L21,10" />
        </svg>
        descent path
      </li>
      <li className="landscape-muted">
        contours: loss − minimum = …, 0.1, 0.3, 1, 3, … (equal scales on both axes)
      </li>
    </ul>
  );
}

function Checkbox({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="control landscape-check">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
        <span>{label}</span>
      </label>
      {hint && <small className="hint">{hint}</small>}
    </div>
  );
}

export function statusText(status: LandscapeStatus, maxSteps: number): string {
  switch (status.kind) {
    case 'running':
      if (status.playing) return 'Descending…';
      return status.step === 0 ? 'Ready: press Play, or Step through it.' : `Paused at step ${status.step}.`;
    case 'converged':
      return `Converged at step ${status.step}: the loss is within ${Math.round(CONVERGED_TOLERANCE * 100)} % of its minimum.`;
    case 'diverged':
      return `Diverged at step ${status.step}: the loss grew past ${formatFactor(DIVERGED_FACTOR)} its start value.`;
    case 'unfinished':
      return status.needed === null
        ? `Not converged after ${maxSteps} steps, and it never will at this learning rate.`
        : `Not converged after ${maxSteps} steps: at this learning rate it needs ${formatCount(status.needed)}.`;
    default: {
      const never: never = status;
      return String(never);
    }
  }
}

function formatFactor(f: number): string {
  return f === 1e6 ? 'a million times' : `${f}×`;
}

function formatKappa(k: number): string {
  return k < 10 ? k.toFixed(2) : formatCount(k);
}

function formatScale(scale: number): string {
  return `${Number(scale.toPrecision(3))}×`;
}

function formatRatio(r: number): string {
  if (r >= 1000) return `${formatCount(r)}×`;
  if (r >= 0.01) return `${Number(r.toPrecision(2))}×`;
  return `${r.toExponential(0).replace('e-', 'e−')}×`;
}
