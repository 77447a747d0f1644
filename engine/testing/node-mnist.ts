// Node-only test helper: reads public/generated/mnist-v1.bin (building it with
// scripts/build-mnist.mjs first if it is missing) and parses it, cached per process and variant.
// Not for the app or the Worker, which fetch the asset and call parseMnist themselves.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MnistDataset, parseMnist } from '../data/mnist.ts';

const ASSET_PATH = fileURLToPath(new URL('../../public/generated/mnist-v1.bin', import.meta.url));
const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-mnist.mjs', import.meta.url));

let cachedBytes: Uint8Array | undefined;
const cachedDatasets = new Map<boolean, MnistDataset>();

/** The raw asset bytes (built on first use if missing). Callers must not mutate them; copy first. */
export function readMnistAsset(): Uint8Array {
  if (cachedBytes === undefined) {
    if (!existsSync(ASSET_PATH)) execFileSync(process.execPath, [BUILD_SCRIPT], { stdio: 'inherit' });
    cachedBytes = new Uint8Array(readFileSync(ASSET_PATH));
  }
  return cachedBytes;
}

/** The parsed MNIST Dataset ([0, 1] pixels, or standardized), parsed once per process. */
export function loadMnist(options: { standardize?: boolean } = {}): MnistDataset {
  const standardize = options.standardize ?? false;
  let dataset = cachedDatasets.get(standardize);
  if (dataset === undefined) {
    dataset = parseMnist(readMnistAsset(), { standardize });
    cachedDatasets.set(standardize, dataset);
  }
  return dataset;
}
