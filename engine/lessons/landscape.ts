// Lesson 1's experiment: full-batch gradient descent on a 2-feature linear regression whose
// features differ in scale. The MSE loss is an exact quadratic in (w1, w2), so its minimizer,
// Hessian, level sets and convergence step are closed-form; the descent path itself is trained
// by the engine's own Dense (no bias) + MSE + SGD, the same code every other lesson trains with.
//
// Data (seeded, N samples): z1, z2, e ~ N(0, 1), then z1 and z2 are z-scored over the sample so
// each has mean 0 and std 1 exactly. Features x1 = z1, x2 = scale * z2 (feature 2 is feature 1's
// kind of quantity in units `scale` times smaller); target y = 2 z1 - z2 + 0.5 e. The target does
// not depend on `scale`: only the units of feature 2 change, never the information in the data.
// The target is centred (t = y - mean(y)) and the features have mean 0, so no bias is needed:
// the best bias would be exactly mean(y), independent of w. `standardize` z-scores each feature
// with the data's own mean and (population) std, which here divides x2 by `scale`; the minimum
// loss is the same either way (an invertible change of units), only the landscape's shape changes.

import { Rng } from '../core/rng.ts';
import { buildModel } from '../train/model.ts';

export interface LandscapeOptions {
  /** Std of feature 2 over std of feature 1 (1 = same scale). */
  scale: number;
  /** Z-score both features (data mean and std) before training. */
  standardize: boolean;
  /** SGD learning rate (full batch, no momentum). */
  lr: number;
  /** Seeds the data. */
  seed: number;
  /** Initial weights (w1, w2). */
  start: readonly [number, number];
  /** At most this many gradient-descent steps. */
  steps: number;
}

/** The knobs' ranges (the view's sliders and the URL codec use them). */
export const LANDSCAPE_LIMITS = {
  scale: { min: 1, max: 300 },
  lr: { min: 1e-6, max: 1 },
  steps: { min: 1, max: 2000 },
  start: { min: -10, max: 10 },
} as const;

export const LANDSCAPE_DEFAULTS: LandscapeOptions = {
  scale: 100,
  standardize: false,
  lr: 9e-5,
  seed: 1,
  start: [-2, 2],
  steps: 200,
};

/** Samples in the data set. */
export const SAMPLES = 200;
/** y = TRUE_WEIGHTS · (z1, z2) + NOISE * e. */
export const TRUE_WEIGHTS: readonly [number, number] = [2, -1];
export const NOISE = 0.5;
/**
 * Converged: the loss is within 1 % of its minimum, L(w) <= (1 + CONVERGED_TOLERANCE) L*. L* is
 * the noise floor, the same with and without standardization (the model can fit the same
 * functions), so the criterion means the same in both parametrizations, at every scale and from
 * every start. (A threshold relative to the START excess would not: from a start high on the
 * steep wall, settling across the valley alone removes 99.9 % of the excess while w1 has not
 * moved.)
 */
export const CONVERGED_TOLERANCE = 0.01;
/** Diverged: the loss is not finite or exceeds this multiple of its start value. */
export const DIVERGED_FACTOR = 1e6;

/**
 * The loss surface L(w) = (1/N) Σ (w·x_n - t_n)^2 = wᵀ S w - 2 bᵀ w + c, with the second moments
 * S = XᵀX / N (symmetric 2x2), b = Xᵀt / N, c = tᵀt / N. Hessian H = 2 S.
 */
