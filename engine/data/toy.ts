// Seeded generators for the 2-D toy classification sets (spiral, circles, XOR, blobs, moons),
// in the spirit of the TensorFlow Playground and scikit-learn's make_moons / make_circles.
// Features lie roughly in [-1, 1] (plus noise) so small MLPs need no input scaling.

import { Rng } from '../core/rng.ts';
import { type Dataset, pickSamples, type Split } from './dataset.ts';

export type ToyKind = 'spiral' | 'circles' | 'xor' | 'blobs' | 'moons';

export const TOY_KINDS: readonly ToyKind[] = ['spiral', 'circles', 'xor', 'blobs', 'moons'];

export interface ToyOptions {
  /** Total number of samples (train + test); classes get count / classes each, +-1. */
  count?: number;
  /** Std of the isotropic Gaussian jitter added to both features, in feature units. 0 = clean. */
  noise?: number;
  seed?: number;
  /** Fraction of EACH class held out for the test split, in (0, 1). */
  testFraction?: number;
}

export const DEFAULT_TOY_OPTIONS: Required<ToyOptions> = {
  count: 400,
  noise: 0.1,
  seed: 1,
  testFraction: 0.2,
};

/** Features per toy sample: the point (x1, x2). */
export const TOY_FEATURES = 2;

/** Spiral: turns of each arm as the radius grows from 0 to 1. */
export const SPIRAL_TURNS = 1.75;
/** Circles: radius of the inner (class 0) and outer (class 1) ring. */
export const CIRCLE_INNER_RADIUS = 0.4;
export const CIRCLE_OUTER_RADIUS = 0.9;
/** XOR: points keep this distance from the axes so the clean classes are separable. */
export const XOR_MARGIN = 0.05;
/** Blobs: number of classes, radius of the circle holding the centres, intrinsic std of a blob. */
export const BLOB_CLASSES = 3;
export const BLOB_CENTER_RADIUS = 0.6;
export const BLOB_STD = 0.15;
/** Moons: the make_moons shapes are centred at (0.5, 0.25) and scaled by this, giving x in ~[-1, 1]. */
export const MOON_SCALE = 0.65;
export const MOON_CENTER_X = 0.5;
export const MOON_CENTER_Y = 0.25;

/** Number of classes each kind produces. */
export function toyClasses(kind: ToyKind): number {
  return kind === 'blobs' ? BLOB_CLASSES : 2;
}

/**
 * The clean point of spiral arm `c` at radius t in [0, 1]: angle = SPIRAL_TURNS * 2 pi t + c pi,
 * point = (t sin angle, t cos angle). Exported so tests can check the arms by formula.
 */
export function spiralPoint(c: number, t: number): [number, number] {
  const angle = SPIRAL_TURNS * 2 * Math.PI * t + c * Math.PI;
  return [t * Math.sin(angle), t * Math.cos(angle)];
}

