// NormLab's engine benchmark: NormLab vs TF.js (cpu, wasm) vs ConvNetJS, in node and in headless
// Chromium (Web Workers), side by side in one run, plus the zero-allocation heap check.
// Usage (from the repo root, after `npm ci --prefix bench`; `npm run bench` does all of it):
//   node bench/run.mjs [--quick] [--env node,chromium] [--libs normlab,tfjs-cpu,...] [--only W1,W4] [--no-heap]
// Writes bench/results/latest.json and bench/results/BENCHMARKS.md and prints the report (a run
// with any of those options writes latest-partial.json and BENCHMARKS-partial.md instead).

import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserEndpoint, nodeEndpoint } from './lib/endpoints.mjs';
import { LIBS, markdown } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';
import { simdPeak } from './lib/simd-peak.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const root = join(bench, '..');
const dist = join(bench, 'dist');
const resultsDir = join(bench, 'results');
const wasmDir = join(bench, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

/** Timing per workload and library: sized so node + Chromium take a few minutes on 2 cores. */
const TIMING = { warmupMs: 500, warmupMinIters: 10, warmupMaxMs: 3000, reps: 7, repMs: 250 };
/** Smoke test of the whole pipeline: the numbers mean nothing. */
const QUICK_TIMING = { warmupMs: 30, warmupMinIters: 2, warmupMaxMs: 100, reps: 3, repMs: 20 };

const LABELS = {
  normlab: 'NormLab',
  'normlab-js': 'NormLab JS',
  'normlab-f32': 'NormLab WASM f32',
  'tfjs-cpu': 'TF.js cpu',
  'tfjs-wasm': 'TF.js wasm',
  convnetjs: 'ConvNetJS',
};

function option(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? '').split(',').filter(Boolean) : null;
}

const quick = process.argv.includes('--quick');
const envs = option('env') ?? ['node', 'chromium'];
const libs = option('libs') ?? LIBS;
const only = option('only');
const runHeap = !process.argv.includes('--no-heap') && envs.includes('node');
const timing = quick ? QUICK_TIMING : TIMING;
/** A smoke test or a subset must not overwrite the full report: it gets files of its own. */
const partial = quick || only || option('libs') || option('env') || !runHeap;
const outName = (name, ext) => `${name}${partial ? '-partial' : ''}.${ext}`;
const log = (line) => console.log(line);

