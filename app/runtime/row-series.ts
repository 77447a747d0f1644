// A bounded history of fixed-width rows (one row per snapshot: a value per channel, per
// layer or per histogram bin). When full, neighbouring rows merge pairwise by averaging, so
// the history keeps covering the whole run in at most `capacity` rows.

export class RowSeries {
  readonly steps: Float64Array;
  readonly rows: Float32Array;
  private readonly weights: Uint32Array;
  length = 0;
  /** Snapshots per full row (1, 2, 4, …). */
  span = 1;

  constructor(
    readonly width: number,
    readonly capacity = 512,
  ) {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 !== 0)
      throw new Error(`row series capacity must be an even integer >= 2, got ${capacity}`);
    this.steps = new Float64Array(capacity);
    this.rows = new Float32Array(capacity * width);
    this.weights = new Uint32Array(capacity);
  }

  /** Appends a row (its first `width` values); non-finite values are stored as 0 and flagged by the caller. */
  push(step: number, values: ArrayLike<number>): void {
    const w = this.width;
    const last = this.length - 1;
    if (last >= 0 && this.weights[last] < this.span) {
      const c = this.weights[last];
      for (let i = 0; i < w; i++) {
        const v = Number.isFinite(values[i]) ? values[i] : 0;
        this.rows[last * w + i] = (this.rows[last * w + i] * c + v) / (c + 1);
      }
      this.weights[last] = c + 1;
      this.steps[last] = step;
      return;
    }
    if (this.length === this.capacity) this.compact();
    const r = this.length++;
    this.steps[r] = step;
    for (let i = 0; i < w; i++) this.rows[r * w + i] = Number.isFinite(values[i]) ? values[i] : 0;
    this.weights[r] = 1;
  }

  /** Row r as a view (valid until the next push). */
  row(r: number): Float32Array {
    return this.rows.subarray(r * this.width, (r + 1) * this.width);
  }

  /** Column i over all rows (a new array). */
  column(i: number): Float32Array {
    const out = new Float32Array(this.length);
    for (let r = 0; r < this.length; r++) out[r] = this.rows[r * this.width + i];
    return out;
  }

  clear(): void {
    this.length = 0;
    this.span = 1;
  }

  private compact(): void {
    const w = this.width;
    const half = this.length / 2;
    for (let r = 0; r < half; r++) {
      const a = 2 * r;
      const b = a + 1;
      const ca = this.weights[a];
      const cb = this.weights[b];
      for (let i = 0; i < w; i++) {
        this.rows[r * w + i] = (this.rows[a * w + i] * ca + this.rows[b * w + i] * cb) / (ca + cb);
      }
      this.steps[r] = this.steps[b];
      this.weights[r] = ca + cb;
    }
    this.length = half;
    this.span *= 2;
  }
}