/** Writes the clean point of class c into out[0..1], drawing its free parameters from rng. */
function cleanPoint(kind: ToyKind, c: number, rng: Rng, out: Float64Array): void {
  switch (kind) {
    case 'spiral': {
      const [x1, x2] = spiralPoint(c, rng.uniform());
      out[0] = x1;
      out[1] = x2;
      return;
    }
    case 'circles': {
      const r = c === 0 ? CIRCLE_INNER_RADIUS : CIRCLE_OUTER_RADIUS;
      const angle = 2 * Math.PI * rng.uniform();
      out[0] = r * Math.cos(angle);
      out[1] = r * Math.sin(angle);
      return;
    }
    case 'xor': {
      // Class 0: x1 and x2 have the same sign; class 1: opposite signs. |xi| in [margin, 1].
      const s1 = rng.uniform() < 0.5 ? -1 : 1;
      const s2 = c === 0 ? s1 : -s1;
      out[0] = s1 * (XOR_MARGIN + (1 - XOR_MARGIN) * rng.uniform());
      out[1] = s2 * (XOR_MARGIN + (1 - XOR_MARGIN) * rng.uniform());
      return;
    }
    case 'blobs': {
      const angle = Math.PI / 2 + (2 * Math.PI * c) / BLOB_CLASSES;
      out[0] = BLOB_CENTER_RADIUS * Math.cos(angle) + BLOB_STD * rng.normal();
      out[1] = BLOB_CENTER_RADIUS * Math.sin(angle) + BLOB_STD * rng.normal();
      return;
    }
    case 'moons': {
      // scikit-learn make_moons: upper moon (cos t, sin t); lower moon (1 - cos t, 0.5 - sin t).
      const t = Math.PI * rng.uniform();
      const mx = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
      const my = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      out[0] = MOON_SCALE * (mx - MOON_CENTER_X);
      out[1] = MOON_SCALE * (my - MOON_CENTER_Y);
      return;
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown toy data set kind: ${String(unknown)}`);
    }
  }
}

function checkOptions(kind: ToyKind, o: Required<ToyOptions>): void {
  if (!TOY_KINDS.includes(kind)) throw new Error(`unknown toy data set kind: ${String(kind)}`);
  const classes = toyClasses(kind);
  if (!Number.isInteger(o.count) || o.count < 2 * classes) {
    throw new Error(`toy count must be an integer >= ${2 * classes} for ${kind} (got ${o.count})`);
  }
  if (!Number.isFinite(o.noise) || o.noise < 0)
    throw new Error(`toy noise must be finite and >= 0 (got ${o.noise})`);
  if (!Number.isFinite(o.seed)) throw new Error(`toy seed must be finite (got ${o.seed})`);
  if (!(o.testFraction > 0 && o.testFraction < 1)) {
    throw new Error(`toy testFraction must be in (0, 1) (got ${o.testFraction})`);
  }
}

/**
 * Generates a 2-D toy data set, inputShape [2]. The rule, fixed so a seed means the same data
 * everywhere:
 * 1. Class c gets floor(count / K) samples, plus one if c < count mod K (K = classes).
 * 2. Sample i (class order, then index) draws its free parameters (arm position, angle, ...)
 *    from a points stream, then adds noise * N(0, 1) to each feature. The normals are drawn even
 *    when noise is 0, so changing only the noise moves the same points.
 * 3. A split stream shuffles all samples; walking that order, the first round(n_c * testFraction)
 *    samples of each class c go to test (clamped to [1, n_c - 1]), the rest to train. Both splits keep the shuffled order
 *    (classes interleaved), and each class is split in the same proportion (stratified).
 * The points and split streams are forks of Rng(seed), in that order.
 */
export function makeToyDataset(kind: ToyKind, options: ToyOptions = {}): Dataset {
  const o: Required<ToyOptions> = {
    count: options.count ?? DEFAULT_TOY_OPTIONS.count,
    noise: options.noise ?? DEFAULT_TOY_OPTIONS.noise,
    seed: options.seed ?? DEFAULT_TOY_OPTIONS.seed,
    testFraction: options.testFraction ?? DEFAULT_TOY_OPTIONS.testFraction,
  };
  checkOptions(kind, o);
  const classes = toyClasses(kind);
  const root = new Rng(o.seed);
  const pointsRng = root.fork();
  const splitRng = root.fork();

  const x = new Float32Array(o.count * TOY_FEATURES);
  const y = new Float32Array(o.count);
  const perClass = new Array<number>(classes);
  const point = new Float64Array(TOY_FEATURES);
  let i = 0;
  for (let c = 0; c < classes; c++) {
    perClass[c] = Math.floor(o.count / classes) + (c < o.count % classes ? 1 : 0);
    for (let k = 0; k < perClass[c]; k++, i++) {
      cleanPoint(kind, c, pointsRng, point);
      x[i * TOY_FEATURES] = point[0] + o.noise * pointsRng.normal();
      x[i * TOY_FEATURES + 1] = point[1] + o.noise * pointsRng.normal();
      y[i] = c;
    }
  }

  const all: Split = { x, y, count: o.count };
  const order = splitRng.shuffle(Uint32Array.from({ length: o.count }, (_, k) => k));
  // Clamped so every class keeps at least one sample in each split (count >= 2K guarantees n_c >= 2).
  const testLeft = perClass.map((n) => Math.min(n - 1, Math.max(1, Math.round(n * o.testFraction))));
  const testIdx: number[] = [];
  const trainIdx: number[] = [];
  for (const k of order) {
    const c = y[k];
    if (testLeft[c] > 0) {
      testLeft[c]--;
      testIdx.push(k);
    } else {
      trainIdx.push(k);
    }
  }
  return {
    name: kind,
    inputShape: [TOY_FEATURES],
    classes,
    train: pickSamples(all, trainIdx),
    test: pickSamples(all, testIdx),
  };
}
