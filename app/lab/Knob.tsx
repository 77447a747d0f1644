// One control per experiment knob, reading and writing the store. The Lab's control panel shows
// them all; a lesson shows the few its experiment is about. The normalizers' own knobs (groups,
// BN momentum, …) are drawn from their catalog declarations and shown where the normalizer has
// them. Changing a live knob (learning rate, batch size, momentum, BN momentum, dropout) takes
// effect at the next step; any other knob rebuilds the runs. A knob the current comparison
// varies is shown disabled.

import { useState } from 'react';
import {
  ACTIVATIONS,
  BATCH_STATISTICS_RULE,
  CNN_ACTIVATION,
  type CompareKnob,
  type Comparison,
  DATASETS,
  type ExperimentConfig,
  INITS,
  MODELS,
  minBatchSizeOfArms,
  NORM_KNOBS,
  NORM_LABEL,
  NORM_LOGITS,
  NORMS,
  type NormKnob,
  NUMERIC_LIMITS,
  OPTIMIZERS,
  PLACEMENTS,
  RESIDUALS,
  usesKnob,
  validGroupCounts,
} from '#engine';
import {
  DATASET_LABEL,
  INIT_LABEL,
  KNOB_LABEL,
  MODEL_LABEL,
  NORM_LOGITS_LABEL,
  OPTIMIZER_LABEL,
  PLACEMENT_LABEL,
  RESIDUAL_LABEL,
} from '../knob-labels.ts';
import { updateConfig } from '../runtime/actions.ts';

import { useStore } from '../store/index.ts';
import { formatNumber, LogSlider, NumberField, Select, Slider } from '../ui/controls.tsx';

/** Log-scale knobs land on two significant digits (0.05, not 0.0501187). */
const twoDigits = (v: number) => Number(v.toPrecision(2));

/** Weight-decay (L2) choices; with BatchNorm it acts through the effective step (lesson 12). */
const WEIGHT_DECAYS: readonly number[] = [0, 1e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05, 0.1];
export const BATCH_SIZES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 60, 64, 96, 128, 192, 256];
export type KnobName = keyof ExperimentConfig;

