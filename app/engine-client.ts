// Starts engine workers. The worker's code lives in engine/; Vite bundles it as an ES module
// worker in dev, in Vitest browser mode and in the production build.

import { useEffect, useState } from 'react';
import type { EngineEvent } from '#engine';

/** Starts a new engine worker. */
export function createEngineWorker(): Worker {
  return new Worker(new URL('../engine/worker/runtime.worker.ts', import.meta.url), {
    type: 'module',
    name: 'engine',
  });
}

export type EngineStatus =
  | { state: 'starting' }
  | { state: 'ready'; sample: number[]; roundTripMs: number }
  | { state: 'error'; message: string };

/** Seed of the start-up handshake; the page shows the reply so a test can compare with node. */
export const HANDSHAKE_SEED = 42;

/**
 * Proves the worker plumbing at start-up: one `hello` round trip. Reports an error state
 * (never a blank page) if the worker cannot start or answers with an error.
 */
export function useEngineStatus(): EngineStatus {
  const [status, setStatus] = useState<EngineStatus>({ state: 'starting' });
  useEffect(() => {
    let worker: Worker;
    try {
      worker = createEngineWorker();
    } catch (err) {
      setStatus({ state: 'error', message: `could not start the engine worker: ${String(err)}` });
      return;
    }
    const started = performance.now();
    worker.onmessage = (message: MessageEvent<EngineEvent>) => {
      const event = message.data;
      if (event.type === 'hello') {
        setStatus({ state: 'ready', sample: event.sample, roundTripMs: performance.now() - started });
      } else if (event.type === 'error') {
        setStatus({ state: 'error', message: event.message });
      }
      // The handshake worker has done its job: don't keep an idle worker alive beside the pool.
      worker.terminate();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      setStatus({
        state: 'error',
        message: `the engine worker failed to load: ${event.message || 'unknown error'}`,
      });
    };
    worker.postMessage({ type: 'hello', seed: HANDSHAKE_SEED });
    return () => worker.terminate();
  }, []);
  return status;
}
