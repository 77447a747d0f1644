// `npm run bench`: NormLab's engine benchmark against TF.js and ConvNetJS, in node and in headless
// Chromium. Installs what is missing (root dependencies, bench/'s own dependencies, a Chromium),
// then runs bench/run.mjs, which prints the report and writes bench/results/latest.json and
// bench/results/BENCHMARKS.md, then the UI benchmark (scripts/bench-ui.mjs; skip with --no-ui).
// Other arguments go to bench/run.mjs (e.g. `npm run bench -- --quick`).

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildWasm } from './build-wasm.mjs';
import { ensureChromium, ensureDeps, root, run } from './lib.mjs';

/** bench/ is its own package (TF.js, ConvNetJS, esbuild) so the app's install stays lean. */
function ensureBenchDeps() {
  const bench = join(root, 'bench');
  const lock = join(bench, 'package-lock.json');
  const installed = join(bench, 'node_modules', '.package-lock.json');
  const fresh =
    existsSync(installed) && existsSync(lock) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  console.log('Installing the benchmark dependencies (npm ci --prefix bench)…');
  const code = run('npm', ['ci', '--prefix', 'bench', '--no-audit', '--no-fund']);
  if (code !== 0) {
    console.error('Installing the benchmark dependencies failed: see the npm output above.');
    process.exit(code);
  }
}

ensureDeps();
ensureBenchDeps();
// The engine's WebAssembly kernels (generated module) before esbuild bundles the engine.
await buildWasm();
const args = process.argv.slice(2);
const envs = args.includes('--env') ? (args[args.indexOf('--env') + 1] ?? '') : 'chromium';
if (envs.includes('chromium')) ensureChromium();
const started = Date.now();
const engineArgs = args.filter((a) => a !== '--no-ui');
let code = run(process.execPath, [join(root, 'bench', 'run.mjs'), ...engineArgs]);
// The page under load: frame times and worker throughput with two runs racing (scripts/bench-ui.mjs).
if (!args.includes('--no-ui') && code === 0) {
  ensureChromium();
  code =
    run('npm', ['run', 'build', '--silent']) ||
    run(process.execPath, [join(root, 'scripts', 'bench-ui.mjs')]);
}
console.log(`npm run bench: ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(code);
