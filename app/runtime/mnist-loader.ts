// The MNIST digits, fetched once on demand: the bytes go to the workers, and the main thread
// parses them lazily for drawing test images.

import { type MnistDataset, parseMnist } from '#engine';

export class MnistLoader {
  private bytesValue: ArrayBuffer | null = null;
  private parsed: MnistDataset | null = null;
  private loading: Promise<ArrayBuffer> | null = null;

  constructor(private readonly fetchBytes: () => Promise<ArrayBuffer>) {}

  get ready(): boolean {
    return this.bytesValue !== null;
  }

  /** The asset bytes once loaded, else null. */
  get bytes(): ArrayBuffer | null {
    return this.bytesValue;
  }

  /**
   * Starts loading (or joins the load under way). `onLoaded` runs once per load, before the
   * promise settles for anyone else; a failed load can be retried.
   */
  load(onLoaded: (bytes: ArrayBuffer) => void, onFailed: (message: string) => void): void {
    if (this.loading) return;
    this.loading = this.fetchBytes();
    this.loading.then(
      (bytes) => {
        this.bytesValue = bytes;
        this.loading = null;
        onLoaded(bytes);
      },
      (err: unknown) => {
        this.loading = null;
        onFailed(err instanceof Error ? err.message : String(err));
      },
    );
  }

  /** The digits parsed on the main thread (for drawing test images), once loaded. */
  dataset(): MnistDataset | null {
    if (!this.bytesValue) return null;
    this.parsed ??= parseMnist(this.bytesValue);
    return this.parsed;
  }
}
