import { describe, expect, it } from 'vitest';
import { type Command, DEFAULT_CONFIG, type EngineEvent, OBSERVE_NOTHING } from '#engine';
import { handleCommand, Session } from '#engine/testing';
import { EngineClient, EngineError, explainStop, type WorkerLike, WorkerStopped } from './engine-client.ts';

/** A worker that holds each command until `flush` (in any order), answering with the real handler. */
class HeldWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<EngineEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly session = new Session(() => 0);
  held: Command[] = [];
  terminated = false;
  postMessage(command: Command): void {
    this.held.push(command);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers the held commands, in the given order of their indices (default: as sent). */
  flush(order: number[] = this.held.map((_, i) => i)): void {
    const held = this.held;
    this.held = [];
    for (const i of order) this.emit(...handleCommand(this.session, held[i]).events);
  }
  emit(...events: EngineEvent[]): void {
    for (const data of events) this.onmessage?.({ data } as MessageEvent<EngineEvent>);
  }
}

function setup() {
  const worker = new HeldWorker();
  const events: EngineEvent[] = [];
  const failures: string[] = [];
  const stops: WorkerStopped[] = [];
  const client = new EngineClient(worker, {
    onEvent: (e) => events.push(e),
    onFailure: (stopped) => {
      failures.push(stopped.message);
      stops.push(stopped);
    },
  });
  return { worker, client, events, failures, stops };
}

function configure(client: EngineClient): void {
  client.post({
    type: 'configure',
    runs: [{ id: 'a', config: DEFAULT_CONFIG }],
    observe: OBSERVE_NOTHING,
    evalEvery: 0,
  });
}

describe('EngineClient', () => {
  it('routes each reply to its own request, whatever order the replies come in', async () => {
    const { worker, client, events } = setup();
    const first = client.request({ type: 'hello', seed: 1 });
    const second = client.request({ type: 'hello', seed: 2 });
    expect(client.pendingCount).toBe(2);
    worker.flush([1, 0]);
    expect((await first).seed).toBe(1);
    expect((await second).seed).toBe(2);
    expect(client.pendingCount).toBe(0);
    expect(events).toEqual([]); // replies are not broadcast
  });

  it('typed replies: evaluate answers with the run’s test metrics; other events go to onEvent', async () => {
    const { worker, client, events } = setup();
    configure(client);
    const evaluated = client.request({ type: 'evaluate', runId: 'a' });
    worker.flush();
    const reply = await evaluated;
    expect(reply.type).toBe('evaluated');
    expect(reply.runId).toBe('a');
    expect(reply.accuracy).toBeGreaterThanOrEqual(0);
    expect(events.map((e) => e.type)).toEqual(['configured']);
  });

  it('an engine error answering a request rejects it with an EngineError and still reaches onEvent', async () => {
    const { worker, client, events } = setup();
    const evaluated = client.request({ type: 'evaluate', runId: 'missing' });
    worker.flush();
    await expect(evaluated).rejects.toBeInstanceOf(EngineError);
    await expect(evaluated).rejects.toMatchObject({ runId: 'missing' });
    expect(events.map((e) => e.type)).toEqual(['error']);
    expect(client.pendingCount).toBe(0);
  });

  it('an abort rejects with the signal’s reason and the late reply is dropped', async () => {
    const { worker, client, events } = setup();
    const abort = new AbortController();
    const hello = client.request({ type: 'hello', seed: 3 }, abort.signal);
    abort.abort(new Error('unmounted'));
    await expect(hello).rejects.toThrow('unmounted');
    expect(client.pendingCount).toBe(0);
    worker.flush();
    expect(events).toEqual([]);
  });

  it('an already-aborted signal rejects without sending anything', async () => {
    const { worker, client } = setup();
    const abort = new AbortController();
    abort.abort();
    await expect(client.request({ type: 'hello', seed: 4 }, abort.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(worker.held).toEqual([]);
  });

  it('a worker error rejects every pending request, reports the failure, and refuses new requests', async () => {
    const { worker, client, failures } = setup();
    configure(client);
    worker.flush(); // the worker had answered: a later error is a crash
    const a = client.request({ type: 'hello', seed: 5 });
    const b = client.request({ type: 'boundaries' });
    worker.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    await expect(a).rejects.toThrow('an engine worker stopped: out of memory');
    await expect(b).rejects.toThrow('an engine worker stopped: out of memory');
    expect(failures).toEqual(['an engine worker stopped: out of memory']);
    await expect(client.request({ type: 'hello', seed: 6 })).rejects.toThrow('out of memory');
  });

  it('an error before the worker ever answered means its script did not load: the way back is a reload', async () => {
    const { worker, client, stops } = setup();
    configure(client);
    const hello = client.request({ type: 'hello', seed: 8 });
    // What Chromium fires for a module worker whose file is missing: an error without a message.
    worker.onerror?.({ preventDefault() {} } as ErrorEvent);
    await expect(hello).rejects.toThrow('an engine worker could not load: its script did not load');
    expect(stops.map((s) => s.kind)).toEqual(['unloadable']);
    expect(explainStop(stops[0])).toMatch(/could not load.*updated.*Reload the page/);
  });

  it('an unreadable message from the worker stops it as a crash', async () => {
    const { worker, client, stops } = setup();
    const hello = client.request({ type: 'hello', seed: 9 });
    worker.onmessageerror?.({} as MessageEvent);
    await expect(hello).rejects.toThrow(WorkerStopped);
    expect(stops.map((s) => [s.kind, s.message])).toEqual([
      ['crashed', 'an engine worker stopped: a message from it could not be read'],
    ]);
  });

  it('declareUnresponsive terminates the worker, rejects what is pending and reports it once', async () => {
    const { worker, client, stops } = setup();
    const hello = client.request({ type: 'hello', seed: 10 });
    client.declareUnresponsive('no answer for 10 s');
    client.declareUnresponsive('no answer for 10 s');
    expect(worker.terminated).toBe(true);
    await expect(hello).rejects.toThrow('an engine worker stopped: no answer for 10 s');
    expect(stops.map((s) => s.kind)).toEqual(['unresponsive']);
    expect(explainStop(stops[0])).toBe(
      'The engine stopped responding (no answer for 10 s). Press Reset to start it again.',
    );
  });

  it('close terminates the worker and rejects what was pending; late replies are ignored', async () => {
    const { worker, client, events } = setup();
    const hello = client.request({ type: 'hello', seed: 7 });
    client.close('the run was rebuilt');
    expect(worker.terminated).toBe(true);
    await expect(hello).rejects.toThrow('the run was rebuilt');
    worker.flush();
    expect(events).toEqual([]);
  });
});
