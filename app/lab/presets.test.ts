import { describe, expect, it } from 'vitest';
import { configProblems } from '#engine';
import { formatExperimentParams, parseExperimentParams } from '../url/experiment-codec.ts';
import { LAB_PRESETS } from './presets.ts';

describe('Lab presets', () => {
  it.each(LAB_PRESETS.map((p) => [p.id, p] as const))(
    '%s is a valid experiment that survives a link round trip',
    (_, preset) => {
      expect(configProblems(preset.config)).toEqual([]);
      const parsed = parseExperimentParams(formatExperimentParams(preset));
      expect(parsed.issues).toEqual([]);
      expect(parsed.config).toEqual(preset.config);
      expect(parsed.comparison).toEqual(preset.comparison);
    },
  );
});
