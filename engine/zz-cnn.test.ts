import { it } from 'vitest';
import { Batcher } from './data/batcher.ts';
import { buildModel } from './model.ts';
import { cnnSpec } from './presets.ts';
import { Rng } from './rng.ts';
import { loadMnist } from './testing/node-mnist.ts';

it('probe', () => {
  const data = loadMnist();
  for (const [name, opt, norm, steps, bs] of [
    ['adam bn b64', { type: 'adam', lr: 0.002 }, { type: 'batchnorm' }, 1600, 64],
  ] as const) {
    const model = buildModel(cnnSpec({ optimizer: opt, norm, seed: 1 }));
    const b = new Batcher(data.train, new Rng(1));
    const t0 = Date.now();
    for (let s = 1; s <= steps; s++) {
      const batch = b.next(bs);
      model.trainStep(batch.x, batch.y, batch.n);
      if (s % 200 === 0) {
        const r = model.evaluate(data.test.x, data.test.y, data.test.count, 250);
        console.log(name, s, r.accuracy.toFixed(4), ((Date.now() - t0) / s).toFixed(1), 'ms/step');
      }
    }
  }
}, 900000);
