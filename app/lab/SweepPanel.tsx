// Sweeps: train the current experiment (each run of a comparison) across the values of one
// knob, with progress, time left, cancel, and the final-loss chart.

import { useMemo } from 'react';
import {
  type ExperimentConfig,
  NORMS,
  normInfo,
  SWEEP_KNOBS,
  type Sweep,
  type SweepKnob,
  validGroupCounts,
} from '#engine';
import { SweepChart } from '../charts/SweepChart.tsx';
import { SWEEP_METRIC_TEXT } from '../charts/sweep-layout.ts';
import { KNOB_LABEL, knobInText } from '../knob-labels.ts';
import { controller } from '../runtime/app-controller.ts';
import { planRuns } from '../runtime/controller.ts';
import { store, useStore } from '../store/index.ts';
import { hasSweepResults } from '../store/run-slice.ts';
import { Select } from '../ui/controls.tsx';

export function defaultSweep(knob: SweepKnob, config: ExperimentConfig, steps: number): Sweep {
  switch (knob) {
    case 'lr':
      return { knob, values: [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3], steps };
    case 'batchSize':
      return { knob, values: [2, 4, 8, 16, 32], steps };
    case 'norm':
      return {
        knob,
        values: NORMS.filter((n) => n === 'none' || !normInfo(n).spatialOnly || config.model === 'cnn'),
        steps,
      };
    case 'groups':
      return { knob, values: validGroupCounts(config), steps };
  }
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating time left…';
  if (seconds < 1) return 'almost done';
  return seconds < 90 ? `about ${Math.round(seconds)} s left` : `about ${Math.round(seconds / 60)} min left`;
}

export function SweepPanel() {
  const sweep = useStore((s) => s.sweep);
  const config = useStore((s) => s.config);
  const comparison = useStore((s) => s.comparison);
  const progress = useStore((s) => s.sweepProgress);
  const running = progress?.state === 'running';
  const knob = sweep?.knob ?? 'lr';
  const steps = sweep?.steps ?? 300;
  const series = useMemo(
    () => planRuns(config, comparison).map((p) => ({ runId: p.id, label: p.label, color: p.color })),
    [config, comparison],
  );
  const setSweep = (next: Sweep) => store.getState().setSweep(next);
  const current = sweep ?? defaultSweep(knob, config, steps);
  const metric = current.metric ?? 'loss';
  const plotted = useStore(hasSweepResults);
  const plot = `the ${SWEEP_METRIC_TEXT[metric].title.toLowerCase()} against the ${knobInText(current.knob)}`;

  return (
    <div className="sweep-panel">
      <div className="sweep-controls">
        <Select
          label="Sweep over"
          value={knob}
          options={SWEEP_KNOBS.map((k) => ({
            value: k,
            label: KNOB_LABEL[k],
            disabled: k === 'groups' && config.norm !== 'groupnorm',
          }))}
          onChange={(k) => setSweep(defaultSweep(k, config, steps))}
          disabled={running}
        />
        <Select
          label="Steps per value"
          value={steps}
          options={[...new Set([100, 200, 300, 500, 1000, 2000, steps])]
            .sort((a, b) => a - b)
            .map((n) => ({ value: n, label: String(n) }))}
          onChange={(n) => setSweep({ ...current, steps: n } as Sweep)}
          disabled={running}
        />
        <Select
          label="Each value trains"
          value={current.budget ?? 'steps'}
          options={[
            { value: 'steps', label: 'the same steps' },
            {
              value: 'samples',
              label: 'the same samples',
              disabled: current.knob !== 'batchSize',
            },
          ]}
          onChange={(budget) => setSweep({ ...current, budget } as Sweep)}
          disabled={running}
        />
        <Select
          label="Plot"
          value={metric}
          options={[
            { value: 'loss', label: 'final train loss' },
            { value: 'error', label: 'test error' },
          ]}
          onChange={(m) => setSweep({ ...current, metric: m } as Sweep)}
        />
        {running ? (
          <button type="button" onClick={() => controller().cancelSweep()}>
            Cancel sweep
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              if (!store.getState().sweep) setSweep(current);
              controller().startSweep();
            }}
          >
            Run sweep
          </button>
        )}
      </div>
      <p className="hint">
        Values: {current.values.join(', ')}
        {current.budget === 'samples' &&
          current.knob === 'batchSize' &&
          ` · ${current.steps * Math.max(...current.values)} samples each`}{' '}
        · {series.length > 1 ? `${series.length} runs each` : 'one run each'}
      </p>
      {progress && (
        <div className="sweep-progress">
          <progress
            max={Math.max(1, progress.stepsTotal)}
            value={progress.stepsDone}
            aria-label="Sweep progress"
          />
          <span>
            {progress.state === 'running' &&
              `${progress.done} of ${progress.total} done, ${formatEta(progress.etaSeconds)}`}
            {progress.state === 'finished' && `Finished: ${progress.total} runs.`}
            {progress.skipped.length > 0 && ` ${progress.skipped.length} skipped (see below).`}
            {progress.state === 'cancelled' && `Cancelled after ${progress.done} of ${progress.total}.`}
            {progress.state === 'failed' && <span role="alert">Sweep failed: {progress.error}</span>}
          </span>
        </div>
      )}
      {progress && progress.skipped.length > 0 && (
        <ul className="sweep-skipped-list hint" aria-label="Skipped sweep values">
          {progress.skipped.map((k) => (
            <li key={`${k.runId}:${k.value}`}>
              Skipped {knobInText(current.knob)} {k.value}
              {series.length > 1 ? ` (${series.find((s) => s.runId === k.runId)?.label ?? k.runId})` : ''}:{' '}
              {k.reason}
            </li>
          ))}
        </ul>
      )}
      {!plotted && (
        // Before the first point the card says what it will draw (and offers no download yet).
        <p className="hint">
          {running
            ? `Each value's point appears here as its run finishes: ${plot}.`
            : `Run sweep to plot ${plot}, one point per value${series.length > 1 ? ', one line per run' : ''}.`}
        </p>
      )}
      {progress && plotted && (
        <SweepChart
          skipped={progress.skipped}
          knobLabel={knobInText(current.knob)}
          results={progress.results}
          values={current.values}
          series={series}
          metric={metric}
        />
      )}
    </div>
  );
}
