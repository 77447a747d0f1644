// Every knob of the experiment. Changing a live knob (learning rate, batch size, momentum,
// BN momentum, dropout) takes effect at the next step; any other knob rebuilds the runs.

import {
  ACTIVATIONS,
  DATASETS,
  type ExperimentConfig,
  INITS,
  NORMS,
  NUMERIC_LIMITS,
  OPTIMIZERS,
} from '../../engine/experiment.ts';
import { NORM_LABEL } from '../colors.ts';
import { setComparison, updateConfig, validGroupCounts } from '../runtime/actions.ts';
import { useStore } from '../store/index.ts';
import { formatNumber, NumberField, Select, Slider } from '../ui/controls.tsx';
import { COMPARE_KNOBS, type CompareKnob, type Comparison } from '../url/experiment-codec.ts';

const BATCH_SIZES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 60, 64, 96, 128, 192, 256];
const DATASET_LABEL: Record<string, string> = {
  spiral: 'Spiral (2-D)',
  circles: 'Circles (2-D)',
  xor: 'XOR (2-D)',
  blobs: 'Blobs (2-D)',
  moons: 'Moons (2-D)',
  mnist: 'MNIST digits',
};
const OPTIMIZER_LABEL: Record<string, string> = { sgd: 'SGD', momentum: 'SGD + momentum', adam: 'Adam' };
const INIT_LABEL: Record<string, string> = {
  kaiming: 'Kaiming (He)',
  xavier: 'Xavier (Glorot)',
  normal: 'Plain normal',
};

/** Preset comparisons offered in the panel: common questions, one knob each. */
const COMPARISONS: { label: string; comparison: Comparison | null }[] = [
  { label: 'No comparison (one run)', comparison: null },
  { label: 'No norm vs BatchNorm', comparison: { knob: 'norm', values: ['none', 'batchnorm'] } },
  {
    label: 'BN vs LN vs GN vs none',
    comparison: { knob: 'norm', values: ['none', 'batchnorm', 'layernorm', 'groupnorm'] },
  },
  {
    label: 'BN before vs after the activation',
    comparison: { knob: 'placement', values: ['before', 'after'] },
  },
  { label: 'Learning rate 0.01 vs 0.1 vs 1', comparison: { knob: 'lr', values: [0.01, 0.1, 1] } },
  { label: 'Batch size 2 vs 8 vs 32', comparison: { knob: 'batchSize', values: [2, 8, 32] } },
];

