import { describe, expect, it } from 'vitest';
import { BATCH_STATISTICS_RULE, DEFAULT_CONFIG, type Sweep, withKnob } from '#engine';
import { NodeWorker } from '#engine/testing';
import type { SweepProgress } from '../store/run-slice.ts';
import { failedSweep, planSweep, SweepRunner } from './sweep.ts';

const BN = {
  ...DEFAULT_CONFIG,
  norm: 'batchnorm' as const,
  model: 'mlp' as const,
  dataset: 'spiral' as const,
};
const BATCH_SWEEP: Sweep = { knob: 'batchSize', values: [1, 8, 32], steps: 20 };

describe('sweeps with a value the rules refuse', () => {
  it('batch size {1, 8, 32} with BatchNorm: 1 is skipped with the reason, 8 and 32 run', async () => {
    const { points, skipped } = planSweep([{ id: 'main', config: BN }], BATCH_SWEEP, withKnob);
    expect(points.map((p) => p.value)).toEqual([8, 32]);
    expect(skipped).toEqual([
      { runId: 'main', value: 1, reason: `${BATCH_STATISTICS_RULE}; use batchSize=2 or more` },
    ]);
    const progress = await new Promise<SweepProgress>((resolve) => {
      new SweepRunner({
        points,
        skipped,
        poolSize: 2,
        createWorker: () => new NodeWorker(),
        mnist: null,
        onProgress: (p) => {
          if (p.state !== 'running') resolve(p);
        },
      });
    });
    expect(progress.state).toBe('finished');
    expect(progress.error).toBeNull();
    expect(progress.skipped).toEqual(skipped);
    expect(progress.results.map((r) => r.value).sort((a, b) => Number(a) - Number(b))).toEqual([8, 32]);
    for (const r of progress.results) expect(r.finalLoss).toBeGreaterThan(0);
  });

  it('the other runs of a comparison keep the value: LayerNorm trains at batch 1', () => {
    const runs = [
      { id: 'norm=batchnorm', config: BN },
      { id: 'norm=layernorm', config: { ...BN, norm: 'layernorm' as const } },
    ];
    const { points, skipped } = planSweep(runs, BATCH_SWEEP, withKnob);
    expect(skipped.map((k) => `${k.runId} ${k.value}`)).toEqual(['norm=batchnorm 1']);
    expect(points).toHaveLength(5);
  });

  it('a sample budget gives each batch size the same number of samples; a step budget the same steps', async () => {
    const sweep: Sweep = { knob: 'batchSize', values: [2, 8, 32], steps: 5, budget: 'samples' };
    const { points } = planSweep([{ id: 'main', config: BN }], sweep, withKnob);
    expect(points.map((p) => [p.value, p.steps])).toEqual([
      [2, 80],
      [8, 20],
      [32, 5],
    ]);
    expect(
      planSweep([{ id: 'main', config: BN }], { ...sweep, budget: 'steps' }, withKnob).points.map(
        (p) => p.steps,
      ),
    ).toEqual([5, 5, 5]);
    // The runner trains each point its own steps: the progress total is their sum.
    const progress = await new Promise<SweepProgress>((resolve) => {
      new SweepRunner({
        points,
        poolSize: 1,
        createWorker: () => new NodeWorker(),
        mnist: null,
        onProgress: (p) => {
          if (p.state !== 'running') resolve(p);
        },
      });
    });
    expect(progress.state).toBe('finished');
    expect([progress.stepsDone, progress.stepsTotal]).toEqual([105, 105]);
  });

  it('a sweep none of whose values can run fails before it starts, saying why', () => {
    const { points, skipped } = planSweep(
      [{ id: 'main', config: BN }],
      { knob: 'norm', values: ['instancenorm'], steps: 20 } as Sweep,
      withKnob,
    );
    expect(points).toEqual([]);
    expect(failedSweep(skipped)).toMatchObject({
      state: 'failed',
      error: 'no value of this sweep can run here: instancenorm needs spatial feature maps: use model=cnn',
    });
  });
});
