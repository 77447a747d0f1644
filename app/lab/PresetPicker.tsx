// Loads a complete experiment from LAB_PRESETS (the URL follows, so it can be shared).

import { loadExperiment } from '../runtime/actions.ts';
import { store } from '../store/index.ts';
import { Select } from '../ui/controls.tsx';
import { LAB_PRESETS } from './presets.ts';

export function PresetPicker() {
  return (
    <Select
      label="Start from a preset"
      value=""
      options={[
        { value: '', label: 'Choose…', disabled: true },
        ...LAB_PRESETS.map((p) => ({ value: p.id, label: p.label })),
      ]}
      onChange={(id) => {
        const preset = LAB_PRESETS.find((p) => p.id === id);
        if (!preset) return;
        store.getState().setSweep(null);
        loadExperiment(preset.config, preset.comparison);
      }}
    />
  );
}
