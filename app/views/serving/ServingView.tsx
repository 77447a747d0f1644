// The serving view's body, presentational: controls, accuracy in both modes, the framework
// error, the running-statistics warning, the digit grid and the batch-mate experiment. Props
// only, so browser tests render it from a fixed ServeResult.

import { type ReactNode, useId } from 'react';
import type { ServeResult, ServingMode } from '#engine';
import { Slider } from '../../ui/controls.tsx';
import {
  AccuracyLine,
  BatchMates,
  DigitGrid,
  DriftWarning,
  ModeToggle,
  type PixelSource,
  ServeError,
} from './ServingParts.tsx';
import { MAX_SERVE_BATCH, type MateRow, SERVE_COUNT, servedImages } from './serving-math.ts';
import './serving.css';

export const SERVING_TITLE = 'Serving: train mode vs eval mode';
export const STALE_SETTINGS = 'shown until the new settings are served';
export const STALE_MODEL = 'the model has trained since: served again when training pauses';

export interface ServingViewProps {
  mode: ServingMode;
  batchSize: number;
  onModeChange: (mode: ServingMode) => void;
  onBatchSizeChange: (batchSize: number) => void;
  onServe: () => void;
  /** The latest serving result of the first SERVE_COUNT test images (null before the first). */
  result: ServeResult | null;
  /** The training step of the model that produced `result` (shown beside the accuracies). */
  servedAtStep?: number | null;
  /** The model has trained past `servedAtStep` (a re-serve follows when training pauses). */
  modelMoved?: boolean;
  pending: boolean;
  pixels: PixelSource;
  selected: number | null;
  onSelect: (index: number) => void;
  mateRows: MateRow[];
  matesPending: boolean;
  onServeMates: () => void;
  /** Largest running-statistics change caused by train-mode serving since the last reset. */
  drift: number;
  onReset?: () => void;
  /** Extra controls (a run picker). */
  toolbar?: ReactNode;
}

export function ServingView(props: ServingViewProps) {
  const { result, selected } = props;
  const titleId = useId();
  const images = result ? servedImages(result) : [];
  const selectedImage = images.find((i) => i.index === selected) ?? null;
  // The shown result stays until the next one lands, but says when it no longer matches.
  const settingsMoved =
    result !== null && (result.mode !== props.mode || result.batchSize !== props.batchSize);
  const stale = settingsMoved ? STALE_SETTINGS : props.modelMoved && result ? STALE_MODEL : null;
  return (
    <section className="serving-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {SERVING_TITLE}
      </h2>
      <div className="serving-controls">
        {props.toolbar}
        <Slider
          label="Serving batch size"
          value={props.batchSize}
          min={1}
          max={MAX_SERVE_BATCH}
          step={1}
          display={String(props.batchSize)}
          onChange={props.onBatchSizeChange}
          hint={`The first ${SERVE_COUNT} test digits, served in batches of this size`}
        />
        <ModeToggle mode={props.mode} onChange={props.onModeChange} />
        <button type="button" className="button primary" onClick={props.onServe} aria-busy={props.pending}>
          Serve
        </button>
      </div>
      {props.drift > 0 && <DriftWarning drift={props.drift} onReset={props.onReset} />}
      {result ? (
        <>
          <AccuracyLine result={result} step={props.servedAtStep ?? null} stale={stale} />
          {result.error && <ServeError message={result.error} />}
          <div className={settingsMoved ? 'serving-stale' : undefined}>
            <DigitGrid images={images} pixels={props.pixels} selected={selected} onSelect={props.onSelect} />
          </div>
        </>
      ) : (
        <p className="serving-hint">
          {props.pending ? 'Serving…' : 'Press Serve to classify the test digits.'}
        </p>
      )}
      <BatchMates
        selected={selectedImage?.index ?? null}
        label={selectedImage?.label ?? null}
        batchSize={props.batchSize}
        rows={props.mateRows}
        pending={props.matesPending}
        onServe={props.onServeMates}
      />
    </section>
  );
}

/** The view's title and a sentence in place of its body (the empty states). */
export function ServingNotice({ children }: { children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="serving-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {SERVING_TITLE}
      </h2>
      <p className="serving-hint">{children}</p>
    </section>
  );
}