export interface Landscape {
  readonly options: Pick<LandscapeOptions, 'scale' | 'standardize' | 'seed'>;
  readonly n: number;
  /** The features as trained, (N, 2) row-major at n * 2 + j. */
  readonly x: Float64Array;
  /** The centred targets, (N). */
  readonly t: Float64Array;
  /** Mean and (population) std of each raw feature (before any standardization). */
  readonly featureMean: readonly [number, number];
  readonly featureStd: readonly [number, number];
  /** S as [s11, s12, s22], b as [b1, b2], c. */
  readonly s: readonly [number, number, number];
  readonly b: readonly [number, number];
  readonly c: number;
  /** w* = S⁻¹ b and L* = L(w*) = c - bᵀ w*. */
  readonly minimizer: readonly [number, number];
  readonly minLoss: number;
  /** Eigenvalues of the Hessian 2S, smallest first, with unit eigenvectors. */
  readonly hessianEigenvalues: readonly [number, number];
  readonly eigenvectors: readonly [readonly [number, number], readonly [number, number]];
  /** λmax / λmin of the Hessian. */
  readonly conditionNumber: number;
  /** 2 / λmax: plain gradient descent converges iff lr is below this. */
  readonly maxStableLr: number;
}

function checkRange(what: string, value: number, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new Error(`${what} must be a finite number in [${min}, ${max}], got ${value}`);
  }
}

/** Builds the data and its loss surface. Throws a named error for a scale outside LANDSCAPE_LIMITS. */
export function makeLandscape(options: Pick<LandscapeOptions, 'scale' | 'standardize' | 'seed'>): Landscape {
  const { scale, standardize, seed } = options;
  checkRange('scale', scale, LANDSCAPE_LIMITS.scale.min, LANDSCAPE_LIMITS.scale.max);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const n = SAMPLES;
  const rng = new Rng(seed);
  const z1 = new Float64Array(n);
  const z2 = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z1[i] = rng.normal();
    z2[i] = rng.normal();
    e[i] = rng.normal();
  }
  zScore(z1);
  zScore(z2);
  const x = new Float64Array(2 * n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = z1[i];
    x[2 * i + 1] = scale * z2[i];
    t[i] = TRUE_WEIGHTS[0] * z1[i] + TRUE_WEIGHTS[1] * z2[i] + NOISE * e[i];
  }
  const [m1, sd1] = meanStd(x, n, 0);
  const [m2, sd2] = meanStd(x, n, 1);
  if (standardize) {
    for (let i = 0; i < n; i++) {
      x[2 * i] = (x[2 * i] - m1) / sd1;
      x[2 * i + 1] = (x[2 * i + 1] - m2) / sd2;
    }
  }
  let tMean = 0;
  for (let i = 0; i < n; i++) tMean += t[i];
  tMean /= n;
  for (let i = 0; i < n; i++) t[i] -= tMean;

  let s11 = 0;
  let s12 = 0;
  let s22 = 0;
  let b1 = 0;
  let b2 = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const a = x[2 * i];
    const d = x[2 * i + 1];
    s11 += a * a;
    s12 += a * d;
    s22 += d * d;
    b1 += a * t[i];
    b2 += d * t[i];
    c += t[i] * t[i];
  }
  s11 /= n;
  s12 /= n;
  s22 /= n;
  b1 /= n;
  b2 /= n;
  c /= n;
  const det = s11 * s22 - s12 * s12;
  const w1 = (s22 * b1 - s12 * b2) / det;
  const w2 = (s11 * b2 - s12 * b1) / det;
  // Eigenvalues of S: the larger from the trace, the smaller as det / larger (no cancellation).
  const half = (s11 + s22) / 2;
  const muMax = half + Math.hypot((s11 - s22) / 2, s12);
  const muMin = det / muMax;
  const vMax = unitEigenvector(s11, s12, s22, muMax);
  const vMin: [number, number] = [-vMax[1], vMax[0]];
  return {
    options: { scale, standardize, seed },
    n,
    x,
    t,
    featureMean: [m1, m2],
    featureStd: [sd1, sd2],
    s: [s11, s12, s22],
    b: [b1, b2],
    c,
    minimizer: [w1, w2],
    minLoss: Math.max(0, c - (b1 * w1 + b2 * w2)),
    hessianEigenvalues: [2 * muMin, 2 * muMax],
    eigenvectors: [vMin, vMax],
    conditionNumber: muMax / muMin,
    maxStableLr: 2 / (2 * muMax),
  };
}

