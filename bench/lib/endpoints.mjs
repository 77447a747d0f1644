// Endpoints: one per library and environment, each answering suite.ts commands.
// - node: a child process (dist/node-main.cjs) per library, over the IPC channel;
// - chromium: a Web Worker (dist/worker-main.js) per library inside one headless page.
// Each has send(command) -> Promise<reply> and close().

import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';

const COMMAND_TIMEOUT_MS = 300_000;

/** TF.js prints a banner in node suggesting tfjs-node; keep the console readable. */
const NOISE = [/^=+\s*$/, /Hi there .*TensorFlow\.js in Node\.js/];

function forwardLines(stream, prefix, sink) {
  createInterface({ input: stream }).on('line', (line) => {
    if (!NOISE.some((re) => re.test(line))) sink(`${prefix}${line}`);
  });
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${COMMAND_TIMEOUT_MS / 1000} s`)),
      COMMAND_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Forks dist/node-main.cjs for one library and waits for it to load. */
export async function nodeEndpoint(script, lib, log) {
  const child = fork(script, ['--lib', lib], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  forwardLines(child.stdout, `  [node ${lib}] `, log);
  forwardLines(child.stderr, `  [node ${lib}] `, log);
  let pending = null;
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.on('message', (message) => {
    const settle = pending;
    pending = null;
    settle?.resolve(message);
  });
  child.once('exit', (code) => {
    pending?.reject(new Error(`node endpoint ${lib} exited with code ${code}`));
    pending = null;
  });
  const next = (what) =>
    withTimeout(
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
      }),
      what,
    );
  const ready = await next(`starting ${lib}`);
  if (ready.type !== 'ready') throw new Error(`node endpoint ${lib}: ${JSON.stringify(ready)}`);
  return {
    send(command) {
      const reply = next(`${lib} ${command.type}`);
      child.send(command);
      return reply;
    },
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}

/** Starts a Worker for one library in the page and waits for it to load. */
export async function browserEndpoint(page, lib, wasmPath) {
  const ready = await withTimeout(
    page.evaluate(
      ({ lib, wasmPath }) => {
        globalThis.__benchWorkers ??= {};
        const worker = new Worker('/dist/worker-main.js');
        globalThis.__benchWorkers[lib] = worker;
        return new Promise((resolve) => {
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => resolve({ type: 'error', message: event.message ?? 'worker error' });
          worker.postMessage({ lib, wasmPath });
        });
      },
      { lib, wasmPath },
    ),
    `starting ${lib} in Chromium`,
  );
  if (ready.type !== 'ready')
    throw new Error(`browser endpoint ${lib}: ${ready.message ?? JSON.stringify(ready)}`);
  return {
    send(command) {
      return withTimeout(
        page.evaluate(
          ({ lib, command }) =>
            new Promise((resolve) => {
              const worker = globalThis.__benchWorkers[lib];
              worker.onmessage = (event) => resolve(event.data);
              worker.postMessage(command);
            }),
          { lib, command },
        ),
        `${lib} ${command.type} in Chromium`,
      );
    },
    async close() {
      await page.evaluate((lib) => {
        globalThis.__benchWorkers[lib].terminate();
        delete globalThis.__benchWorkers[lib];
      }, lib);
    },
  };
}