/** The control for one knob, or nothing where the knob does not apply (e.g. groups without GN). */
export function Knob({ name }: { name: KnobName }) {
  const config = useStore((s) => s.config);
  const comparison = useStore((s) => s.comparison);
  const set =
    <K extends keyof ExperimentConfig>(key: K) =>
    (value: ExperimentConfig[K]) =>
      updateConfig(key, value);
  const compared = (knob: CompareKnob) => comparison?.knob === knob;
  switch (name) {
    case 'dataset':
      return (
        <Select
          label={KNOB_LABEL.dataset}
          value={config.dataset}
          options={DATASETS.map((d) => ({ value: d, label: DATASET_LABEL[d] }))}
          onChange={set('dataset')}
        />
      );
    case 'model':
      return (
        <Select
          label={KNOB_LABEL.model}
          value={config.model}
          options={MODELS.map((m) => ({ value: m, label: MODEL_LABEL[m] }))}
          onChange={set('model')}
        />
      );
    case 'depth':
      if (!(config.model === 'mlp')) return null;
      return (
        <Slider
          label={KNOB_LABEL.depth}
          value={config.depth}
          min={1}
          max={NUMERIC_LIMITS.depth.max}
          step={1}
          display={String(config.depth)}
          onChange={set('depth')}
        />
      );
    case 'width':
      if (!(config.model === 'mlp')) return null;
      return (
        <Slider
          label={KNOB_LABEL.width}
          value={config.width}
          min={2}
          max={128}
          step={2}
          display={String(config.width)}
          onChange={set('width')}
        />
      );
    case 'activation':
      // The small CNN's blocks are fixed to CNN_ACTIVATION (engine/experiment/presets.ts); its greyed
      // box shows that, not the MLP's activation the config still carries.
      return (
        <Select
          label={KNOB_LABEL.activation}
          value={config.model === 'cnn' ? CNN_ACTIVATION : config.activation}
          options={ACTIVATIONS.map((a) => ({ value: a, label: a }))}
          onChange={set('activation')}
          disabled={config.model === 'cnn'}
        />
      );
    case 'init':
      return (
        <Select
          label={KNOB_LABEL.init}
          value={config.init}
          options={INITS.map((i) => ({ value: i, label: INIT_LABEL[i] }))}
          onChange={set('init')}
        />
      );
    case 'initStd':
      if (!(config.init === 'normal')) return null;
      return (
        <LogSlider
          label={KNOB_LABEL.initStd}
          value={config.initStd}
          min={1e-3}
          max={10}
          step={0.05}
          round={twoDigits}
          display={formatNumber(config.initStd)}
          onChange={(v) => updateConfig('initStd', v)}
        />
      );
    case 'norm':
      return (
        <Select
          label={KNOB_LABEL.norm}
          value={config.norm}
          options={NORMS.map((n) => ({ value: n, label: NORM_LABEL[n] }))}
          onChange={set('norm')}
          disabled={compared('norm')}
        />
      );
    case 'placement':
      return (
        <Select
          label={KNOB_LABEL.placement}
          value={config.placement}
          options={PLACEMENTS.map((p) => ({ value: p, label: PLACEMENT_LABEL[p] }))}
          onChange={set('placement')}
          disabled={config.norm === 'none'}
        />
      );
    case 'residual':
      // Residual blocks are built on the MLP; choosing them on the CNN switches to the MLP (reconcile).
      return (
        <Select
          label={KNOB_LABEL.residual}
          value={config.residual}
          options={RESIDUALS.map((r) => ({ value: r, label: RESIDUAL_LABEL[r] }))}
          onChange={set('residual')}
          disabled={compared('residual')}
        />
      );
    case 'normLogits':
      return (
        <Select
          label={KNOB_LABEL.normLogits}
          value={config.normLogits}
          options={NORM_LOGITS.map((v) => ({ value: v, label: NORM_LOGITS_LABEL[v] }))}
          onChange={set('normLogits')}
          disabled={compared('normLogits')}
        />
      );
    case 'eps':
      return (
        <Select
          label={KNOB_LABEL.eps}
          value={config.eps}
          options={[1e-8, 1e-5, 1e-3, 1e-1].map((e) => ({ value: e, label: formatNumber(e) }))}
          onChange={set('eps')}
        />
      );
    case 'lr':
      return (
        <LogSlider
          label={KNOB_LABEL.lr}
          value={config.lr}
          min={1e-4}
          max={10}
          step={0.05}
          round={twoDigits}
          display={formatNumber(config.lr)}
          onChange={(v) => updateConfig('lr', v)}
          disabled={compared('lr')}
        />
      );
    case 'batchSize':
      return <BatchSizeKnob config={config} comparison={comparison} disabled={compared('batchSize')} />;
    case 'accumSteps':
      return (
        <Select
          label={KNOB_LABEL.accumSteps}
          value={config.accumSteps}
          options={[1, 2, 4, 8, 16, 32].map((k) => ({ value: k, label: k === 1 ? '1 (none)' : String(k) }))}
          onChange={set('accumSteps')}
        />
      );
    case 'optimizer':
      return (
        <Select
          label={KNOB_LABEL.optimizer}
          value={config.optimizer}
          options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABEL[o] }))}
          onChange={set('optimizer')}
        />
      );
    case 'momentum':
      if (!(config.optimizer === 'momentum')) return null;
      return (
        <Slider
          label={KNOB_LABEL.momentum}
          value={config.momentum}
          min={0}
          max={0.99}
          step={0.01}
          display={formatNumber(config.momentum)}
          onChange={set('momentum')}
        />
      );
    case 'dropout':
      return (
        <Slider
          label={KNOB_LABEL.dropout}
          value={config.dropout}
          min={0}
          max={0.8}
          step={0.05}
          display={formatNumber(config.dropout)}
          onChange={set('dropout')}
        />
      );
    case 'weightDecay': {
      // A link may carry any value within the limits: it joins the menu rather than show as another.
      const values = WEIGHT_DECAYS.includes(config.weightDecay)
        ? WEIGHT_DECAYS
        : [...WEIGHT_DECAYS, config.weightDecay].sort((a, b) => a - b);
      return (
        <Select
          label={KNOB_LABEL.weightDecay}
          value={config.weightDecay}
          options={values.map((v) => ({ value: v, label: v === 0 ? '0 (none)' : formatNumber(v) }))}
          onChange={set('weightDecay')}
        />
      );
    }
    case 'seed':
      return (
        <NumberField
          label={KNOB_LABEL.seed}
          value={config.seed}
          min={0}
          max={NUMERIC_LIMITS.seed.max}
          onChange={set('seed')}
        />
      );
    case 'noise':
      // The 2-D sets' point jitter (std of the Gaussian added to each feature); MNIST has none.
      if (config.dataset === 'mnist') return null;
      return (
        <Slider
          label={KNOB_LABEL.noise}
          value={config.noise}
          min={NUMERIC_LIMITS.noise.min}
          max={NUMERIC_LIMITS.noise.max}
          step={0.01}
          display={formatNumber(config.noise)}
          onChange={set('noise')}
          hint="Std of the Gaussian jitter on each point"
        />
      );
    default: {
      const knob = NORM_KNOBS.find((k) => k.key === name);
      if (!knob || !knobApplies(knob, config, comparison)) return null;
      return <NormKnobControl knob={knob} config={config} disabled={compared(knob.key)} />;
    }
  }
}

