// Load benchmark in headless Chromium against the production build: first contentful paint and
// time to interactive of the home page, a lesson (#/lessons/4) and the Lab, cold (a fresh browser
// profile: empty HTTP cache, no service worker) and warm (a reload in the same profile, after the
// first visit's service worker has cached the app), plus the gzipped JavaScript each page's first
// paint needs (scripts/first-load.mjs). Not a test: it prints figures (medians of the runs).
//
// Time to interactive, as measured here (after Lighthouse's definition, simplified): the page's
// <h1> is on screen and the main thread then stays free of long tasks (> 50 ms) for QUIET_MS; the
// figure is the later of the <h1>'s appearance and the end of the last long task before that quiet
// window. Pages that train at once (the home hero) keep the main thread busy on purpose; their
// figure is when the first paint's work settles enough for a click to be answered at once.
//
// Also the load event (when `page.goto` returns) and the <h1>: with each page in its own chunk the
// page's code runs after the load event, so a journey's wait for the page starts before it shows.
//
// The home hero's first live point (cold and warm): from navigation start to its loss chart
// drawing the race's first recorded step.
//
// Lesson time to effect (lessons 4 and 7, cold): from navigation start to the lesson's chart showing
// its effect, i.e. the reader opens `#/lessons/N`, presses Play as soon as it can be pressed, and
// training pauses by itself at the lesson's checkpoint (the status reads "Paused · step <stopAt>",
// where the lesson's claim is checked). Reported with the moment Play could be pressed ("ready").
//
// Usage: npm run build && node scripts/bench-load.mjs [runs] [dist …]
//   several build folders (e.g. another checkout's dist) are measured in turn, run by run, so a
//   drifting machine load affects each alike. LOAD_PORT (default 4178) and up serve them.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';
import { firstLoad } from './first-load.mjs';
import { benchChromium, root, startPreview } from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const dists = (process.argv.length > 3 ? process.argv.slice(3) : ['dist']).map((d) => resolve(root, d));
const basePort = Number(process.env.LOAD_PORT ?? 4178);
const QUIET_MS = 1000;
const GIVE_UP_MS = 20_000;
/** The lessons whose time to effect is measured, with their checkpoints (lesson-N/preset.ts stopAt). */
const EFFECT_LESSONS = [
  { id: 4, stopAt: 150 },
  { id: 7, stopAt: 200 },
];
const EFFECT_GIVE_UP_MS = 180_000;
const PAGES = [
  { name: 'home', label: '/', hash: '' },
  { name: 'lesson', label: '#/lessons/4', hash: '#/lessons/4' },
  { name: 'lab', label: '#/lab', hash: '#/lab' },
];

for (const dist of dists) {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`No production build in ${dist}: run \`npm run build\` first.`);
    process.exit(1);
  }
}

const servers = dists.map((dist, i) => startPreview(basePort + i, dist));
const urlOf = (i) => servers[i].url;
const executablePath = benchChromium();

