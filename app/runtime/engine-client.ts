// The one typed way to talk to an engine worker: `post` sends a command that answers with
// nothing or with a stream (configure, step, set, observe, data); `request` sends a command that
// answers with exactly one reply (REPLY_TYPE in the protocol) and returns it as a Promise,
// cancellable with an AbortSignal. Every other event goes to `onEvent`. When the worker fails, is
// closed or is declared unresponsive (by a caller's watchdog: a worker that stops without an error
// sends no event at all), every pending request rejects: a caller never waits for a reply that
// cannot come.

import { type Command, type EngineEvent, REPLY_TYPE, type ReplyTo, type Request } from '#engine';
import { OUTDATED_OR_OFFLINE } from '../ui/load-failure.ts';

/** The subset of Worker the client uses (a fake in node tests). */
export interface WorkerLike {
  postMessage(message: Command, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<EngineEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  /** A message from the worker could not be read (optional: fakes need not have it). */
  onmessageerror?: ((event: MessageEvent) => void) | null;
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

/**
 * How a worker stopped: `unloadable`, an error before it ever answered (its script did not load:
 * a missing file after a deploy, a dropped connection); `crashed`, an error (or an unreadable
 * message) after it had answered; `unresponsive`, no error but no answer either (a caller's
 * watchdog says so through `declareUnresponsive`).
 */
export type StopKind = 'unloadable' | 'crashed' | 'unresponsive';

/** The rejection of every pending request when the worker itself fails (to load, or later). */
export class WorkerStopped extends Error {
  constructor(
    readonly detail: string,
    readonly kind: StopKind = 'crashed',
  ) {
    super(`an engine worker ${kind === 'unloadable' ? 'could not load' : 'stopped'}: ${detail}`);
    this.name = 'WorkerStopped';
  }
}

/**
 * What a student reads when a worker stopped, with the way back: a reload when the engine cannot
 * load (the page's files are gone or out of date), Reset (fresh workers) otherwise.
 */
export function explainStop(stopped: Pick<WorkerStopped, 'kind' | 'detail' | 'message'>): string {
  switch (stopped.kind) {
    case 'unloadable':
      return `The engine could not load: ${OUTDATED_OR_OFFLINE}. Reload the page to continue.`;
    case 'unresponsive':
      return `The engine stopped responding (${stopped.detail}). Press Reset to start it again.`;
    case 'crashed':
      return `${stopped.message}. Press Reset to start a fresh engine.`;
  }
}

export interface EngineClientOptions {
  /**
   * Every event that is not a pending request's reply. An `error` that answers a request rejects
   * that request and is reported here too: the page shows every engine error.
   */
  onEvent?: (event: EngineEvent) => void;
  /** The worker stopped (failed to load, crashed, or declared unresponsive); pending requests are rejected first. */
  onFailure?: (stopped: WorkerStopped) => void;
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
  /** Whether the worker has sent anything: an error before that means its script did not load. */
  private heard = false;

  constructor(
    private readonly worker: WorkerLike,
    private readonly options: EngineClientOptions = {},
  ) {
    this.onEvent = options.onEvent ?? (() => {});
    worker.onmessage = (message) => this.receive(message.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.heard) this.fail(new WorkerStopped(event.message || 'unknown error'));
      else this.fail(new WorkerStopped(event.message || 'its script did not load', 'unloadable'));
    };
    worker.onmessageerror = () => this.fail(new WorkerStopped('a message from it could not be read'));
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

  /**
   * A caller's watchdog saw no answer well past its time: the worker is treated as stopped
   * (pending requests reject, onFailure reports it) and terminated. `detail` says what was missed.
   */
  declareUnresponsive(detail: string): void {
    this.worker.terminate();
    this.fail(new WorkerStopped(detail, 'unresponsive'));
  }

  private fail(error: WorkerStopped): void {
    if (this.closed !== null) return;
    this.closed = error.message;
    this.rejectAll(error);
    this.options.onFailure?.(error);
  }

  private rejectAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }

  private receive(event: EngineEvent): void {
    this.heard = true;
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
