// Per-batch-size buffer sets for layers: the first call with a batch size n allocates, later
// calls with the same n reuse the same buffers, so a warmed-up training step allocates nothing.
// Bounded, so a batch-size slider swept over 1..128 cannot hold 128 conv-sized buffer sets.

/** How many distinct batch sizes a layer keeps buffers for; the least recently used is dropped beyond it. */
export const MAX_CACHED_BATCH_SIZES = 6;

interface Entry<T> {
  readonly value: T;
  lastUsed: number;
}

export class BatchCache<T> {
  private readonly entries = new Map<number, Entry<T>>();
  private clock = 0;

  /** `make(n)` allocates the buffers for batch size n; it is created once, not per call. */
  constructor(private readonly make: (n: number) => T) {}

  get(n: number): T {
    const entry = this.entries.get(n);
    if (entry !== undefined) {
      entry.lastUsed = ++this.clock;
      return entry.value;
    }
    if (this.entries.size >= MAX_CACHED_BATCH_SIZES) this.evictLeastRecent();
    const value = this.make(n);
    this.entries.set(n, { value, lastUsed: ++this.clock });
    return value;
  }

  private evictLeastRecent(): void {
    let oldest = -1;
    let oldestUse = Number.POSITIVE_INFINITY;
    for (const [n, entry] of this.entries) {
      if (entry.lastUsed < oldestUse) {
        oldestUse = entry.lastUsed;
        oldest = n;
      }
    }
    this.entries.delete(oldest);
  }
}
