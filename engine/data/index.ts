// Public surface of the data layer: the Dataset contract, toy generators, the MNIST parser,
// domain shifts and the Batcher. Node-only loaders live in engine/testing/node-*.ts instead.

export { type Batch, Batcher, takeSubset } from './batcher.ts';
export { classCounts, type Dataset, pickSamples, type Split, splitSampleSize } from './dataset.ts';
export {
  encodeMnistAsset,
  fnv1a32,
  MNIST_ASSET_PATH,
  MNIST_CLASSES,
  MNIST_COLS,
  MNIST_HEADER_BYTES,
  MNIST_MAGIC,
  MNIST_ORDER_SEED,
  MNIST_ROWS,
  MNIST_TEST_FRACTION,
  MNIST_VERSION,
  MnistAssetError,
  type MnistDataset,
  type MnistParseOptions,
  type PixelStats,
  parseMnist,
  standardizeSplit,
} from './mnist.ts';
export {
  addPixelNoise,
  adjustBrightnessContrast,
  applyShift,
  invertPixels,
  type ShiftSpec,
  translateImages,
} from './shift.ts';
export {
  BLOB_CLASSES,
  DEFAULT_TOY_OPTIONS,
  makeToyDataset,
  SPIRAL_TURNS,
  spiralPoint,
  TOY_FEATURES,
  TOY_KINDS,
  type ToyKind,
  type ToyOptions,
  toyClasses,
} from './toy.ts';