function comparisonKey(c: Comparison | null): string {
  return c ? `${c.knob}:${c.values.join(',')}` : 'none';
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="control-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function ControlPanel() {
  const config = useStore((s) => s.config);
  const comparison = useStore((s) => s.comparison);
  const set =
    <K extends keyof ExperimentConfig>(key: K) =>
    (value: ExperimentConfig[K]) =>
      updateConfig(key, value);
  const compared = (knob: CompareKnob) => comparison?.knob === knob;
  const groups = validGroupCounts(config);
  const presetKeys = COMPARISONS.map((c) => comparisonKey(c.comparison));
  const current = comparisonKey(comparison);

  return (
    <form className="control-panel" aria-label="Experiment controls" onSubmit={(e) => e.preventDefault()}>
      <Section title="Data and model">
        <Select
          label="Data set"
          value={config.dataset}
          options={DATASETS.map((d) => ({ value: d, label: DATASET_LABEL[d] }))}
          onChange={set('dataset')}
        />
        <Select
          label="Model"
          value={config.model}
          options={[
            { value: 'mlp', label: 'MLP (fully connected)' },
            { value: 'cnn', label: 'Small CNN (MNIST)' },
          ]}
          onChange={set('model')}
        />
        {config.model === 'mlp' && (
          <>
            <Slider
              label="Hidden layers"
              value={config.depth}
              min={1}
              max={NUMERIC_LIMITS.depth.max}
              step={1}
              display={String(config.depth)}
              onChange={set('depth')}
            />
            <Slider
              label="Width"
              value={config.width}
              min={2}
              max={128}
              step={2}
              display={String(config.width)}
              onChange={set('width')}
            />
          </>
        )}
        <Select
          label="Activation"
          value={config.activation}
          options={ACTIVATIONS.map((a) => ({ value: a, label: a }))}
          onChange={set('activation')}
          disabled={config.model === 'cnn'}
        />
        <Select
          label="Init"
          value={config.init}
          options={INITS.map((i) => ({ value: i, label: INIT_LABEL[i] }))}
          onChange={set('init')}
        />
        {config.init === 'normal' && (
          <Slider
            label="Init std"
            value={Math.log10(config.initStd)}
            min={-3}
            max={1}
            step={0.05}
            display={formatNumber(config.initStd)}
            onChange={(v) => updateConfig('initStd', Number((10 ** v).toPrecision(2)))}
          />
        )}
      </Section>

      <Section title="Normalization">
        <Select
          label="Normalizer"
          value={config.norm}
          options={NORMS.map((n) => ({ value: n, label: NORM_LABEL[n] }))}
          onChange={set('norm')}
          disabled={compared('norm')}
        />
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
        {config.norm === 'groupnorm' && (
          <Select
            label="Groups"
            value={config.groups}
            options={groups.map((g) => ({ value: g, label: String(g) }))}
            onChange={set('groups')}
          />
        )}
        <Slider
          label="BN momentum"
          value={config.bnMomentum}
          min={0.01}
          max={1}
          step={0.01}
          display={formatNumber(config.bnMomentum)}
          onChange={set('bnMomentum')}
          hint="Weight of the new batch in the running statistics (PyTorch convention)."
        />
        <Select
          label="eps"
          value={config.eps}
          options={[1e-8, 1e-5, 1e-3, 1e-1].map((e) => ({ value: e, label: formatNumber(e) }))}
          onChange={set('eps')}
        />
      </Section>

      <Section title="Training">
        <Slider
          label="Learning rate"
          value={Math.log10(config.lr)}
          min={-4}
          max={1}
          step={0.05}
          display={formatNumber(config.lr)}
          onChange={(v) => updateConfig('lr', Number((10 ** v).toPrecision(2)))}
          disabled={compared('lr')}
        />
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
          onChange={(i) => updateConfig('batchSize', BATCH_SIZES[i])}
          disabled={compared('batchSize')}
        />
        <Select
          label="Optimizer"
          value={config.optimizer}
          options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABEL[o] }))}
          onChange={set('optimizer')}
        />
        {config.optimizer === 'momentum' && (
          <Slider
            label="Momentum"
            value={config.momentum}
            min={0}
            max={0.99}
            step={0.01}
            display={formatNumber(config.momentum)}
            onChange={set('momentum')}
          />
        )}
        <Slider
          label="Dropout"
          value={config.dropout}
          min={0}
          max={0.8}
          step={0.05}
          display={formatNumber(config.dropout)}
          onChange={set('dropout')}
        />
        <NumberField
          label="Seed"
          value={config.seed}
          min={0}
          max={NUMERIC_LIMITS.seed.max}
          onChange={set('seed')}
        />
      </Section>

      <Section title="Compare runs">
        <Select
          label="Side by side"
          value={presetKeys.includes(current) ? current : 'custom'}
          options={[
            ...COMPARISONS.map((c) => ({ value: comparisonKey(c.comparison), label: c.label })),
            ...(presetKeys.includes(current)
              ? []
              : [{ value: 'custom', label: `${comparison?.knob}: ${comparison?.values.join(', ')}` }]),
          ]}
          onChange={(key) => {
            const preset = COMPARISONS.find((c) => comparisonKey(c.comparison) === key);
            if (preset) setComparison(preset.comparison);
          }}
        />
        {comparison && !COMPARE_KNOBS.includes(comparison.knob) && (
          <p className="hint">Unknown comparison.</p>
        )}
      </Section>
    </form>
  );
}
