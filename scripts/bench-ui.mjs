// UI/runtime benchmark in headless Chromium against the production build: two runs racing at
// full speed with their charts streaming. Reports the page's frame-time p95, long tasks
// (> 50 ms on the main thread) and the race's pace as a ratio of the bare engine on the same
// workload (the same runs, each in its own worker, all at once, one `step` message each, no page;
// measured before and after the Lab and averaged).
// Not a test: it prints figures.
// Usage: npm run build && node scripts/bench-ui.mjs [seconds per window]
//   UI_QUERY='v=1&...'  race another experiment, e.g. one run: UI_QUERY='v=1&dataset=spiral&norm=batchnorm'
//   UI_SCROLL='Activation distributions'  measure with that text (a view's title) scrolled into view
//   UI_WINDOWS=3  Lab windows, alternating with bare-engine windows
//   UI_BARE_STEPS=20000  steps per bare-engine measurement (the warm-up is a fortieth of it);
//     the Lab's largest settings (six 10×256 MLPs at batch 256) need ~20; 0 skips it (no pace ratio)
//   UI_PORT=4177  the port `vite preview` serves the build on
//   UI_TRACE=1  also record a Chromium trace of each Lab window and report the page's main-thread
//     tasks by CPU time (thread time, robust to other load on the machine, unlike wall time):
//     the longest ones after pressing Play and what ran in them

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { benchChromium, root, startPreview } from './lib.mjs';

const seconds = Number(process.argv[2] ?? 8);
const windows = Number(process.env.UI_WINDOWS ?? 3);
/** A view heading to scroll to before measuring (default: the top of the Lab). */
const scrollTo = process.env.UI_SCROLL ?? '';
const port = Number(process.env.UI_PORT ?? 4177);
const trace = process.env.UI_TRACE === '1';
const query = process.env.UI_QUERY ?? 'v=1&dataset=spiral&compare=norm&values=none,batchnorm';
const bareSteps = Number(process.env.UI_BARE_STEPS ?? 20000);

if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.error('No production build: run `npm run build` first.');
  process.exit(1);
}
const worker = readdirSync(join(root, 'dist', 'assets')).find((f) => /^runtime\.worker-.*\.js$/.test(f));
const server = startPreview(port);
const base = server.url;
const executablePath = benchChromium();

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

const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
  'v8.execute',
  'blink',
];
/** Events inside a task worth naming (the task itself and generic wrappers are not). */
const WRAPPERS = new Set([
  'RunTask',
  'ThreadControllerImpl::RunTask',
  'ThreadController::Task',
  'SequenceManager::DoWork',
]);

/**
 * The page's main-thread tasks in a Chromium trace, by thread (CPU) time: every task after the
 * `bench-play` mark but the bench's own DevTools calls, split into the 1.5 s after Play and the rest, each with the events that
 * took most of its CPU time (inclusive times, so nested events overlap).
 */
function mainThreadTasks(traceJson) {
  const events = traceJson.traceEvents ?? traceJson;
  const mark = events.find((e) => e.name === 'bench-play');
  const pid = mark?.pid;
  const tid = events.find(
    (e) => e.pid === pid && e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )?.tid;
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = mine
    .filter((e) => e.name === 'RunTask' && e.ts >= (mark?.ts ?? 0))
    .sort((a, b) => a.ts - b.ts);
  // Nested RunTasks (a task run inside another) count once: keep the outermost.
  const outer = [];
  for (const t of tasks)
    if (!outer.length || t.ts >= outer[outer.length - 1].ts + outer[outer.length - 1].dur) outer.push(t);
  // The bench's own Playwright calls (reading the status line, pressing Play) arrive as DevTools
  // messages: not the page's work, left out.
  const devtools = mine.filter(
    (e) => e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession',
  );
  const top = outer.filter((t) => !devtools.some((d) => d.ts >= t.ts && d.ts < t.ts + t.dur));
  const describe = (t) => {
    const inside = new Map();
    for (const e of mine) {
      if (e === t || WRAPPERS.has(e.name) || e.ts < t.ts || e.ts + e.dur > t.ts + t.dur) continue;
      inside.set(e.name, (inside.get(e.name) ?? 0) + (e.tdur ?? e.dur));
    }
    const parts = [...inside].sort((a, b) => b[1] - a[1]).slice(0, 5);
    return {
      atMs: Math.round((t.ts - mark.ts) / 1000),
      cpuMs: Math.round((t.tdur ?? t.dur) / 100) / 10,
      wallMs: Math.round(t.dur / 100) / 10,
      inside: parts.map(([name, us]) => `${name} ${(us / 1000).toFixed(1)}`).join(', '),
    };
  };
  const byCpu = (list) => [...list].sort((a, b) => (b.tdur ?? b.dur) - (a.tdur ?? a.dur));
  const startup = top.filter((t) => t.ts < mark.ts + 1.5e6);
  const steady = top.filter((t) => t.ts >= mark.ts + 1.5e6);
  return {
    startup: byCpu(startup).slice(0, 4).map(describe),
    steady: byCpu(steady).slice(0, 4).map(describe),
    steadyOver50: steady.filter((t) => (t.tdur ?? t.dur) > 50e3).length,
    steadyTasks: steady.length,
    devtoolsTasks: outer.length - top.length,
  };
}

