// The start-up handshake: one `hello` request to a fresh engine worker proves the worker
// plumbing, and the page shows its reply (or an error state, never a blank page).

import { useEffect, useState } from 'react';
import { createEngineWorker, EngineClient, WorkerStopped } from './runtime/engine-client.ts';

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
    let client: EngineClient;
    try {
      client = new EngineClient(createEngineWorker());
    } catch (err) {
      setStatus({ state: 'error', message: `could not start the engine worker: ${String(err)}` });
      return;
    }
    const started = performance.now();
    const abort = new AbortController();
    client
      .request({ type: 'hello', seed: HANDSHAKE_SEED }, abort.signal)
      .then(
        (reply) =>
          setStatus({ state: 'ready', sample: reply.sample, roundTripMs: performance.now() - started }),
        (err: unknown) => {
          if (abort.signal.aborted) return;
          const message =
            err instanceof WorkerStopped
              ? `the engine worker failed to load: ${err.detail}`
              : err instanceof Error
                ? err.message
                : String(err);
          setStatus({ state: 'error', message });
        },
      )
      // The handshake worker has done its job: don't keep an idle worker alive beside the pool.
      .finally(() => client.close());
    return () => {
      abort.abort();
      client.close();
    };
  }, []);
  return status;
}
