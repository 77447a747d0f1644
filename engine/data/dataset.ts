// The Dataset contract shared by the toy generators, the MNIST parser, the shift transforms
// and the Batcher. Plain typed arrays, no behaviour; a Split is never mutated after it is
// built (transforms return new Splits), so several runs can share one safely.

/**
 * One split of a data set: `count` samples stored row-major.
 * - `x` has length `count * sampleSize`, where sampleSize = sizeOf(inputShape). Feature `f` of
 *   sample `n` sits at `x[n * sampleSize + f]`; for images of shape [C, H, W] that is
 *   `x[((n * C + c) * H + h) * W + w]` (NCHW, the same layout as a batch).
 * - `y` has length `count`: the class index of sample `n` as a float (0, 1, ..., classes - 1),
 *   float so it drops into a batch buffer without conversion.
 */
export interface Split {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
}

/** A named classification data set with a fixed train/test split. */
export interface Dataset {
  readonly name: string;
  /** Shape of ONE sample: [2] for the toy sets, [1, 28, 28] for MNIST. */
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly train: Split;
  readonly test: Split;
}

/**
 * Features per sample of a split (x.length / count). Throws a named error when the split's
 * arrays disagree with its count, which is how a malformed Split is caught at API boundaries.
 */
export function splitSampleSize(split: Split): number {
  const { x, y, count } = split;
  if (!Number.isInteger(count) || count <= 0)
    throw new Error(`split count must be a positive integer (got ${count})`);
  if (y.length !== count) throw new Error(`split y has ${y.length} labels but count is ${count}`);
  if (x.length % count !== 0)
    throw new Error(`split x length ${x.length} is not a multiple of count ${count}`);
  return x.length / count;
}

/** Number of samples of each class in a split: result[c] = #{n : y[n] = c}. */
export function classCounts(split: Split, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let n = 0; n < split.count; n++) counts[split.y[n]]++;
  return counts;
}

/**
 * A new Split holding samples `indices[0], indices[1], ...` of `split`, in that order (copies;
 * repeats allowed). Throws on an index outside [0, count).
 */
export function pickSamples(split: Split, indices: ArrayLike<number>): Split {
  const size = splitSampleSize(split);
  const count = indices.length;
  const x = new Float32Array(count * size);
  const y = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const k = indices[n];
    if (!Number.isInteger(k) || k < 0 || k >= split.count) {
      throw new Error(`sample index ${k} is out of range [0, ${split.count})`);
    }
    x.set(split.x.subarray(k * size, (k + 1) * size), n * size);
    y[n] = split.y[k];
  }
  return { x, y, count };
}
