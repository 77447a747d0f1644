// Training works on real data: the course's small CNN learns MNIST. The run is seeded and
// deterministic, so its accuracy is a fixed number (97.10 % for seed 1), not a flaky one.

import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { Batcher } from '../data/batcher.ts';
import { cnnSpec } from '../experiment/presets.ts';
import { loadMnist } from '../testing/node-mnist.ts';
import { buildModel } from './model.ts';

/** Steps of batch 32 (8 epochs of the 8,000 training digits) and the learning-rate schedule. */
const STEPS = 2000;
const BATCH = 32;
const SCHEDULE: [number, number][] = [
  [1, 0.003],
  [1000, 0.001],
  [1600, 0.0003],
];
const TARGET_ACCURACY = 0.97;

describe('MNIST CNN', () => {
  it(`conv8-conv16 with BatchNorm reaches ≥ ${TARGET_ACCURACY * 100} % on the 2,000 test digits in ${STEPS} steps`, () => {
    const data = loadMnist();
    const model = buildModel(
      cnnSpec({ optimizer: { type: 'adam', lr: 0.003 }, norm: { type: 'batchnorm' }, seed: 1 }),
    );
    const batcher = new Batcher(data.train, new Rng(1));
    for (let step = 1; step <= STEPS; step++) {
      for (const [from, lr] of SCHEDULE) if (step === from) model.setLearningRate(lr);
      const b = batcher.next(BATCH);
      model.trainStep(b.x, b.y, b.n);
    }
    const { accuracy } = model.evaluate(data.test.x, data.test.y, data.test.count, 250);
    expect(accuracy).toBeGreaterThanOrEqual(TARGET_ACCURACY);
  }, 600_000);
});
