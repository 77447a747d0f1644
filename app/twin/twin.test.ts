// The code twin: each lesson preset's and the default Lab's scripts are file snapshots
// (__snapshots__/*.py, readable as Python), every knob's value appears in every script, and every
// generated script passes Python's own syntax check (python3 -m py_compile; torch is not needed).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '#engine';
import { kerasScript } from './keras.ts';
import { pytorchScript } from './pytorch.ts';
import { ALL_CASES, caseRuns, SNAPSHOT_CASES } from './twin-cases.ts';
import { complement, halfPrecisionNote, pyNum } from './twin-plan.ts';

const count = (text: string, part: string) => text.split(part).length - 1;

/** The text each knob must show up as, per framework (only knobs the run uses). */
function knobTexts(c: ExperimentConfig, framework: 'pytorch' | 'keras'): string[] {
  const torch = framework === 'pytorch';
  const texts = [`LR = ${pyNum(c.lr)}`, `BATCH_SIZE = ${c.batchSize}`, `SEED = ${c.seed}`];
  if (c.optimizer === 'momentum') texts.push(`MOMENTUM = ${pyNum(c.momentum)}`, 'momentum=MOMENTUM');
  if (c.weightDecay > 0) texts.push(`WEIGHT_DECAY = ${pyNum(c.weightDecay)}`);
  if (c.norm === 'batchnorm')
    texts.push(`momentum=${pyNum(torch ? c.bnMomentum : complement(c.bnMomentum))}`);
  if (c.norm !== 'none') texts.push(`${torch ? 'eps' : 'epsilon'}=${pyNum(c.eps)}`);
  if (c.norm === 'groupnorm') texts.push(torch ? `nn.GroupNorm(${c.groups},` : `groups=${c.groups}`);
  if (c.dropout > 0) texts.push(`${torch ? 'nn.Dropout' : 'layers.Dropout'}(${pyNum(c.dropout)})`);
  if (c.init === 'normal') texts.push(`${torch ? 'std' : 'stddev'}=${pyNum(c.initStd)}`);
  if (c.dataset !== 'mnist') texts.push(`NOISE, CLASSES = 600, ${pyNum(c.noise)}`);
  if (c.model === 'mlp') {
    const act = {
      relu: torch ? 'nn.ReLU()' : '"relu"',
      tanh: torch ? 'nn.Tanh()' : '"tanh"',
      sigmoid: torch ? 'nn.Sigmoid()' : '"sigmoid"',
    };
    texts.push(act[c.activation]);
  }
  return texts;
}

describe('code twin: snapshots of each lesson preset and the default Lab', () => {
  for (const c of SNAPSHOT_CASES) {
    const runs = caseRuns(c);
    runs.forEach((run, i) => {
      const suffix = runs.length > 1 ? `-run${i + 1}` : '';
      it(`${c.name}${suffix} (${run.label}): PyTorch`, async () => {
        await expect(pytorchScript(run.input)).toMatchFileSnapshot(
          `__snapshots__/${c.name}${suffix}.pytorch.py`,
        );
      });
      it(`${c.name}${suffix} (${run.label}): Keras`, async () => {
        await expect(kerasScript(run.input)).toMatchFileSnapshot(`__snapshots__/${c.name}${suffix}.keras.py`);
      });
    });
  }
});

