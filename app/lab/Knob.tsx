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
  minBatchSizeOfArms,
  NORM_KNOBS,
  NORM_LABEL,
  NORM_LOGITS,
  NORMS,
  type NormKnob,
  NUMERIC_LIMITS,
  OPTIMIZERS,
  RESIDUALS,
  usesKnob,
  validGroupCounts,
} from '#engine';
import { updateConfig } from '../runtime/actions.ts';

import { useStore } from '../store/index.ts';
import { formatNumber, LogSlider, NumberField, Select, Slider } from '../ui/controls.tsx';

/** Log-scale knobs land on two significant digits (0.05, not 0.0501187). */
const twoDigits = (v: number) => Number(v.toPrecision(2));

/** Weight-decay (L2) choices; with BatchNorm it acts through the effective step (lesson 12). */
const WEIGHT_DECAYS: readonly number[] = [0, 1e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05, 0.1];
export const BATCH_SIZES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 60, 64, 96, 128, 192, 256];
const DATASET_LABEL: Record<string, string> = {
  spiral: 'Spiral (2-D)',
  circles: 'Circles (2-D)',
  xor: 'XOR (2-D)',
  blobs: 'Blobs (2-D)',
  moons: 'Moons (2-D)',
  mnist: 'MNIST digits',
};
const OPTIMIZER_LABEL: Record<string, string> = { sgd: 'SGD', momentum: 'SGD + momentum', adam: 'Adam' };
const RESIDUAL_LABEL: Record<(typeof RESIDUALS)[number], string> = {
  none: 'None (plain stack)',
  post: 'Residual, post-activation',
  pre: 'Residual, pre-activation',
};
const NORM_LOGITS_LABEL: Record<(typeof NORM_LOGITS)[number], string> = {
  off: 'Off (plain logits)',
  on: 'On (normalize the logits)',
};
const INIT_LABEL: Record<string, string> = {
  kaiming: 'Kaiming (He)',
  xavier: 'Xavier (Glorot)',
  normal: 'Plain normal',
};

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
          label="Data set"
          value={config.dataset}
          options={DATASETS.map((d) => ({ value: d, label: DATASET_LABEL[d] }))}
          onChange={set('dataset')}
        />
      );
    case 'model':
      return (
        <Select
          label="Model"
          value={config.model}
          options={[
            { value: 'mlp', label: 'MLP (fully connected)' },
            { value: 'cnn', label: 'Small CNN (MNIST)' },
          ]}
          onChange={set('model')}
        />
      );
    case 'depth':
      if (!(config.model === 'mlp')) return null;
      return (
        <Slider
          label="Hidden layers"
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
          label="Width"
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
          label="Activation"
          value={config.model === 'cnn' ? CNN_ACTIVATION : config.activation}
          options={ACTIVATIONS.map((a) => ({ value: a, label: a }))}
          onChange={set('activation')}
          disabled={config.model === 'cnn'}
        />
      );
    case 'init':
      return (
        <Select
          label="Init"
          value={config.init}
          options={INITS.map((i) => ({ value: i, label: INIT_LABEL[i] }))}
          onChange={set('init')}
        />
      );
    case 'initStd':
      if (!(config.init === 'normal')) return null;
      return (
        <LogSlider
          label="Init std"
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
          label="Normalizer"
          value={config.norm}
          options={NORMS.map((n) => ({ value: n, label: NORM_LABEL[n] }))}
          onChange={set('norm')}
          disabled={compared('norm')}
        />
      );
    case 'placement':
      return (
        <Select
          label="Placement"
          value={config.placement}
          options={[
            { value: 'before', label: 'Before the activation' },
            { value: 'after', label: 'After the activation' },
          ]}
          onChange={set('placement')}
          disabled={config.norm === 'none'}
        />
      );
    case 'residual':
      // Residual blocks are built on the MLP; choosing them on the CNN switches to the MLP (reconcile).
      return (
        <Select
          label="Skip connections"
          value={config.residual}
          options={RESIDUALS.map((r) => ({ value: r, label: RESIDUAL_LABEL[r] }))}
          onChange={set('residual')}
          disabled={compared('residual')}
        />
      );
    case 'normLogits':
      return (
        <Select
          label="Norm on the logits"
          value={config.normLogits}
          options={NORM_LOGITS.map((v) => ({ value: v, label: NORM_LOGITS_LABEL[v] }))}
          onChange={set('normLogits')}
          disabled={compared('normLogits')}
        />
      );
    case 'eps':
      return (
        <Select
          label="eps"
          value={config.eps}
          options={[1e-8, 1e-5, 1e-3, 1e-1].map((e) => ({ value: e, label: formatNumber(e) }))}
          onChange={set('eps')}
        />
      );
    case 'lr':
      return (
        <LogSlider
          label="Learning rate"
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
          label="Accumulated micro-batches"
          value={config.accumSteps}
          options={[1, 2, 4, 8, 16, 32].map((k) => ({ value: k, label: k === 1 ? '1 (none)' : String(k) }))}
          onChange={set('accumSteps')}
        />
      );
    case 'optimizer':
      return (
        <Select
          label="Optimizer"
          value={config.optimizer}
          options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABEL[o] }))}
          onChange={set('optimizer')}
        />
      );
    case 'momentum':
      if (!(config.optimizer === 'momentum')) return null;
      return (
        <Slider
          label="Momentum"
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
          label="Dropout"
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
          label="Weight decay"
          value={config.weightDecay}
          options={values.map((v) => ({ value: v, label: v === 0 ? '0 (none)' : formatNumber(v) }))}
          onChange={set('weightDecay')}
        />
      );
    }
    case 'seed':
      return (
        <NumberField
          label="Seed"
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
          label="Data noise"
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
        label="Batch size"
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
