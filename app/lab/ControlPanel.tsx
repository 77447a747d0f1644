// Every knob of the experiment, in sections, plus the side-by-side comparison picker. The knobs
// themselves live in Knob.tsx (a lesson shows a few of them).

import { COMPARE_KNOBS, type Comparison, LAB_START_COMPARISON, NORM_KNOBS } from '#engine';
import { runLabel } from '../knob-labels.ts';
import { setComparison } from '../runtime/actions.ts';
import { useStore } from '../store/index.ts';
import { Select } from '../ui/controls.tsx';
import { Knob, type KnobName } from './Knob.tsx';

/** Preset comparisons offered in the panel: common questions, one knob each. */
const COMPARISONS: { label: string; comparison: Comparison | null }[] = [
  { label: 'No comparison (one run)', comparison: null },
  { label: 'No norm vs BatchNorm', comparison: LAB_START_COMPARISON },
  {
    label: 'BN vs LN vs GN vs none',
    comparison: { knob: 'norm', values: ['none', 'batchnorm', 'layernorm', 'groupnorm'] },
  },
  {
    label: 'BN before vs after the activation',
    comparison: { knob: 'placement', values: ['before', 'after'] },
  },
  {
    label: 'Plain vs residual blocks (post, pre-activation)',
    comparison: { knob: 'residual', values: ['none', 'post', 'pre'] },
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

const SECTIONS: { title: string; knobs: KnobName[] }[] = [
  {
    title: 'Data and model',
    knobs: ['dataset', 'noise', 'model', 'depth', 'width', 'activation', 'residual', 'init', 'initStd'],
  },
  {
    title: 'Normalization',
    knobs: ['norm', 'placement', ...NORM_KNOBS.map((k) => k.key), 'eps', 'normLogits'],
  },
  {
    title: 'Training',
    knobs: ['lr', 'batchSize', 'accumSteps', 'optimizer', 'momentum', 'dropout', 'weightDecay', 'seed'],
  },
];

export function ControlPanel() {
  const comparison = useStore((s) => s.comparison);
  const presetKeys = COMPARISONS.map((c) => comparisonKey(c.comparison));
  const current = comparisonKey(comparison);

  return (
    <form className="control-panel" aria-label="Experiment controls" onSubmit={(e) => e.preventDefault()}>
      {SECTIONS.map((section) => (
        <Section key={section.title} title={section.title}>
          {section.knobs.map((knob) => (
            <Knob key={knob} name={knob} />
          ))}
        </Section>
      ))}

      <Section title="Compare runs">
        <Select
          label="Side by side"
          value={presetKeys.includes(current) ? current : 'custom'}
          options={[
            ...COMPARISONS.map((c) => ({ value: comparisonKey(c.comparison), label: c.label })),
            ...(presetKeys.includes(current)
              ? []
              : [{ value: 'custom', label: 'Another comparison (below)' }]),
          ]}
          onChange={(key) => {
            const preset = COMPARISONS.find((c) => comparisonKey(c.comparison) === key);
            if (preset) setComparison(preset.comparison);
          }}
        />
        {comparison && !presetKeys.includes(current) && (
          // Spelled out in a line that wraps: as an option it would widen the sidebar.
          <p className="hint">
            Comparing {comparison.values.map((v) => runLabel(comparison.knob, v)).join(' vs ')}
          </p>
        )}
        {comparison && !COMPARE_KNOBS.includes(comparison.knob) && (
          <p className="hint">Unknown comparison.</p>
        )}
      </Section>
    </form>
  );
}
