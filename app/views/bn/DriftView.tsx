// Running-statistics drift: the observed BatchNorm layer's batch mean and variance next to
// its running mean and variance over training, per channel, with the BN momentum slider that
// changes the running-average weight live. DriftPanel is presentational (props only);
// DriftView reads the store and the metric histories.

import { type ReactNode, useCallback, useId, useState } from 'react';
import { keepsRunningStats, NORM_CATALOG } from '#engine';
import { Legend, useHighlight } from '../../charts/frame.tsx';
import { updateConfig } from '../../runtime/actions.ts';
import { metricsFor } from '../../runtime/metrics.ts';
import { useStore } from '../../store/index.ts';
import { formatNumber, Select, Slider } from '../../ui/controls.tsx';
import { RunPicker } from '../../ui/RunPicker.tsx';
import { usePickedRun } from '../../ui/use-picked-run.ts';
import { kindName } from '../layer-names.ts';
import { DriftChart } from './DriftChart.tsx';
import { type DriftSource, MOMENTUM_STOPS, momentumSentence, nearestStop } from './drift-layout.ts';
import { type ObservedRun, useObserved } from './use-observed.ts';
import { ViewNotice } from './ViewParts.tsx';
import './bn.css';

export const DRIFT_TITLE = 'Running statistics drift';
/** The normalizers that keep running statistics, by name: "BatchNorm". */
const WITH_RUNNING_STATS = NORM_CATALOG.filter((row) => row.runningStats)
  .map((row) => row.label)
  .join(' and ');
export const NOT_BATCHNORM = `Running statistics exist only for ${WITH_RUNNING_STATS}; pick such a layer in the network diagram.`;

export interface DriftPanelProps {
  source: () => DriftSource;
  /** Channels (features) of the BatchNorm layer. */
  channels: number;
  momentum: number;
  onMomentumChange: (momentum: number) => void;
  /**
   * Values behind each channel statistic, n = N × H × W (running_var stores var × n / (n − 1)). Named n
   * as lesson 6 names it: there m is the momentum.
   */
  valuesPerChannel: number;
  initialChannel?: number | 'all';
  emptyText?: string;
  /** Extra controls (a run picker). */
  toolbar?: ReactNode;
  /** The runs differ in BN momentum (a comparison): the slider would end it, so it is disabled. */
  momentumCompared?: boolean;
}

export function DriftPanel({
  source,
  channels,
  momentum,
  onMomentumChange,
  valuesPerChannel: n,
  initialChannel = 0,
  emptyText = 'Press Play to see the batch and running statistics.',
  toolbar,
  momentumCompared = false,
}: DriftPanelProps) {
  const highlight = useHighlight();
  const [channel, setChannel] = useState<number | 'all'>(initialChannel);
  const shown = channel === 'all' || channel < channels ? channel : 0;
  const options = [
    { value: 'all', label: 'All channels' },
    ...Array.from({ length: channels }, (_, c) => ({ value: String(c), label: `Channel ${c}` })),
  ];
  const titleId = useId();
  return (
    <section className="bn-view" aria-labelledby={titleId}>
      <h2 className="chart-title" id={titleId}>
        {DRIFT_TITLE}
      </h2>
      <div className="bn-controls">
        {toolbar}
        <Select
          label="Channel"
          value={String(shown)}
          options={options}
          onChange={(v) => setChannel(v === 'all' ? 'all' : Number(v))}
        />
        <Slider
          label="BN momentum"
          value={nearestStop(momentum)}
          min={0}
          max={MOMENTUM_STOPS.length - 1}
          step={1}
          display={formatNumber(momentum)}
          onChange={(i) => onMomentumChange(MOMENTUM_STOPS[i])}
          disabled={momentumCompared}
          hint={momentumCompared ? 'The runs compare momentum values: pick a run to see each.' : undefined}
        />
      </div>
      <p className="bn-note">
        Momentum {formatNumber(momentum)} (PyTorch: the weight of the new batch): {momentumSentence(momentum)}{' '}
        Keras’ momentum = 0.99 weights the old value instead, like PyTorch 0.01.
      </p>
      <Legend
        className="bn-legend"
        label="Drift chart legend"
        highlight={highlight}
        items={[
          {
            key: 'batch',
            swatch: {},
            icon: lineIcon('batch'),
            label: 'batch statistic (this step)',
          },
          {
            key: 'running',
            swatch: {},
            icon: lineIcon('running'),
            label: 'running statistic (used in eval)',
          },
          {
            key: 'gap',
            swatch: {},
            icon: (
              <svg width="22" height="10" aria-hidden="true">
                <rect className="gap" x="1" y="1" width="20" height="8" />
              </svg>
            ),
            label: 'gap (running − batch)',
          },
        ]}
      />
      <DriftChart
        source={source}
        channel={shown}
        channels={channels}
        emptyText={emptyText}
        highlighted={highlight.highlighted}
      />
      {shown === 'all' && (
        <p className="bn-note">
          Each small chart: mean on top, variance below, over training steps from the first to the latest
          snapshot, on its own y scale.
        </p>
      )}
      {n > 1 && (
        <p className="bn-note">
          The batch variance is biased (÷ n, what BN normalizes with); the running variance stores the
          unbiased one (÷ (n − 1)), so it sits × {n}/{n - 1} = {formatNumber(n / (n - 1))} higher even without
          drift. n = {n} values per channel.
        </p>
      )}
    </section>
  );
}

