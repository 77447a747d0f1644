// The live feature-map view: the first CNN run (or a picked one) forwards the served digit (the
// store's serving slice: digit, mode, batch size, shared with the serving panel) in that digit's
// serving batch through its worker (`featureMaps` request; nothing of the run changes), when
// training pauses at a new step or the question changes. The layer shown is the observed layer
// (the network diagram's pick): pressing a layer here points every layer view at it.

import { type ReactNode, useCallback, useMemo } from 'react';
import type { FeatureMaps, LayerInfo, ServingMode } from '#engine';
import { selectObservedLayer } from '../../runtime/actions.ts';
import { controller } from '../../runtime/app-controller.ts';
import { runLayer, store, useStore } from '../../store/index.ts';
import { Select, Slider } from '../../ui/controls.tsx';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { useRunMeasurement } from '../run-measurement.ts';
import { MAX_SERVE_BATCH, SERVE_COUNT, servingBatch } from '../serving/serving-math.ts';
import { FEATURE_MAPS_TITLE, FeatureMapView } from './FeatureMapView.tsx';
import './feature-maps.css';

export const NOT_CNN =
  'Feature maps need the small CNN: set the model to CNN (MNIST digits) and train a little first.';
export const MAPS_NOT_TRAINED = 'Train the model first (press Play), then its feature maps show here.';
export const MAPS_STALE_SETTINGS = 'shown until the new digit, mode or batch is computed';
export const MAPS_STALE_MODEL = 'the model has trained since: computed again when training pauses';
/** A pause or a control change asks again after this delay, so a slider drag sends one request. */
const REMAP_DELAY_MS = 300;
const NO_LAYERS: LayerInfo[] = [];

interface MapRun {
  id: string;
  label: string;
  color: string;
  trained: boolean;
}

export function FeatureMapPanel() {
  // Which CNN runs exist and whether each has trained, not their per-round numbers.
  const runsKey = useStore((s) =>
    JSON.stringify(
      s.runs
        .filter((r) => r.config.model === 'cnn')
        .map((r): MapRun => ({ id: r.id, label: r.label, color: r.color, trained: r.step > 0 })),
    ),
  );
  const runs = useMemo(() => JSON.parse(runsKey) as MapRun[], [runsKey]);
  const { run, pick } = usePickedRun(runs);
  if (!run) return <MapsNotice>{NOT_CNN}</MapsNotice>;
  if (!run.trained) return <MapsNotice>{MAPS_NOT_TRAINED}</MapsNotice>;
  const toolbar = <RunPicker runs={runs} value={run.id} onChange={pick} />;
  return <LiveMaps key={run.id} runId={run.id} toolbar={toolbar} />;
}

function MapsNotice({ children }: { children: ReactNode }) {
  return (
    <section className="fmap-view" aria-label={FEATURE_MAPS_TITLE}>
      <h2 className="chart-title">{FEATURE_MAPS_TITLE}</h2>
      <p className="hint">{children}</p>
    </section>
  );
}

interface Answer {
  step: number;
  maps: FeatureMaps;
}

function LiveMaps({ runId, toolbar }: { runId: string; toolbar: ReactNode }) {
  const digit = useStore((s) => s.servedDigit ?? 0);
  const mode = useStore((s) => s.servingMode);
  const batchSize = useStore((s) => s.servingBatchSize);
  const total = controller().mnistDataset()?.test.count ?? SERVE_COUNT;
  const batchKey = servingBatch(digit, batchSize, total).join(',');
  const ask = useCallback(
    async (signal: AbortSignal): Promise<Answer> => {
      const batch = batchKey.split(',').map(Number);
      const reply = await controller().request(
        { type: 'featureMaps', runId, image: digit, batch, mode },
        signal,
      );
      return { step: reply.step, maps: reply.result };
    },
    [runId, digit, batchKey, mode],
  );
  const { result, pending, failure } = useRunMeasurement<Answer>(runId, ask, REMAP_DELAY_MS);
  const layers = useStore((s) => s.runs.find((r) => r.id === runId)?.layers ?? NO_LAYERS);
  const picked = useStore((s) => {
    const r = s.runs.find((x) => x.id === runId);
    return r ? runLayer(s, r) : null;
  });
  const modelMoved = useStore(
    (s) => result !== null && (s.runs.find((r) => r.id === runId)?.step ?? result.step) !== result.step,
  );
  const maps = result?.maps ?? null;
  const settingsMoved =
    maps !== null && (maps.image !== digit || maps.mode !== mode || maps.batch.join(',') !== batchKey);
  const stale = settingsMoved ? MAPS_STALE_SETTINGS : modelMoved ? MAPS_STALE_MODEL : null;
  const s = store.getState();
  const controls = (
    <>
      {toolbar}
      <DigitStepper digit={digit} onChange={s.selectDigit} />
      <Select
        label="Mode of the pass"
        value={mode}
        options={[
          { value: 'eval' as ServingMode, label: 'eval mode' },
          { value: 'train' as ServingMode, label: 'train mode' },
        ]}
        onChange={s.setServingMode}
      />
      <Slider
        label="Batch size of the pass"
        value={batchSize}
        min={1}
        max={MAX_SERVE_BATCH}
        step={1}
        display={String(batchSize)}
        onChange={s.setServingBatchSize}
        hint="The serving batch size: the digit is forwarded with the digits served beside it"
      />
    </>
  );
  return (
    <FeatureMapView
      result={maps}
      layers={layers}
      picked={picked}
      onPick={(index) => selectObservedLayer(index)}
      step={result?.step ?? null}
      stale={stale}
      pending={pending}
      failure={failure}
      controls={controls}
    />
  );
}

/** Previous / next of the served digits (the serving panel's grid picks any of them too). */
function DigitStepper({ digit, onChange }: { digit: number; onChange: (digit: number) => void }) {
  const last = SERVE_COUNT - 1;
  return (
    <div className="fmap-digit">
      <button
        type="button"
        className="button"
        aria-label="Previous digit"
        disabled={digit <= 0}
        onClick={() => onChange(Math.min(last, digit - 1))}
      >
        ‹
      </button>
      <span>Digit {digit}</span>
      <button
        type="button"
        className="button"
        aria-label="Next digit"
        disabled={digit >= last}
        onClick={() => onChange(Math.max(0, Math.min(last, digit + 1)))}
      >
        ›
      </button>
    </div>
  );
}