async function build() {
  const require = createRequire(join(bench, 'package.json'));
  const esbuild = require('esbuild');
  // 'module' first: tfjs-core's register_all_gradients exists only as ESM and must share the
  // ESM tfjs-core instance.
  const common = { bundle: true, logLevel: 'warning', mainFields: ['module', 'main'], target: 'es2022' };
  await esbuild.build({
    ...common,
    entryPoints: [join(bench, 'src', 'node-main.ts'), join(bench, 'src', 'heap-main.ts')],
    outdir: dist,
    platform: 'node',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  });
  await esbuild.build({
    ...common,
    entryPoints: [join(bench, 'src', 'worker-main.ts')],
    outdir: dist,
    platform: 'browser',
    format: 'iife',
  });
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measures every workload on every endpoint: prepare all (build + warm-up), then `reps` rounds
 * of one timed repetition per library in rotating order, then finish (loss / matmul check).
 */
async function measureEnvironment(name, endpoints) {
  const libraries = {};
  let info = null;
  for (const [lib, endpoint] of Object.entries(endpoints)) {
    info = await endpoint.send({ type: 'info' });
    libraries[lib] = { version: info.version, details: info.details };
  }
  const workloads = info.workloads.map((w) => w.id).filter((id) => !only || only.includes(id));
  const rows = {};
  for (const workload of [...workloads, ...(!only || only.includes('W4') ? ['W4'] : [])]) {
    const cells = {};
    for (const [lib, endpoint] of Object.entries(endpoints)) {
      const reply = await endpoint.send({ type: 'prepare', workload, timing });
      if (reply.type === 'error') cells[lib] = { median: null, na: `error: ${reply.message}` };
      else if (reply.na) cells[lib] = { median: null, na: reply.na };
      else
        cells[lib] = {
          median: null,
          rates: [],
          itersPerRep: reply.itersPerRep,
          warmupIters: reply.warmupIters,
        };
    }
    const active = () => Object.keys(endpoints).filter((lib) => cells[lib].rates);
    for (let rep = 0; rep < timing.reps; rep++) {
      const order = active();
      for (let k = 0; k < order.length; k++) {
        const lib = order[(k + rep) % order.length];
        const reply = await endpoints[lib].send({ type: 'rep' });
        if (reply.type === 'rep') cells[lib].rates.push(reply.rate);
        else cells[lib] = { median: null, na: `error: ${reply.message}` };
      }
    }
    for (const lib of active()) {
      const cell = cells[lib];
      const reply = await endpoints[lib].send({ type: 'finish' });
      // A failed finish (e.g. a training step that leaks tensors) voids the cell.
      if (reply.type === 'error') {
        cells[lib] = { median: null, na: `error: ${reply.message}` };
        continue;
      }
      cell.median = median(cell.rates);
      if (reply.type === 'finished') {
        if (reply.lossAfter != null) cell.lossAfter = reply.lossAfter;
        if (reply.corners) cell.corners = reply.corners;
      }
      if (workload === 'W4') cell.gflops = (cell.median * info.gemm.flops) / 1e9;
    }
    rows[workload] = cells;
    const unit = workload === 'W4' ? 'GFLOP/s' : 'steps/s';
    const summary = Object.entries(cells)
      .map(
        ([lib, c]) =>
          `${LABELS[lib]} ${c.median == null ? 'n/a' : (workload === 'W4' ? c.gflops : c.median).toFixed(workload === 'W4' ? 2 : 1)}`,
      )
      .join(' | ');
    log(`  ${name.padEnd(8)} ${workload.padEnd(6)} ${unit}: ${summary}`);
  }
  return { libraries, rows, workloads: info.workloads.filter((w) => workloads.includes(w.id)) };
}

async function runNode() {
  const endpoints = {};
  try {
    for (const lib of libs) endpoints[lib] = await nodeEndpoint(join(dist, 'node-main.cjs'), lib, log);
    return await measureEnvironment('node', endpoints);
  } finally {
    await Promise.all(Object.values(endpoints).map((e) => e.close()));
  }
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

async function runChromium(machine) {
  const rootRequire = createRequire(join(root, 'package.json'));
  const { chromium } = rootRequire('playwright');
  machine.playwright = rootRequire('playwright/package.json').version;
  const server = await startServer({ distDir: dist, wasmDir });
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    machine.chromium = browser.version();
    const page = await browser.newPage();
    page.on('pageerror', (error) => log(`  [chromium] page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') log(`  [chromium] ${message.text()}`);
    });
    await page.goto(`${server.origin}/`);
    machine.crossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    const endpoints = {};
    for (const lib of libs) endpoints[lib] = await browserEndpoint(page, lib, `${server.origin}/wasm/`);
    const result = await measureEnvironment('chromium', endpoints);
    for (const endpoint of Object.values(endpoints)) await endpoint.close();
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

function runHeapCheck() {
  return new Promise((resolve, reject) => {
    const args = quick ? ['--steps', '400'] : [];
    const child = fork(join(dist, 'heap-main.cjs'), args, { execArgv: ['--expose-gc'] });
    let results = null;
    child.on('message', (message) => {
      if (message.type === 'heap') results = message.results;
    });
    child.once('exit', (code) =>
      results ? resolve(results) : reject(new Error(`heap check exited with ${code}`)),
    );
  });
}

function git(args) {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

function machineInfo() {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {}
  return {
    cpuModel,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${release()}`,
    node: process.version,
    loadStart: loadavg(),
  };
}

function versions() {
  const pkg = (path) => JSON.parse(readFileSync(path, 'utf8')).version;
  const tf = (name) => pkg(join(bench, 'node_modules', '@tensorflow', name, 'package.json'));
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'engine']) !== '';
  return {
    normlab: `${pkg(join(root, 'package.json'))} (commit ${commit || 'unknown'}${dirty ? ', engine/ has uncommitted changes' : ''})`,
    tfjs: `core ${tf('tfjs-core')}, backend-cpu ${tf('tfjs-backend-cpu')}, backend-wasm ${tf('tfjs-backend-wasm')}`,
    convnetjs: pkg(join(bench, 'node_modules', 'convnetjs', 'package.json')),
  };
}

async function main() {
  const started = performance.now();
  const machine = machineInfo();
  log(`Building the benchmark bundles (esbuild) into ${dist} ...`);
  await build();
  const environments = {};
  let workloads = [];
  if (envs.includes('node')) {
    log(`Node ${process.version}: one process per library (${libs.join(', ')})`);
    const env = await runNode();
    environments.node = { libraries: env.libraries, rows: env.rows };
    workloads = env.workloads;
  }
  let heap = null;
  if (runHeap) {
    log(`Heap check: NormLab W2-bn and W1, ${quick ? 400 : '10,000'} steps each (node --expose-gc)`);
    heap = await runHeapCheck();
  }
  if (envs.includes('chromium')) {
    log('Chromium: one Web Worker per library');
    const env = await runChromium(machine);
    environments.chromium = { libraries: env.libraries, rows: env.rows };
    workloads = env.workloads;
  }
  // W4's ceiling on this machine, measured in the same run (node; Chromium runs the same V8).
  const peak = !only || only.includes('W4') ? await simdPeak(root) : null;
  machine.loadEnd = loadavg();
  const results = {
    date: new Date().toISOString(),
    quick,
    wallSeconds: (performance.now() - started) / 1000,
    machine,
    versions: versions(),
    labels: LABELS,
    timing,
    workloads,
    environments,
    heap,
    simdPeak: peak,
  };
  const report = markdown(results);
  mkdirSync(resultsDir, { recursive: true });
  const [json, md] = [outName('latest', 'json'), outName('BENCHMARKS', 'md')];
  writeFileSync(join(resultsDir, json), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(resultsDir, md), report);
  log(`\n${report}`);
  log(`Wrote bench/results/${json} and bench/results/${md}.`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