/** A normalizer's knob applies when the normalizer (or one a comparison runs) has it. */
function knobApplies(knob: NormKnob, config: ExperimentConfig, comparison: Comparison | null): boolean {
  if (usesKnob(config.norm, knob.key)) return true;
  return comparison?.knob === 'norm' && comparison.values.some((n) => usesKnob(n, knob.key));
}

/** One normalizer knob, drawn from its catalog declaration (engine/norm/catalog.ts). */
function NormKnobControl({
  knob,
  config,
  disabled,
}: {
  knob: NormKnob<keyof ExperimentConfig & string>;
  config: ExperimentConfig;
  disabled: boolean;
}) {
  const key = knob.key as (typeof NORM_KNOBS)[number]['key'];
  const value = config[key];
  if (knob.control.type === 'divisors') {
    return (
      <Select
        label={knob.label}
        value={value}
        options={validGroupCounts(config).map((g) => ({ value: g, label: String(g) }))}
        onChange={(v) => updateConfig(key, v)}
        disabled={disabled}
      />
    );
  }
  const { min, max, step } = knob.control;
  return (
    <Slider
      label={knob.label}
      value={value}
      min={min}
      max={max}
      step={step}
      display={formatNumber(value)}
      onChange={(v) => updateConfig(key, v)}
      hint={knob.hint}
      disabled={disabled}
    />
  );
}

/**
 * The batch-size slider. A size the normalizer cannot train with (BatchNorm on dense features
 * at 1: minBatchSizeOfArms, the experiment rules) is refused: the slider stays at the smallest
 * size that trains, the run goes on, and a note beside the control says why in PyTorch's words.
 */
function BatchSizeKnob({
  config,
  comparison,
  disabled,
}: {
  config: ExperimentConfig;
  comparison: Comparison | null;
  disabled: boolean;
}) {
  const [refused, setRefused] = useState<number | null>(null);
  const min = minBatchSizeOfArms(config, comparison);
  return (
    <>
      <Slider
        label={KNOB_LABEL.batchSize}
        value={Math.max(
          0,
          BATCH_SIZES.findIndex((b) => b >= config.batchSize),
        )}
        min={0}
        max={BATCH_SIZES.length - 1}
        step={1}
        display={String(config.batchSize)}
        onChange={(i) => {
          const asked = BATCH_SIZES[i];
          setRefused(asked < min ? asked : null);
          updateConfig('batchSize', Math.max(asked, min));
        }}
        disabled={disabled}
      />
      {refused !== null && refused < min && (
        <p className="knob-notice" role="status" data-testid="batch-size-notice">
          Batch size {refused} cannot train here. {BATCH_STATISTICS_RULE}: with {refused} sample each channel
          of a dense layer sees a single value, so its variance is undefined. The run keeps batch size {min}.
        </p>
      )}
    </>
  );
}
