// Journey: deploys and a dead network do not break open tabs. The production build is served by a
// small static server of this test's own (on a free loopback port), which can switch to a second
// build (a deploy whose engine worker file has a new name) or stop answering altogether.

import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { openApp } from './pages.ts';

const DIST = join(import.meta.dirname, '..', 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.bin': 'application/octet-stream',
};

/** A static server over `root`, switchable to another build or to never answering. */
async function startServer(root: string) {
  const state = { root, hang: false };
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    if (state.hang) return; // accept the connection, never answer
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = normalize(join(state.root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(state.root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    state,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A copy of the build as the next deploy: the engine worker file renamed, a new cache version. */
function nextDeploy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'normlab-deploy-'));
  cpSync(DIST, dir, { recursive: true });
  const assets = join(dir, 'assets');
  const worker = readdirSync(assets).find((f) => /^runtime\.worker-.*\.js$/.test(f));
  if (!worker) throw new Error('no engine worker file in dist/assets');
  const renamed = 'runtime.worker-nextdeploy.js';
  renameSync(join(assets, worker), join(assets, renamed));
  const texts = [
    join(dir, 'index.html'),
    join(dir, 'sw.js'),
    ...readdirSync(assets).map((f) => join(assets, f)),
  ];
  for (const file of texts.filter((f) => /\.(js|html)$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    const next = text
      .replaceAll(worker, renamed)
      .replace(/(const CACHE = [^;]*)([0-9a-f]{12})'/, "$1$2next'");
    if (next !== text) writeFileSync(file, next);
  }
  return dir;
}

/** Waits until a service worker controls the page and has finished activating. */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
  });
}

/**
 * The app caches' names, once the newest version has finished installing (its precache complete:
 * the new cache's name exists from the start of its install) and is active.
 */
async function appCaches(page: Page, endsWith: string): Promise<string[]> {
  return page.evaluate(async (suffix) => {
    for (let i = 0; i < 200; i++) {
      const keys = await caches.keys();
      const registration = await navigator.serviceWorker.getRegistration();
      if (
        keys.some((k) => k.endsWith(suffix)) &&
        registration?.active?.state === 'activated' &&
        !registration.installing &&
        !registration.waiting
      )
        return keys;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return caches.keys();
  }, endsWith);
}

test('a tab opened before a deploy keeps working; data survives the update; a silent server falls back to the cache', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const next = nextDeploy();
  const server = await startServer(DIST);
  try {
    // The old tab: the Lab on the first build, its data file fetched once.
    await openApp(page, `${server.url}#/lab`);
    await expect(page.getByRole('heading', { level: 1, name: 'The Lab' })).toBeVisible();
    await controlled(page);
    await page.evaluate(async () => (await fetch('generated/mnist-v1.bin')).arrayBuffer());

    // Deploy: a second tab loads the new build, whose service worker takes over both tabs.
    server.state.root = next;
    const tab2 = await context.newPage();
    await openApp(tab2, `${server.url}#/lessons`);
    await expect(tab2.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
    const keys = await appCaches(tab2, 'next');
    expect(keys.some((k) => k.endsWith('next'))).toBe(true);

    // The old tab starts a comparison, which needs its own (old) engine worker file again.
    await page.evaluate(() => {
      window.location.hash = '#/lab?v=1&compare=norm&values=none,batchnorm';
    });
    await page.getByRole('button', { name: 'Step ×10', exact: true }).click();
    await expect(page.locator('.status')).toContainText('step 10');
    await expect(page.locator('.status')).not.toContainText(/stopped|error/i);

    // The data cache outlived the update.
    const data = await tab2.evaluate(async () => (await (await caches.open('normlab-data')).keys()).length);
    expect(data).toBe(1);

    // Query addresses do not add cache entries (the cache is keyed by path).
    const count = () =>
      tab2.evaluate(async () => {
        const name = (await caches.keys()).find((k) => k.endsWith('next'));
        return name ? (await (await caches.open(name)).keys()).length : -1;
      });
    const before = await count();
    for (let i = 1; i <= 5; i++) {
      const url = `${server.url}?visit=${i}#/lessons`;
      // Once in a full parallel run on the 2-core CI machine, one of these navigations never got
      // a response (neither the page nor its service worker’s fetch; the trace shows both pending)
      // and the journey timed out; it has not reproduced alone or under load since. A stalled
      // navigation is retried once, and the retry is reported on the test; a real hang still
      // fails.
      try {
        await tab2.goto(url, { timeout: 20_000 });
      } catch (error) {
        test.info().annotations.push({ type: 'retried navigation', description: `${url}: ${error}` });
        await tab2.goto(url, { timeout: 20_000 });
      }
      await expect(tab2.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible();
    }
    expect(await count()).toBe(before);

    // The server accepts connections but never answers: a reload shows the cached app quickly.
    server.state.hang = true;
    const started = Date.now();
    await tab2.reload({ waitUntil: 'commit', timeout: 20_000 });
    await expect(tab2.getByRole('heading', { level: 1, name: 'The course' })).toBeVisible({
      timeout: 20_000,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    server.state.hang = false;
    await tab2.close();
  } finally {
    await server.close();
    rmSync(next, { recursive: true, force: true });
  }
});