/** Records paints, long tasks and the moment the page's <h1> appears, from the first byte on. */
function instrument() {
  const probe = { longTasks: [], h1: null, heroPoint: null };
  window.__load = probe;
  // The home hero's first live point: its loss chart hides "Starting the engine…" when it draws
  // the first recorded step. Only on the home page: elsewhere the observer would run on every
  // streamed chart update and weigh on the figures it sits beside.
  const home = location.hash === '' || location.hash === '#/';
  if (home)
    new MutationObserver((_, observer) => {
      if (document.querySelector('.hero .chart-empty')?.hidden) {
        probe.heroPoint = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (probe.h1 === null && document.querySelector('main h1')) {
      probe.h1 = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

/** FCP and TTI (ms from navigation start) of the page now loading. */
async function measure(page, { hero = false } = {}) {
  await page.waitForFunction(() => window.__load?.h1 !== null, null, { timeout: GIVE_UP_MS });
  if (hero)
    await page
      .waitForFunction(() => window.__load.heroPoint !== null, null, { timeout: GIVE_UP_MS })
      .catch(() => {});
  // Wait for QUIET_MS without a long task (or give up), then read the figures.
  const result = await page.evaluate(
    ({ quiet, giveUp }) =>
      new Promise((resolveResult) => {
        const probe = window.__load;
        const check = () => {
          const now = performance.now();
          const lastEnd = Math.max(probe.h1, ...probe.longTasks.map(([, end]) => end));
          if (now - lastEnd >= quiet || now > giveUp) {
            const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
            const load = performance.getEntriesByType('navigation')[0]?.loadEventStart ?? Number.NaN;
            resolveResult({
              fcp,
              tti: now > giveUp ? Number.NaN : Math.max(fcp, lastEnd),
              load,
              h1: probe.h1,
              heroPoint: probe.heroPoint ?? Number.NaN,
            });
          } else setTimeout(check, 100);
        };
        check();
      }),
    { quiet: QUIET_MS, giveUp: GIVE_UP_MS },
  );
  return result;
}

/** Lesson `id` opened cold: when Play can be pressed, and when training pauses at `stopAt`. */
async function timeToEffect(page, url, { id, stopAt }) {
  await page.goto(`${url}#/lessons/${id}`);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.waitFor({ state: 'visible', timeout: EFFECT_GIVE_UP_MS });
  await page.waitForFunction((el) => el && !el.disabled, await play.elementHandle(), {
    timeout: EFFECT_GIVE_UP_MS,
  });
  const ready = await page.evaluate(() => performance.now());
  await play.click();
  const paused = `Paused · step ${stopAt.toLocaleString('en-US')}`;
  const effect = await page.waitForFunction(
    (text) => (document.querySelector('.status')?.textContent?.includes(text) ? performance.now() : 0),
    paused,
    { timeout: EFFECT_GIVE_UP_MS, polling: 50 },
  );
  return { ready, effect: await effect.jsonValue() };
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  await Promise.all(servers.map((s) => s.ready()));
  const browser = await chromium.launch({ executablePath });
  /** figures[dist][page][cold|warm] = { fcp: [], tti: [] } */
  const figures = dists.map(() =>
    Object.fromEntries(
      PAGES.map((p) => [
        p.name,
        {
          cold: { fcp: [], tti: [], load: [], h1: [], heroPoint: [] },
          warm: { fcp: [], tti: [], load: [], h1: [], heroPoint: [] },
        },
      ]),
    ),
  );
  /** effects[dist][lesson] = { ready: [], effect: [] } */
  const effects = dists.map(() =>
    Object.fromEntries(EFFECT_LESSONS.map((l) => [l.id, { ready: [], effect: [] }])),
  );
  for (let run = 0; run < runs; run++) {
    for (const p of PAGES) {
      for (let i = 0; i < dists.length; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.addInitScript(instrument);
        const page = await context.newPage();
        await page.goto(`${urlOf(i)}${p.hash}`);
        const hero = p.name === 'home';
        const cold = await measure(page, { hero });
        // The first visit's service worker has cached the app once it controls the page.
        await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
          timeout: GIVE_UP_MS,
        });
        await page.goto('about:blank');
        await page.goto(`${urlOf(i)}${p.hash}`);
        const warm = await measure(page, { hero });
        await context.close();
        for (const [kind, m] of [
          ['cold', cold],
          ['warm', warm],
        ]) {
          for (const key of ['fcp', 'tti', 'load', 'h1', 'heroPoint'])
            figures[i][p.name][kind][key].push(m[key]);
        }
      }
    }
    for (const lesson of EFFECT_LESSONS) {
      for (let i = 0; i < dists.length; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const t = await timeToEffect(page, urlOf(i), lesson).catch(() => ({
          ready: Number.NaN,
          effect: Number.NaN,
        }));
        await context.close();
        effects[i][lesson.id].ready.push(t.ready);
        effects[i][lesson.id].effect.push(t.effect);
      }
    }
  }
  await browser.close();

  const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
  console.log(`Load times, median of ${runs} runs (Chromium, production build on localhost)`);
  for (let i = 0; i < dists.length; i++) {
    console.log(`\n${dists[i]}`);
    console.log(
      'page          first-load JS (gzip)   FCP cold   TTI cold   FCP warm   TTI warm   load cold   h1 cold',
    );
    for (const p of PAGES) {
      const js = firstLoad(dists[i], p.name).gzip;
      const f = figures[i][p.name];
      console.log(
        [
          p.label.padEnd(13),
          `${(js / 1024).toFixed(0)} KB`.padStart(20),
          ms(median(f.cold.fcp)).padStart(10),
          ms(median(f.cold.tti)).padStart(10),
          ms(median(f.warm.fcp)).padStart(10),
          ms(median(f.warm.tti)).padStart(10),
          ms(median(f.cold.load)).padStart(11),
          ms(median(f.cold.h1)).padStart(9),
        ].join(' '),
      );
    }
    const home = figures[i].home;
    console.log(
      `home hero's first live point (its loss chart's first step): cold ${ms(median(home.cold.heroPoint))}, ` +
        `warm ${ms(median(home.warm.heroPoint))}; cold runs: ${home.cold.heroPoint.map((x) => ms(x)).join(', ')}`,
    );
    for (const lesson of EFFECT_LESSONS) {
      const e = effects[i][lesson.id];
      console.log(
        `lesson ${lesson.id} time to effect (cold, to "Paused · step ${lesson.stopAt}"): ${ms(median(e.effect))}` +
          ` (Play ready at ${ms(median(e.ready))}); runs: ${e.effect.map((x) => ms(x)).join(', ')}`,
      );
    }
  }
} finally {
  for (const server of servers) server.kill();
}