describe('code twin: every knob value appears in the code', () => {
  for (const c of ALL_CASES) {
    for (const run of caseRuns(c)) {
      const config = run.input.config;
      it(`${c.name}, ${run.label}`, () => {
        for (const [framework, code] of [
          ['pytorch', pytorchScript(run.input)],
          ['keras', kerasScript(run.input)],
        ] as const) {
          for (const text of knobTexts(config, framework))
            expect(code, `${framework}: ${text}`).toContain(text);
          if (c.steps !== null) expect(code).toContain(`STEPS = ${c.steps}`);
          if (config.model === 'mlp') {
            // depth hidden layers of `width` units, then the logits layer
            const hidden = framework === 'pytorch' ? `, ${config.width}` : `layers.Dense(${config.width}`;
            const lines = code
              .split('\n')
              .filter((l) => l.includes(framework === 'pytorch' ? 'nn.Linear(' : 'layers.Dense('));
            expect(lines).toHaveLength(config.depth + 1);
            expect(lines.filter((l) => l.includes(hidden))).toHaveLength(config.depth);
          }
          const normLayers =
            framework === 'pytorch'
              ? /nn\.(BatchNorm1d|BatchNorm2d|LayerNorm|GroupNorm|InstanceNorm2d|RMSNorm)\(/g
              : /layers\.(BatchNormalization|LayerNormalization|GroupNormalization|RMSNormalization)\(/g;
          // One per hidden layer (pre-activation: one per block plus the one before the classifier), or per
          // conv block; one more on the logits.
          const logits = config.normLogits === 'on' ? 1 : 0;
          const expected = config.norm === 'none' ? 0 : (config.model === 'cnn' ? 2 : config.depth) + logits;
          expect(code.match(normLayers)?.length ?? 0, `${framework} normalizers`).toBe(expected);
          // Every hidden layer after the first is one identity-skip block.
          const blocks = config.residual === 'none' ? 0 : config.depth - 1;
          expect(count(code, 'Residual(') - count(code, 'class Residual('), `${framework} blocks`).toBe(
            blocks,
          );
        }
      });
    }
  }

  it('lesson 7 shows the exact model.eval() line of the serving panel, and Keras its training= argument', () => {
    const [run] = caseRuns(SNAPSHOT_CASES.find((c) => c.name === 'lesson-7') ?? SNAPSHOT_CASES[0]);
    const torch = pytorchScript(run.input);
    expect(torch).toMatch(/\nmodel\.eval\(\) {2}# the line the eval\(\) bug is about/);
    expect(count(torch, 'model.eval()')).toBeGreaterThanOrEqual(2);
    expect(kerasScript(run.input)).toContain('model(x_test[i : i + 1], training=False)');
  });

  it('a NormLab feature without a framework equivalent is a comment, not an invented API', () => {
    const input = (change: Partial<ExperimentConfig>) => ({
      config: { ...DEFAULT_CONFIG, dataset: 'mnist' as const, model: 'cnn' as const, ...change },
      steps: null,
      serving: false,
      context: [],
    });
    expect(pytorchScript(input({ norm: 'rmsnorm' }))).toContain('torch.nn.RMSNorm exists since torch 2.4');
    expect(kerasScript(input({ norm: 'rmsnorm' }))).toContain("DIFFERS: Keras's RMSNormalization");
    expect(kerasScript(input({ norm: 'instancenorm' }))).toContain(
      'Keras has no InstanceNormalization layer',
    );
    const renorm = input({ norm: 'batchrenorm', rmax: 2, dmax: 1, renormWarmup: 500 });
    expect(pytorchScript(renorm)).toContain('PyTorch has no Batch Renormalization layer');
    expect(pytorchScript(renorm)).toContain('r_max 2, d_max 1, ramped up over 500 steps');
    expect(pytorchScript(renorm)).toContain('nn.BatchNorm2d(');
    expect(kerasScript(renorm)).toContain('Keras 3 dropped it');
    // Gradient accumulation and ghost batches are not translated: the header says so.
    const accumulated = input({
      model: 'mlp',
      accumSteps: 16,
      batchSize: 2,
      norm: 'batchnorm',
      ghostBatch: 0,
    });
    for (const script of [pytorchScript(accumulated), kerasScript(accumulated)])
      expect(script).toContain(
        'Not copied: NormLab accumulates 16 micro-batches of BATCH_SIZE per optimizer step',
      );
    const ghost = input({ model: 'mlp', batchSize: 32, norm: 'batchnorm', ghostBatch: 2 });
    expect(pytorchScript(ghost)).toContain('over ghost batches of 2 samples');
    expect(pytorchScript(input({ model: 'mlp', norm: 'groupnorm', ghostBatch: 2 }))).not.toContain('ghost');
    // float16 statistics exist only in a spec (engine/core/spec.ts halfPrecision): a comment, no flag.
    const note = halfPrecisionNote({ type: 'batchnorm', halfPrecision: true });
    expect(note.join(' ')).toContain('no framework flag');
    expect(halfPrecisionNote({ type: 'batchnorm' })).toEqual([]);
  });
});

describe('code twin: every generated script passes python3 -m py_compile', () => {
  it(`compiles all ${ALL_CASES.length} cases, PyTorch and Keras, every run`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'normlab-twin-'));
    try {
      const files: string[] = [];
      for (const c of ALL_CASES) {
        caseRuns(c).forEach((run, i) => {
          for (const [tag, code] of [
            ['pytorch', pytorchScript(run.input)],
            ['keras', kerasScript(run.input)],
          ]) {
            const file = join(dir, `${c.name}_${i}_${tag}.py`);
            writeFileSync(file, code);
            files.push(file);
          }
        });
      }
      // Throws (with Python's message) on the first file with a syntax error.
      execFileSync('python3', ['-m', 'py_compile', ...files], { stdio: 'pipe' });
      expect(files.length).toBeGreaterThanOrEqual(ALL_CASES.length * 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
