import { it } from 'vitest';
import { LESSON_5 } from '../lesson-5/preset.ts';
import { lessonSession, withSeed } from '../node-session.ts';

it.each([1, 2])('halves %i', (seed) => {
  const { session } = lessonSession(withSeed(LESSON_5, seed));
  const run = session.run('norm=batchnorm');
  const model = run.model;
  console.log(model.layers.map((l) => `${l.kind}:${l.params().length}`).join(' '));
  const n = 32;
  const x = run.train.x.subarray(0, n * 2);
  const y = run.train.y.subarray(0, n);
  const layers = model.layers.filter(
    (l, i) => l.kind === 'dense' && model.layers[i + 1]?.kind === 'batchnorm',
  );
  for (const layer of layers) {
    const w = layer.params()[0];
    const before = model.computeGradients(x, y, n).loss;
    const g = Float64Array.from(w.grad);
    for (let i = 0; i < w.value.length; i++) w.value[i] *= 2;
    const after = model.computeGradients(x, y, n).loss;
    const d = Float64Array.from(w.grad);
    for (let i = 0; i < w.value.length; i++) w.value[i] /= 2;
    const again = model.computeGradients(x, y, n).loss;
    console.log(seed, before, after, again, Math.hypot(...d) / Math.hypot(...g));
  }
});