function zScore(v: Float64Array): void {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i] - mean) ** 2;
  const std = Math.sqrt(sq / v.length);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] - mean) / std;
}

/** Mean and population std of column j of an (n, 2) array. */
function meanStd(x: Float64Array, n: number, j: number): [number, number] {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[2 * i + j];
  mean /= n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (x[2 * i + j] - mean) ** 2;
  return [mean, Math.sqrt(sq / n)];
}

function unitEigenvector(s11: number, s12: number, s22: number, mu: number): [number, number] {
  // (S - mu I) v = 0: v ∝ (s12, mu - s11), or (mu - s22, s12); take the better conditioned one.
  const a: [number, number] = [s12, mu - s11];
  const b: [number, number] = [mu - s22, s12];
  const v = Math.hypot(a[0], a[1]) >= Math.hypot(b[0], b[1]) ? a : b;
  const len = Math.hypot(v[0], v[1]);
  if (len === 0) return s11 >= s22 ? [1, 0] : [0, 1];
  return [v[0] / len, v[1] / len];
}

/** L(w1, w2), exactly, from the second moments. */
export function lossAt(l: Landscape, w1: number, w2: number): number {
  const [s11, s12, s22] = l.s;
  return s11 * w1 * w1 + 2 * s12 * w1 * w2 + s22 * w2 * w2 - 2 * (l.b[0] * w1 + l.b[1] * w2) + l.c;
}

/** L(w) - L* = (w - w*)ᵀ S (w - w*), never negative (no cancellation near the minimum). */
export function excessLossAt(l: Landscape, w1: number, w2: number): number {
  const d1 = w1 - l.minimizer[0];
  const d2 = w2 - l.minimizer[1];
  const [s11, s12, s22] = l.s;
  return Math.max(0, s11 * d1 * d1 + 2 * s12 * d1 * d2 + s22 * d2 * d2);
}

/** ∇L = 2 (S w - b). */
export function gradientAt(l: Landscape, w1: number, w2: number): [number, number] {
  const [s11, s12, s22] = l.s;
  return [2 * (s11 * w1 + s12 * w2 - l.b[0]), 2 * (s12 * w1 + s22 * w2 - l.b[1])];
}

/**
 * The level set {w : L(w) - L* = excess}: an ellipse around w* with half-axis √(excess / μ_i)
 * along eigenvector i of S (μ_i = λ_i / 2). Returns `count` points (x, y interleaved), closed
 * (the first point is repeated at the end). Exact, however elongated the ellipse.
 */
export function levelSet(l: Landscape, excess: number, count = 256): Float64Array {
  const out = new Float64Array(2 * (count + 1));
  const [vMin, vMax] = l.eigenvectors;
  const rMin = Math.sqrt((2 * excess) / l.hessianEigenvalues[0]);
  const rMax = Math.sqrt((2 * excess) / l.hessianEigenvalues[1]);
  for (let k = 0; k <= count; k++) {
    const theta = (2 * Math.PI * (k % count)) / count;
    const a = rMin * Math.cos(theta);
    const b = rMax * Math.sin(theta);
    out[2 * k] = l.minimizer[0] + a * vMin[0] + b * vMax[0];
    out[2 * k + 1] = l.minimizer[1] + a * vMin[1] + b * vMax[1];
  }
  return out;
}

export interface DescentPoint {
  w1: number;
  w2: number;
  /** L(w1, w2) as the engine computed it in that step's forward pass. */
  loss: number;
}

export interface Descent {
  /** points[k] = the weights after k steps and their loss; points[0] is the start. */
  points: DescentPoint[];
  /** The first step whose loss met the converged threshold (the path stops there), or null. */
  convergedAt: number | null;
  /** The step whose loss was non-finite or > DIVERGED_FACTOR × start (the path stops there), or null. */
  divergedAt: number | null;
  /** The loss at or below which the path counts as converged: (1 + CONVERGED_TOLERANCE) L*. */
  threshold: number;
}

