// A bounded metric series: a run left training for an hour keeps at most `capacity` buckets.
// When full, neighbouring buckets merge pairwise (bucket width doubles), each keeping its
// min, max and mean, so a chart can still show every spike as a min–max band, and its first
// point exactly as pushed (step `x` and value `first`), so an export can list recorded points.

export class Series {
  /** First step in each bucket. */
  readonly x: Float64Array;
  readonly min: Float32Array;
  readonly max: Float32Array;
  readonly mean: Float32Array;
  /** The value of each bucket's first point, exactly as pushed (at step `x`). */
  readonly first: Float64Array;
  private readonly counts: Uint32Array;
  /** Number of buckets in use. */
  length = 0;
  /** Raw points per full bucket (1, 2, 4, …). */
  width = 1;
  /** Total points ever pushed. */
  total = 0;

  constructor(readonly capacity = 4096) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0)
      throw new Error(`series capacity must be an even integer >= 2, got ${capacity}`);
    this.x = new Float64Array(capacity);
    this.min = new Float32Array(capacity);
    this.max = new Float32Array(capacity);
    this.mean = new Float32Array(capacity);
    this.first = new Float64Array(capacity);
    this.counts = new Uint32Array(capacity);
  }

  /** Appends one point. Non-finite values are not stored (a chart never draws NaN). */
  push(step: number, value: number): void {
    if (!Number.isFinite(value)) return;
    this.total++;
    const last = this.length - 1;
    if (last >= 0 && this.counts[last] < this.width) {
      const c = this.counts[last];
      this.mean[last] = (this.mean[last] * c + value) / (c + 1);
      if (value < this.min[last]) this.min[last] = value;
      if (value > this.max[last]) this.max[last] = value;
      this.counts[last] = c + 1;
      return;
    }
    if (this.length === this.capacity) this.compact();
    const i = this.length++;
    this.x[i] = step;
    this.min[i] = value;
    this.max[i] = value;
    this.mean[i] = value;
    this.first[i] = value;
    this.counts[i] = 1;
  }

  /** Merges bucket pairs (2i, 2i+1) into bucket i and doubles the bucket width. */
  private compact(): void {
    const half = this.length / 2;
    for (let i = 0; i < half; i++) {
      const a = 2 * i;
      const b = a + 1;
      const ca = this.counts[a];
      const cb = this.counts[b];
      this.x[i] = this.x[a];
      this.first[i] = this.first[a];
      this.min[i] = Math.min(this.min[a], this.min[b]);
      this.max[i] = Math.max(this.max[a], this.max[b]);
      this.mean[i] = (this.mean[a] * ca + this.mean[b] * cb) / (ca + cb);
      this.counts[i] = ca + cb;
    }
    this.length = half;
    this.width *= 2;
  }

  /** The latest bucket's mean, or null when empty. */
  last(): number | null {
    return this.length ? this.mean[this.length - 1] : null;
  }

  clear(): void {
    this.length = 0;
    this.width = 1;
    this.total = 0;
  }
}
