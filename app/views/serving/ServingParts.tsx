// Presentational parts of the serving view: the digit grid (canvas per digit), the accuracy
// line, the framework error, the running-statistics warning and the batch-mate rows. Props
// only; ServingPanel wires them to the engine.

import { Fragment, useEffect, useId, useRef } from 'react';
import type { ServeResult, ServingMode } from '#engine';
import { useTheme } from '../../theme.ts';
import {
  accuracyText,
  digitName,
  driftWarning,
  type MateRow,
  MODE_LABEL,
  mark,
  mateRowText,
  mateSummary,
  PYTORCH_EXPLANATION,
  SERVING_MODES,
  type ServedImage,
  servedSettings,
} from './serving-math.ts';
import './serving.css';

/** Pixels of test image i: 28 × 28 row-major values in [0, 1], or null when not loaded. */
export type PixelSource = (index: number) => ArrayLike<number> | null;

export const IMAGE_SIDE = 28;

/** One digit on a 28 × 28 canvas, drawn as ink of the text colour so it reads in both themes. */
export function DigitCanvas({ pixels }: { pixels: ArrayLike<number> | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  // The ink is the theme's text colour, read when drawing: a theme change draws again.
  const theme = useTheme();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the ink comes from computed style, which `theme` changes
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, IMAGE_SIDE, IMAGE_SIDE);
    if (!pixels) return;
    const [r, g, b] = inkColor(getComputedStyle(canvas).color);
    const image = ctx.createImageData(IMAGE_SIDE, IMAGE_SIDE);
    const n = Math.min(pixels.length, IMAGE_SIDE * IMAGE_SIDE);
    for (let i = 0; i < n; i++) {
      const v = Math.max(0, Math.min(1, pixels[i]));
      image.data[4 * i] = r;
      image.data[4 * i + 1] = g;
      image.data[4 * i + 2] = b;
      image.data[4 * i + 3] = Math.round(v * 255);
    }
    ctx.putImageData(image, 0, 0);
  }, [pixels, theme]);
  return <canvas ref={ref} className="digit-canvas" width={IMAGE_SIDE} height={IMAGE_SIDE} aria-hidden />;
}

function inkColor(css: string): [number, number, number] {
  const m = css.match(/\d+(\.\d+)?/g);
  if (!m || m.length < 3) return [0, 0, 0];
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

export function DigitGrid({
  images,
  pixels,
  selected,
  onSelect,
}: {
  images: ServedImage[];
  pixels: PixelSource;
  selected: number | null;
  onSelect: (index: number) => void;
}) {
  return (
    <ul className="digit-grid" aria-label="Served test digits">
      {images.map((image) => {
        const state = image.predicted < 0 ? 'failed' : image.correct ? 'correct' : 'wrong';
        return (
          <li key={image.index}>
            <button
              type="button"
              className={`digit digit-${state}`}
              aria-label={digitName(image)}
              aria-pressed={selected === image.index}
              onClick={() => onSelect(image.index)}
            >
              <DigitCanvas pixels={pixels(image.index)} />
              <span className="digit-prediction" aria-hidden>
                {image.predicted < 0 ? '–' : `${image.predicted} ${mark(image.correct)}`}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Both accuracies with the settings that produced them (batch size, model step), so the line never
 * claims more than it measured. `stale`: why the result no longer matches what the reader sees (other
 * settings in the controls, or a model that has trained since), said after the numbers.
 */
export function AccuracyLine({
  result,
  step = null,
  stale = null,
}: {
  result: ServeResult;
  step?: number | null;
  /** Why the shown result no longer matches the controls or the model, or null when it does. */
  stale?: string | null;
}) {
  return (
    <p
      className={stale ? 'serving-accuracy serving-stale' : 'serving-accuracy'}
      role="status"
      aria-busy={stale !== null}
    >
      {accuracyText(result)
        .split(' · ')
        .map((part, i) => (
          // The separator stays outside the unbreakable part: a narrow card wraps the line there.
          <Fragment key={part}>
            {i > 0 && ' · '}
            <span>{part}</span>
          </Fragment>
        ))}
      {' · '}
      <span className="serving-settings">{servedSettings(result)}</span>
      {step !== null && <span className="serving-step"> (model at step {step.toLocaleString('en-US')})</span>}
      {stale && <span className="serving-stale-note"> — {stale}</span>}
    </p>
  );
}

/** The framework's error, verbatim, with what it means. */
export function ServeError({ message }: { message: string }) {
  return (
    <div className="notice notice-error serving-error" role="alert">
      <p className="serving-error-title">Serving failed with the framework error:</p>
      <pre>
        <code>{message}</code>
      </pre>
      <p>{PYTORCH_EXPLANATION}</p>
    </div>
  );
}

export function DriftWarning({ drift, onReset }: { drift: number; onReset?: () => void }) {
  return (
    <div className="notice serving-drift" role="alert">
      <p>
        <span aria-hidden>⚠ </span>
        {driftWarning(drift)}
      </p>
      {onReset && (
        <button type="button" onClick={onReset}>
          Reset
        </button>
      )}
    </div>
  );
}

export function ModeToggle({ mode, onChange }: { mode: ServingMode; onChange: (mode: ServingMode) => void }) {
  const name = useId();
  const hints: Record<ServingMode, string> = {
    train: 'model.train(): batch statistics',
    eval: 'model.eval(): running statistics',
  };
  const options = SERVING_MODES.map((value) => ({ value, label: MODE_LABEL[value], hint: hints[value] }));
  return (
    <fieldset className="serving-mode">
      <legend>Serving mode</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={mode === o.value}
            onChange={() => onChange(o.value)}
          />
          <span className="serving-mode-text">
            <span>{o.label}</span>
            <small className="hint">{o.hint}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function BatchMates({
  selected,
  label,
  batchSize,
  rows,
  pending,
  onServe,
}: {
  selected: number | null;
  label: number | null;
  batchSize: number;
  rows: MateRow[];
  pending: boolean;
  onServe: () => void;
}) {
  const titleId = useId();
  const summary = mateSummary(rows);
  return (
    <section className="serving-mates" aria-labelledby={titleId}>
      <h3 id={titleId}>Batch-mates</h3>
      {selected === null || label === null ? (
        <p className="serving-hint">Click a digit to pick it, then serve it beside different batch-mates.</p>
      ) : (
        <>
          <p>
            Test digit {selected} (label {label}), in batches of {batchSize}.
          </p>
          {batchSize < 2 ? (
            <p className="serving-hint">A batch of 1 has no batch-mates: raise the serving batch size.</p>
          ) : (
            <button type="button" onClick={onServe} aria-busy={pending}>
              Serve it with other batch-mates
            </button>
          )}
          {rows.length > 0 && (
            <ul aria-label={`Predictions for test digit ${selected} with different batch-mates`}>
              {rows.map((row) => (
                <li key={row.mates.join(',')}>{mateRowText(row, label)}</li>
              ))}
            </ul>
          )}
          {summary && <p className="serving-mates-summary">{summary}</p>}
        </>
      )}
    </section>
  );
}