try {
  await server.ready();
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
    if (bareSteps === 0) return [Number.NaN];
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
          w.postMessage({ type: 'step', count: Math.max(1, Math.round(steps / 40)), round: 0 });
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
      { url: `${base}assets/${worker}`, steps: bareSteps, runConfigs },
    );
  };
  // The Lab: the runs at full speed, charts streaming (optionally scrolled to a view).
  const measureLab = async () => {
    await page.goto(`${base}#/lab?${query}`);
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    // Let the Lab finish loading (the workers' configure replies draw the networks), so the
    // figures after pressing Play are about training, not about loading.
    await page.waitForTimeout(500);
    if (scrollTo) await page.getByText(scrollTo).first().scrollIntoViewIfNeeded();
    // Full speed: the Lab's default pace trains its first 500 steps slowly (to show the early
    // steps), which would measure the pace, not the page. Set without scrolling, like Play.
    await page
      .getByRole('combobox', { name: 'Speed' })
      .first()
      .evaluate((select) => {
        select.value = 'full';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
    await page.evaluate(() => {
      window.__frames = [];
      window.__long = [];
      window.__loaf = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
      // Long animation frames say which scripts ran in a long frame (for finding its cause).
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.duration <= 50) continue;
          const scripts = e.scripts.map((x) => `${x.invoker} ${Math.round(x.duration)} ms`).join(', ');
          const render = e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0;
          window.__loaf.push(
            `${Math.round(e.duration)} ms frame: ${scripts || 'no script'}; rendering ${render} ms`,
          );
        }
      }).observe({ type: 'long-animation-frame', buffered: false });
      let last = performance.now();
      const tick = (t) => {
        window.__frames.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // The status line's step: every run of a lockstep race is at it.
    const stepsNow = async () => {
      const text = await page.locator('.status').first().textContent();
      return Number(/step ([\d,]+)/.exec(text ?? '')?.[1].replace(/,/g, '') ?? Number.NaN);
    };
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.evaluate(() => performance.mark('bench-play'));
    // Pressed without Playwright's click, which scrolls the button into view: the page stays
    // where UI_SCROLL put it (the Play button is not sticky at 1280×800).
    await page.getByRole('button', { name: 'Play', exact: true }).evaluate((b) => b.click());
    await page.waitForTimeout(1500); // warm-up: round sizes settle
    // Not part of the steady-state figures, reported apart: the workers ramp up to full rounds
    // and every view draws its first data.
    const startup = await page.evaluate(() => window.__long.slice());
    await page.evaluate(() => {
      window.__frames = [];
      window.__long = [];
      window.__loaf = [];
    });
    const s0 = await stepsNow();
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const s1 = await stepsNow();
    const elapsed = (Date.now() - t0) / 1000;
    const { frames, long, loaf } = await page.evaluate(() => ({
      frames: window.__frames,
      long: window.__long,
      loaf: window.__loaf,
    }));
    // A run that diverged (or a pace that paused by itself) has already stopped: no Pause then.
    const pause = page.getByRole('button', { name: 'Pause', exact: true });
    if (await pause.isVisible()) await pause.click();
    let cpu = null;
    if (trace) {
      const raw = await browser.stopTracing();
      if (process.env.UI_TRACE_DIR)
        writeFileSync(join(process.env.UI_TRACE_DIR, `ui-trace-${Date.now()}.json`), raw);
      cpu = mainThreadTasks(JSON.parse(raw.toString()));
    }
    return { frames, long, loaf, startup, cpu, pace: (s1 - s0) / elapsed };
  };

  // This machine's speed drifts by ±10% from one minute to the next, so bare and Lab windows
  // alternate (bare, Lab, bare, Lab, …, bare) and each Lab window is compared with the mean of
  // the bare windows on either side of it.
  const bares = [await measureBare()];
  const labs = [];
  for (let k = 0; k < windows; k++) {
    labs.push(await measureLab());
    bares.push(await measureBare());
  }
  await browser.close();

  const frames = labs.flatMap((l) => l.frames);
  const long = labs.flatMap((l) => l.long);
  const longFrames = labs.flatMap((l) => l.loaf);
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN;
  const ratios = labs.map((l, k) => {
    const slowest = (Math.min(...bares[k]) + Math.min(...bares[k + 1])) / 2;
    return l.pace / slowest;
  });
  const medianRatio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  const result = {
    date: new Date().toISOString(),
    workload: query,
    scrolledTo: scrollTo || null,
    windows,
    secondsPerWindow: seconds,
    frames: frames.length,
    frameP50ms: sorted[Math.floor(sorted.length * 0.5)],
    frameP95ms: p95,
    longTasks: long.length,
    longestTaskMs: long.length ? Math.max(...long) : 0,
    longFrames,
    /** Tasks over 50 ms in the 1.5 s after each press of Play (ramp-up, first draws). */
    startupLongTasksMs: labs.map((l) => l.startup.map(Math.round)),
    /** With UI_TRACE=1: the longest main-thread tasks by CPU time, per window. */
    cpuTasks: trace ? labs.map((l) => l.cpu) : undefined,
    bareStepsPerSec: bares,
    paceStepsPerSec: labs.map((l) => l.pace),
    /** A lockstep race moves at its slowest run's pace: each window against the slowest bare run. */
    lockstepRatios: ratios,
    lockstepRatioMedian: medianRatio,
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const file = scrollTo ? `ui-latest-${scrollTo.toLowerCase().replace(/\W+/g, '-')}.json` : 'ui-latest.json';
  writeFileSync(join(root, 'bench', 'results', file), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `UI benchmark (${windows} × ${seconds} s, ${query}${scrollTo ? `, scrolled to "${scrollTo}"` : ''})`,
  );
  console.log(
    `  frame time p50 ${result.frameP50ms.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${frames.length} frames (target p95 <= 20 ms)`,
  );
  console.log(
    `  long tasks > 50 ms: ${long.length}${long.length ? ` (longest ${result.longestTaskMs.toFixed(0)} ms)` : ''} (target 0)`,
  );
  for (const f of longFrames) console.log(`    ${f}`);
  console.log(
    `  not in the figures above: tasks over 50 ms in the 1.5 s after pressing Play, per window: ${labs.map((l) => (l.startup.length ? l.startup.map((d) => `${Math.round(d)} ms`).join(' + ') : 'none')).join(' / ')}`,
  );
  console.log(
    `  bare engine, slowest run: ${bares.map((b) => Math.min(...b).toFixed(0)).join(' / ')} steps/s (each run in its own worker, all at once, no page)`,
  );
  console.log(
    `  race pace: ${labs.map((l) => l.pace.toFixed(0)).join(' / ')} steps/s = ${ratios.map((r) => `${r.toFixed(2)}x`).join(' / ')} the slowest run's bare speed; median ${medianRatio.toFixed(2)}x (target >= 0.80)`,
  );
  if (trace) {
    console.log('  main-thread tasks by CPU time (trace; ms, with what took most of it):');
    labs.forEach((l, k) => {
      const show = (t) => `${t.cpuMs} CPU / ${t.wallMs} wall at +${t.atMs} ms [${t.inside}]`;
      console.log(`    window ${k + 1}: after Play: ${l.cpu.startup.map(show).join('; ')}`);
      console.log(
        `      steady (${l.cpu.steadyOver50} of ${l.cpu.steadyTasks} over 50 ms CPU): ${l.cpu.steady.map(show).join('; ')}`,
      );
    });
  }
} finally {
  server.kill();
}
