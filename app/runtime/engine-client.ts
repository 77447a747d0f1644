// The one typed way to talk to an engine worker: `post` sends a command that answers with
// nothing or with a stream (configure, step, set, observe, data); `request` sends a command that
// answers with exactly one reply (REPLY_TYPE in the protocol) and returns it as a Promise,
// cancellable with an AbortSignal. Every other event goes to `onEvent`. When the worker fails or
// is closed, every pending request rejects: a caller never waits for a reply that cannot come.

import { type Command, type EngineEvent, REPLY_TYPE, type ReplyTo, type Request } from '#engine';

/** The subset of Worker the client uses (a fake in node tests). */
export interface WorkerLike {
  postMessage(message: Command, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<EngineEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Starts a new engine worker (Vite bundles it as an ES module worker in dev, tests and build). */
export function createEngineWorker(): Worker {
  return new Worker(new URL('../../engine/worker/runtime.worker.ts', import.meta.url), {
    type: 'module',
    name: 'engine',
  });
}

/** A request's rejection when the engine answered it with an `error` event. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly runId: string | null,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The rejection of every pending request when the worker itself fails (to load, or later). */
export class WorkerStopped extends Error {
  constructor(readonly detail: string) {
    super(`an engine worker stopped: ${detail}`);
    this.name = 'WorkerStopped';
  }
}

export interface EngineClientOptions {
  /**
   * Every event that is not a pending request's reply. An `error` that answers a request rejects
   * that request and is reported here too: the page shows every engine error.
   */
  onEvent?: (event: EngineEvent) => void;
  /** The worker stopped (failed to load or crashed); pending requests are rejected first. */
  onFailure?: (message: string) => void;
}

interface Pending {
  replyType: string;
  resolve: (event: EngineEvent) => void;
  reject: (reason: unknown) => void;
}

export class EngineClient {
  onEvent: (event: EngineEvent) => void;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed: string | null = null;

  constructor(
    private readonly worker: WorkerLike,
    private readonly options: EngineClientOptions = {},
  ) {
    this.onEvent = options.onEvent ?? (() => {});
    worker.onmessage = (message) => this.receive(message.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.fail(new WorkerStopped(event.message || 'unknown error'));
    };
  }

  /** Requests awaiting their reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends a command whose answers (if any) arrive through `onEvent`. Ignored once closed. */
  post(command: Command, transfer?: Transferable[]): void {
    if (this.closed === null) this.worker.postMessage(command, transfer);
  }

  /**
   * Sends a request and resolves with its reply; rejects with an EngineError if the engine
   * answers with an error, with the signal's reason if aborted first (the reply is then
   * ignored), and when the worker fails or is closed.
   */
  request<R extends Request>(command: R, signal?: AbortSignal): Promise<ReplyTo<R>> {
    if (this.closed !== null) return Promise.reject(new Error(this.closed));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const requestId = this.nextId++;
    return new Promise<ReplyTo<R>>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(requestId);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(requestId, {
        replyType: REPLY_TYPE[command.type],
        resolve: (event) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(event as ReplyTo<R>);
        },
        reject: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      });
      this.worker.postMessage({ ...command, requestId });
    });
  }

  /** Terminates the worker; pending requests reject with `reason`. */
  close(reason = 'the engine worker was closed'): void {
    this.worker.terminate();
    if (this.closed !== null) return;
    this.closed = reason;
    this.rejectAll(new Error(reason));
  }

  private fail(error: WorkerStopped): void {
    if (this.closed !== null) return;
    this.closed = error.message;
    this.rejectAll(error);
    this.options.onFailure?.(error.message);
  }

  private rejectAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }

  private receive(event: EngineEvent): void {
    if (this.closed !== null) return;
    const requestId = 'requestId' in event ? event.requestId : undefined;
    if (requestId !== undefined) {
      const waiting = this.pending.get(requestId);
      if (event.type !== 'error') {
        // A reply goes to its request only; a cancelled request's reply is dropped.
        if (waiting && event.type === waiting.replyType) {
          this.pending.delete(requestId);
          waiting.resolve(event);
        }
        return;
      }
      if (waiting) {
        this.pending.delete(requestId);
        waiting.reject(new EngineError(event.message, event.runId));
      }
    }
    this.onEvent(event);
  }
}
