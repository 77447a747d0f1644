// UI/runtime benchmark in headless Chromium against the production build: two runs racing at
// full speed with their charts streaming. Reports the page's frame-time p95, long tasks
// (> 50 ms on the main thread) and the race's pace as a ratio of the bare engine on the same
// workload (the same runs, each in its own worker, all at once, one `step` message each, no page;
// measured before and after the Lab and averaged).
// Not a test: it prints figures.
// Usage: npm run build && node scripts/bench-ui.mjs [seconds]   (UI_QUERY='v=1&...' to race another
// experiment, e.g. a single run: UI_QUERY='v=1&dataset=spiral&norm=batchnorm')

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { root } from './lib.mjs';

const seconds = Number(process.argv[2] ?? 10);
const port = 4177;
const base = `http://127.0.0.1:${port}/`;
const query = process.env.UI_QUERY ?? 'v=1&dataset=spiral&compare=norm&values=none,batchnorm';

if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.error('No production build: run `npm run build` first.');
  process.exit(1);
}
const worker = readdirSync(join(root, 'dist', 'assets')).find((f) => /^runtime\.worker-.*\.js$/.test(f));
// Node runs Vite directly (not through npx), so killing `server` really stops the server.
const server = spawn(
  process.execPath,
  [
    join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'preview',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--strictPort',
  ],
  { cwd: root, stdio: 'ignore' },
);
const executablePath = ['/usr/bin/chromium', process.env.CHROMIUM_PATH].find((p) => p && existsSync(p));

/** The experiment config from a canonical Lab URL: numbers where the value is numeric. */
function configFromUrl(url) {
  const params = new URLSearchParams(new URL(url).hash.split('?')[1]);
  const skip = new Set(['v', 'compare', 'values', 'sweep', 'sweepValues', 'sweepSteps', 'step']);
  const config = {};
  for (const [key, value] of params) {
    if (skip.has(key)) continue;
    config[key] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return config;
}

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('vite preview did not start');
}

try {
  await waitForServer();
  const browser = await chromium.launch({ executablePath });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

  // Bare engine, the same workload: each run of the race in its own worker, all at once, each
  // given one big `step` message (no page work, no rounds, no observations, one snapshot).
  // The experiment config as the Lab itself writes it (its canonical URL), so this script never
  // keeps a copy of the defaults.
  await page.goto(`${base}#/lab?${query}`);
  await page.waitForURL(/&seed=\d+/); // the canonical rewrite lists every key
  const labConfig = configFromUrl(page.url());
  const params = new URLSearchParams(query);
  const knob = params.get('compare');
  const runConfigs = knob
    ? (params.get('values') ?? '')
        .split(',')
        .map((v) => ({ ...labConfig, [knob]: Number.isFinite(Number(v)) ? Number(v) : v }))
    : [labConfig];
  const measureBare = async () => {
    await page.goto(base);
    return page.evaluate(
      async ({ url, steps, runConfigs }) => {
        const observe = {
          layer: 0,
          unit: 0,
          activations: false,
          channels: false,
          diagnostics: false,
          inspector: false,
          boundary: 0,
        };
        const one = async (config, i) => {
          const w = new Worker(url, { type: 'module' });
          const reply = (type) =>
            new Promise((resolve) => {
              w.onmessage = (e) => e.data.type === type && resolve(e.data);
            });
          w.postMessage({ type: 'configure', runs: [{ id: `run${i}`, config }], observe, evalEvery: 25 });
          await reply('configured');
          w.postMessage({ type: 'step', count: 500, round: 0 });
          await reply('stepped');
          const t0 = performance.now();
          w.postMessage({ type: 'step', count: steps, round: 1 });
          await reply('stepped');
          const ms = performance.now() - t0;
          w.terminate();
          return (steps / ms) * 1000;
        };
        return Promise.all(runConfigs.map(one));
      },
      { url: `${base}assets/${worker}`, steps: 20000, runConfigs },
    );
  };
  const bareBefore = await measureBare();

  // The Lab: the runs at full speed, charts streaming.
  await page.goto(`${base}#/lab?${query}`);
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await page.evaluate(() => {
    window.__frames = [];
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // The status line's step: every run of a lockstep race is at it (the run table below the
  // fold only renders when scrolled into view).
  const stepsNow = async () => {
    const text = await page.locator('.status').first().textContent();
    return Number(/step ([\d,]+)/.exec(text ?? '')?.[1].replace(/,/g, '') ?? Number.NaN);
  };
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1500); // warm-up: round sizes settle
  await page.evaluate(() => {
    window.__frames = [];
    window.__long = [];
  });
  const s0 = await stepsNow();
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const s1 = await stepsNow();
  const elapsed = (Date.now() - t0) / 1000;
  const { frames, long } = await page.evaluate(() => ({ frames: window.__frames, long: window.__long }));
  await page.getByRole('button', { name: 'Pause', exact: true }).click();

  // The bare speed is measured again after the Lab (this machine's speed drifts by ~10% over a
  // minute): the ratio is against the mean of both.
  const bareAfter = await measureBare();
  await browser.close();

  const bare = bareBefore.map((b, i) => (b + bareAfter[i]) / 2);
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN;
  const pace = (s1 - s0) / elapsed;
  const slowest = Math.min(...bare);
  const result = {
    date: new Date().toISOString(),
    workload: query,
    seconds: elapsed,
    frames: frames.length,
    frameP50ms: sorted[Math.floor(sorted.length * 0.5)],
    frameP95ms: p95,
    longTasks: long.length,
    longestTaskMs: long.length ? Math.max(...long) : 0,
    bareStepsPerSec: { before: bareBefore, after: bareAfter },
    /** Steps per second of the race (every run of a lockstep race moves at this pace). */
    paceStepsPerSec: pace,
    /** A lockstep race moves at its slowest run's pace: compare that pace with the slowest bare run. */
    lockstepRatio: pace / slowest,
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'ui-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`UI benchmark (${elapsed.toFixed(1)} s, ${query})`);
  console.log(
    `  frame time p50 ${result.frameP50ms.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${frames.length} frames (target p95 <= 20 ms)`,
  );
  console.log(
    `  long tasks > 50 ms: ${long.length}${long.length ? ` (longest ${result.longestTaskMs.toFixed(0)} ms)` : ''} (target 0)`,
  );
  bare.forEach((_, i) => {
    console.log(
      `  run ${i + 1} bare: ${bareBefore[i].toFixed(0)} / ${bareAfter[i].toFixed(0)} steps/s before / after (all runs in their own workers at once, no page)`,
    );
  });
  console.log(
    `  lockstep pace ${pace.toFixed(0)} steps/s = ${(pace / slowest).toFixed(2)}x the slowest run's bare speed (target >= 0.80)`,
  );
} finally {
  server.kill();
}
