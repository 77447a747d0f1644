import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '#engine';
import { lessonSession } from '../lessons/node-session.ts';
import { clearMetrics, metricsFor, recordSnapshot } from '../runtime/metrics.ts';
import { Series } from '../runtime/series.ts';
import type { ExperimentLink } from './experiment-codec.ts';
import {
  CSV_HEADER,
  EXPERIMENT_FILE_FORMAT,
  exactNumber,
  formatExperimentJson,
  formatRunsCsv,
  parseExperimentFile,
  type RunRecord,
  runRecord,
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
  testLoss: { recordedPerPoint: 1, step: [], value: [] },
  testAccuracy: { recordedPerPoint: 1, step: [], value: [] },
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
    // No thousands separator, no decimal comma, no digit of the recorded value lost.
    expect(lines[1]).toBe('"none, ""plain""",1,1234567.5,,');
    expect(lines[2]).toBe('"none, ""plain""",2,0.000012,,');
  });

  it('is just the header for no runs', () => {
    expect(formatRunsCsv([])).toBe(`${CSV_HEADER}\n`);
  });
});

describe('exactNumber', () => {
  it('writes a float32 value as the shortest decimal that reads back as that float32', () => {
    const loss = Math.fround(Math.LN2);
    expect(exactNumber(loss)).toBe('0.6931472');
    expect(Math.fround(Number(exactNumber(loss)))).toBe(loss);
    expect(exactNumber(Math.fround(0.1))).toBe('0.1');
    expect(exactNumber(16777216)).toBe('16777216');
  });

  it('writes any other number in its shortest round-trip form', () => {
    expect(exactNumber(2 / 3)).toBe(String(2 / 3));
    expect(Number(exactNumber(0.862531))).toBe(0.862531);
    expect(exactNumber(1e-12)).toBe('1e-12');
  });
});

describe('exact steps', () => {
  it('lists every recorded point at its step until the history fills, then every k-th, still exact', () => {
    const s = new Series(4);
    const values = [0.5, 0.25, 0.125, 3, 4, 5, 6, 7, 8.5];
    for (const [i, v] of values.entries()) s.push(i + 1, v);
    // Capacity 4: after 9 points the buckets are steps 1–4, 5–8 and 9 (mean 0.96875 for the first).
    const points = seriesPoints(s);
    expect(points).toEqual({ recordedPerPoint: 4, step: [1, 5, 9], value: [0.5, 4, 8.5] });
    const csv = formatRunsCsv([
      {
        label: 'r',
        loss: points,
        testLoss: seriesPoints(new Series(4)),
        testAccuracy: seriesPoints(new Series(4)),
      },
    ]);
    expect(csv).toBe(`${CSV_HEADER}\nr,1,0.5,,\nr,5,4,,\nr,9,8.5,,\n`);
  });

  it("match the engine's recording in a comparison: each CSV row is the loss and test metrics the engine reported at that step", () => {
    clearMetrics();
    const { session, ids } = lessonSession({
      config: { ...DEFAULT_CONFIG, dataset: 'moons', depth: 2, width: 8, seed: 4 },
      comparison: { knob: 'norm', values: ['none', 'batchnorm', 'layernorm'] },
      sweep: null,
      observe: null,
      stopAt: null,
    });
    expect(ids).toHaveLength(3);
    // What the engine reported, keyed by run and step (the snapshots' own step arithmetic).
    const losses = new Map<string, number>();
    const tests = new Map<string, { loss: number; accuracy: number }>();
    // Rounds of uneven sizes, as the coordinator sends them; evaluations every 25 steps.
    for (const count of [7, 30, 1, 12, 50]) {
      for (const snap of session.step(count).snapshots) {
        recordSnapshot(snap);
        snap.losses.forEach((loss, i) => {
          losses.set(`${snap.runId}|${snap.step - snap.losses.length + 1 + i}`, loss);
        });
        if (snap.test) tests.set(`${snap.runId}|${snap.test.step}`, snap.test);
      }
    }
    const labels = ['none', 'batchnorm', 'layernorm'];
    const csv = formatRunsCsv(ids.map((id, r) => runRecord(labels[r], metricsFor(id))));
    const rows = csv
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(rows).toHaveLength(3 * 100);
    for (const [r, id] of ids.entries()) {
      const mine = rows.filter((row) => row[0] === labels[r]);
      expect(mine.map((row) => Number(row[1]))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      for (const [, step, loss, testLoss, testAccuracy] of mine) {
        expect(Number(loss)).toBe(Number(exactNumber(losses.get(`${id}|${step}`) ?? Number.NaN)));
        const test = tests.get(`${id}|${step}`);
        expect(testLoss).toBe(test ? exactNumber(test.loss) : '');
        expect(testAccuracy).toBe(test ? exactNumber(test.accuracy) : '');
      }
    }
    // Every evaluation the engine reported is in the file, at its step.
    expect(rows.filter((row) => row[4] !== '')).toHaveLength(tests.size);
    expect(tests.size).toBeGreaterThanOrEqual(3 * 3);
    const json = JSON.parse(
      formatExperimentJson({ config: DEFAULT_CONFIG }, [runRecord('a', metricsFor(ids[0]))]),
    );
    expect(json.runs[0].loss.recordedPerPoint).toBe(1);
    expect(json.runs[0].loss.step).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    clearMetrics();
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
