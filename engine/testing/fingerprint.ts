// A training fingerprint: a hash of the exact float32 bits of the losses of a few seeded
// training runs (a BatchNorm MLP on the spiral, a GroupNorm CNN on synthetic images). The
// node test and the Chromium test assert the same constant, which proves that the same seed
// gives the same run, bit for bit, in both.

import { Rng } from '../core/rng.ts';
import { Batcher } from '../data/batcher.ts';
import { fnv1a32 } from '../data/mnist.ts';
import { experimentData, experimentSpec } from '../experiment/build-experiment.ts';
import { DEFAULT_CONFIG } from '../experiment/experiment.ts';
import { cnnSpec } from '../experiment/presets.ts';
import { buildModel } from '../train/model.ts';

export const FINGERPRINT_STEPS = 25;

export function trainingFingerprint(): { hash: number; losses: number[] } {
  const losses = new Float32Array(FINGERPRINT_STEPS * 2);
  const config = { ...DEFAULT_CONFIG, dropout: 0.1 };
  const data = experimentData(config, null);
  const mlp = buildModel(experimentSpec(config, data.inputShape, data.classes));
  const batcher = new Batcher(data.train, new Rng(config.seed).fork());
  for (let s = 0; s < FINGERPRINT_STEPS; s++) {
    const b = batcher.next(config.batchSize);
    losses[s] = mlp.trainStep(b.x, b.y, b.n).loss;
  }
  const cnn = buildModel(
    cnnSpec({
      input: [1, 12, 12],
      channels: [4, 8],
      norm: { type: 'groupnorm', groups: 2 },
      optimizer: { type: 'adam', lr: 0.01 },
      seed: 3,
    }),
  );
  const rng = new Rng(11);
  const x = Float32Array.from({ length: 8 * 144 }, () => rng.uniform());
  const y = Float32Array.from({ length: 8 }, (_, i) => i % 10);
  for (let s = 0; s < FINGERPRINT_STEPS; s++) losses[FINGERPRINT_STEPS + s] = cnn.trainStep(x, y, 8).loss;
  return { hash: fnv1a32(new Uint8Array(losses.buffer)), losses: Array.from(losses) };
}