/**
 * Full-batch gradient descent from `start`, trained by the engine: a float64 Dense(2 -> 1, no
 * bias) with MSE loss and plain SGD at `lr`, one trainStep per step on all N samples. Stops at
 * convergence, at divergence, or after `steps` steps.
 */
export function descend(l: Landscape, options: Pick<LandscapeOptions, 'lr' | 'start' | 'steps'>): Descent {
  const { lr, start, steps } = options;
  checkRange('learning rate', lr, 0, Number.POSITIVE_INFINITY);
  if (!(Number.isInteger(steps) && steps >= 0))
    throw new Error(`steps must be an integer >= 0, got ${steps}`);
  if (!(Number.isFinite(start[0]) && Number.isFinite(start[1]))) {
    throw new Error(`start must be two finite numbers, got [${start.join(', ')}]`);
  }
  const model = buildModel(
    {
      input: [2],
      layers: [{ type: 'dense', units: 1, bias: false }],
      loss: 'mse',
      optimizer: { type: 'sgd', lr },
      init: { type: 'normal', std: 0 },
      seed: l.options.seed,
    },
    'float64',
  );
  const w = model.params()[0].value;
  w[0] = start[0];
  w[1] = start[1];
  const startLoss = lossAt(l, start[0], start[1]);
  const threshold = (1 + CONVERGED_TOLERANCE) * l.minLoss;
  const points: DescentPoint[] = [];
  let convergedAt: number | null = null;
  let divergedAt: number | null = null;
  for (let k = 0; k <= steps; k++) {
    const w1 = w[0];
    const w2 = w[1];
    // The forward pass of step k reads w_k; its loss is L(w_k). After the last step, evaluate only.
    const loss = k < steps ? model.trainStep(l.x, l.t, l.n).loss : model.evaluate(l.x, l.t, l.n, l.n).loss;
    if (!Number.isFinite(loss) || loss > DIVERGED_FACTOR * startLoss) {
      divergedAt = k;
      if (Number.isFinite(w1) && Number.isFinite(w2) && Number.isFinite(loss)) points.push({ w1, w2, loss });
      break;
    }
    points.push({ w1, w2, loss });
    if (loss <= threshold) {
      convergedAt = k;
      break;
    }
  }
  return { points, convergedAt, divergedAt, threshold };
}

/**
 * Steps gradient descent at `lr` needs from `start` to get its loss within CONVERGED_TOLERANCE of
 * the minimum, in closed form: in S's eigenbasis the error along eigenvector i is multiplied by r_i = 1 - lr λ_i each
 * step, so the excess loss after k steps is Σ μ_i c_i² r_i^(2k) (c_i the start error along v_i).
 * It decreases monotonically when every |r_i| < 1 (lr < 2 / λmax); null when it never gets there
 * (lr at or above the stability limit) or would need more than maxSteps.
 */
export function stepsToConverge(
  l: Landscape,
  lr: number,
  start: readonly [number, number],
  maxSteps = 1e9,
): number | null {
  const d1 = start[0] - l.minimizer[0];
  const d2 = start[1] - l.minimizer[1];
  const terms = l.eigenvectors.map((v, i) => {
    const ci = v[0] * d1 + v[1] * d2;
    const lambda = l.hessianEigenvalues[i];
    return { weight: (lambda / 2) * ci * ci, r2: (1 - lr * lambda) ** 2 };
  });
  const excess0 = terms[0].weight + terms[1].weight;
  // A component with (numerically) no weight does not stop convergence.
  if (terms.some((term) => term.r2 >= 1 && term.weight > 1e-12 * excess0)) return null;
  const target = CONVERGED_TOLERANCE * l.minLoss;
  if (excess0 <= target) return 0;
  const excess = (k: number) =>
    terms.reduce((sum, term) => sum + (term.r2 >= 1 ? 0 : term.weight * term.r2 ** k), 0);
  if (excess(maxSteps) > target) return null;
  let lo = 0; // excess(lo) > target
  let hi = maxSteps; // excess(hi) <= target
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (excess(mid) <= target) hi = mid;
    else lo = mid;
  }
  return hi;
}
