import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '#engine';
import { Series } from '../runtime/series.ts';
import type { ExperimentLink } from './experiment-codec.ts';
import {
  CSV_HEADER,
  EXPERIMENT_FILE_FORMAT,
  formatExperimentJson,
  formatRunsCsv,
  parseExperimentFile,
  type RunRecord,
  seriesPoints,
} from './experiment-file.ts';

function series(points: [number, number][]): Series {
  const s = new Series(64);
  for (const [step, value] of points) s.push(step, value);
  return s;
}

const runA: RunRecord = {
  label: 'BatchNorm',
  loss: seriesPoints(
    series([
      [1, 2.5],
      [2, 1.25],
      [3, 0.75],
    ]),
  ),
  testLoss: seriesPoints(series([[2, 1.5]])),
  testAccuracy: seriesPoints(series([[2, 0.5]])),
};
const runB: RunRecord = {
  label: 'none, "plain"',
  loss: seriesPoints(
    series([
      [1, 1234567.5],
      [2, 0.000012],
    ]),
  ),
  testLoss: { step: [], value: [] },
  testAccuracy: { step: [], value: [] },
};

describe('formatRunsCsv', () => {
  it('writes a header and one row per recorded step and run, test cells empty between evaluations', () => {
    const lines = formatRunsCsv([runA, runB]).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(1 + 3 + 2);
    expect(lines.slice(1, 4)).toEqual([
      'BatchNorm,1,2.5,,',
      'BatchNorm,2,1.25,1.5,0.5',
      'BatchNorm,3,0.75,,',
    ]);
  });

  it('writes numbers without locale formatting and quotes a label with a comma or quote', () => {
    const lines = formatRunsCsv([runB]).trimEnd().split('\n');
    // No thousands separator, no decimal comma; float32 precision kept to 7 digits.
    expect(lines[1]).toBe('"none, ""plain""",1,1234568,,');
    expect(lines[2]).toBe('"none, ""plain""",2,0.000012,,');
  });

  it('is just the header for no runs', () => {
    expect(formatRunsCsv([])).toBe(`${CSV_HEADER}\n`);
  });
});

describe('experiment JSON: export then import', () => {
  const config: ExperimentConfig = { ...DEFAULT_CONFIG, lr: 0.2, norm: 'layernorm', seed: 7 };
  const link: ExperimentLink = {
    config,
    comparison: { knob: 'norm', values: ['none', 'batchnorm'] },
    sweep: { knob: 'lr', values: [0.01, 0.1, 1], steps: 300 },
  };

  it('gives back the same experiment with no issues', () => {
    const text = formatExperimentJson(link, [runA]);
    const file = JSON.parse(text);
    expect(Object.keys(file)).toEqual([
      'format',
      'version',
      'query',
      'config',
      'comparison',
      'sweep',
      'runs',
    ]);
    expect(file.format).toBe(EXPERIMENT_FILE_FORMAT);
    expect(file.runs[0]).toEqual(runA);
    const back = parseExperimentFile(text);
    expect(back).toEqual({ ok: true, ...link, issues: [] });
  });

  it('round-trips the default experiment without comparison or sweep', () => {
    const back = parseExperimentFile(formatExperimentJson({ config: DEFAULT_CONFIG }, []));
    expect(back).toEqual({ ok: true, config: DEFAULT_CONFIG, comparison: null, sweep: null, issues: [] });
  });
});

describe('parseExperimentFile', () => {
  it.each([
    ['not JSON', '{"format": "normlab-exp', 'not valid JSON'],
    ['a JSON array', '[1, 2]', 'not a NormLab experiment'],
    ['JSON null', 'null', 'not a NormLab experiment'],
    ['another format', '{"format": "other", "query": "lr=0.1"}', 'not a NormLab experiment'],
    ['no query', `{"format": "${EXPERIMENT_FILE_FORMAT}", "version": 1}`, 'not a NormLab experiment'],
    ['an empty file', '', 'not valid JSON'],
  ])('refuses a corrupt file (%s) with a reason', (_name, text, reason) => {
    const result = parseExperimentFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain(reason);
      expect(result.reason).toContain('nothing was changed');
    }
  });

  it('repairs a bad key like a deep link and says so', () => {
    const text = JSON.stringify({
      format: EXPERIMENT_FILE_FORMAT,
      version: 1,
      query: 'v=1&lr=banana&norm=layernorm&depth=999',
    });
    const result = parseExperimentFile(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toEqual({ ...DEFAULT_CONFIG, norm: 'layernorm' });
    expect(result.issues).toHaveLength(2);
    // In config-key order, as for a link.
    expect(result.issues[0]).toBe('depth 999 is out of range (1–32); using 3');
    expect(result.issues[1]).toMatch(/^lr .*; using 0\.05$/);
  });

  it('reads the query only: a hand-edited config field does not bypass validation', () => {
    const text = JSON.stringify({
      format: EXPERIMENT_FILE_FORMAT,
      version: 1,
      query: 'v=1&lr=0.1',
      config: { ...DEFAULT_CONFIG, lr: -5 },
    });
    const result = parseExperimentFile(text);
    expect(result.ok && result.config.lr).toBe(0.1);
  });

  it('notes a file version it does not know, and still reads the query', () => {
    const result = parseExperimentFile(
      JSON.stringify({ format: EXPERIMENT_FILE_FORMAT, version: 9, query: 'seed=3' }),
    );
    expect(result.ok && result.issues).toEqual(['The file has version 9; it was read as version 1']);
    expect(result.ok && result.config.seed).toBe(3);
  });
});