/**
 * What each run observes, numbered as a reader counts layers (views/layer-names.ts): "The observed
 * layer (layer 3) is a tanh." or, in a comparison, "Observed: No norm's layer 2 (a tanh),
 * BatchNorm's layer 2 (a tanh)."
 */
export function observedKinds(runs: ObservedRun[]): string {
  const known = runs.filter((r) => r.kind !== null && r.layerName !== null);
  const named = (r: ObservedRun) => {
    const name = kindName(r.kind ?? '');
    return `${/^(RMS|[aeiou])/i.test(name) ? 'an' : 'a'} ${name}`;
  };
  const layer = (r: ObservedRun) => (r.layerName ?? '').toLowerCase();
  if (known.length === 0) return '';
  if (runs.length === 1) return `The observed layer (${layer(known[0])}) is ${named(known[0])}. `;
  return `Observed: ${known.map((r) => `${r.label}'s ${layer(r)} (${named(r)})`).join(', ')}. `;
}

/** The live drift view of the observed layer. */
/** A legend key: a short stroke in the series' class (the chart's CSS styles it). */
function lineIcon(series: string) {
  return (
    <svg width="22" height="10" aria-hidden="true">
      <line className={series} x1="1" x2="21" y1="5" y2="5" />
    </svg>
  );
}

export function DriftView() {
  const { runs, unit } = useObserved();
  // The runs whose observed layer keeps running statistics to drift.
  const eligible = runs.filter((r) => r.kind !== null && keepsRunningStats(r.kind));
  const { run, pick } = usePickedRun(eligible);
  const momentumCompared = useStore((s) => s.comparison?.knob === 'bnMomentum');
  const runId = run?.id ?? '';
  const source = useCallback(() => metricsFor(runId), [runId]);
  if (runs.length === 0)
    return <ViewNotice title={DRIFT_TITLE}>No run yet: press Play to start training.</ViewNotice>;
  if (runs.every((r) => r.kind === null))
    return (
      <ViewNotice title={DRIFT_TITLE}>The network is being built; press Play to start training.</ViewNotice>
    );
  if (!run) {
    return (
      <ViewNotice title={DRIFT_TITLE}>
        {observedKinds(runs)}
        {NOT_BATCHNORM}
      </ViewNotice>
    );
  }
  return (
    <DriftPanel
      key={`${run.id}:${run.layer}:${unit}`}
      source={source}
      channels={run.channels}
      momentum={run.bnMomentum}
      onMomentumChange={(v) => updateConfig('bnMomentum', v)}
      momentumCompared={momentumCompared}
      valuesPerChannel={run.batchSize * run.spatial}
      initialChannel={Math.min(unit, Math.max(0, run.channels - 1))}
      toolbar={<RunPicker runs={eligible} value={run.id} onChange={pick} />}
    />
  );
}
