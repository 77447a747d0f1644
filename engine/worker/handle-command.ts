// The worker's pure command handler: everything the worker does, without postMessage, so it
// is unit-tested in node. The worker entry (runtime.worker.ts) only unpacks messages and
// posts the events back, transferring the listed buffers. Any thrown error becomes an
// `error` event; a non-finite loss becomes a `diverged` event (see Session.step).

import { Rng } from '../core/rng.ts';
import { studySequences } from '../lessons/token-model.ts';
import { featureMaps } from '../train/feature-maps.ts';
import { foldResult } from './fold-result.ts';
import { assertNever, type Command, type EngineEvent, REPLY_TYPE, type RunSnapshot } from './protocol.ts';
import type { Session } from './session.ts';

/** Number of values in a hello reply: enough to prove the stream matches node's. */
export const HELLO_SAMPLE_SIZE = 4;

export interface Reply {
  events: EngineEvent[];
  /** Buffers to transfer (never touched again by the worker). */
  transfer: ArrayBuffer[];
}

function snapshotBuffers(snapshots: RunSnapshot[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: { buffer: ArrayBufferLike } | null | undefined) => {
    if (a && a.buffer instanceof ArrayBuffer && !out.includes(a.buffer)) out.push(a.buffer);
  };
  for (const s of snapshots) {
    add(s.losses);
    if (s.smoothness) for (const a of Object.values(s.smoothness)) add(a);
    const o = s.observation;
    if (!o) continue;
    add(o.histograms?.input);
    add(o.histograms?.output);
    add(o.unitPercentiles);
    if (o.channels) for (const a of Object.values(o.channels)) add(a);
    if (o.diagnostics) for (const a of Object.values(o.diagnostics)) add(a);
    if (o.inspector) for (const a of [o.inspector.x, o.inspector.xhat, o.inspector.y]) add(a);
    add(o.cells?.mean);
    add(o.cells?.variance);
    add(o.boundary?.label);
    add(o.boundary?.confidence);
  }
  return out;
}

/**
 * Handles one command against the worker's session. Never throws. A request's reply, or the
 * error it raised, carries the request's `requestId`.
 */
export function handleCommand(session: Session, command: Command): Reply {
  const reply = answer(session, command);
  const requestId = 'requestId' in command ? command.requestId : undefined;
  if (requestId === undefined) return reply;
  const replyType: string = REPLY_TYPE[command.type as keyof typeof REPLY_TYPE];
  const tag = (e: EngineEvent): EngineEvent =>
    e.type === 'error' || e.type === replyType ? ({ ...e, requestId } as EngineEvent) : e;
  return { ...reply, events: reply.events.map(tag) };
}

function answer(session: Session, command: Command): Reply {
  const runId = 'runId' in command ? command.runId : null;
  try {
    switch (command.type) {
      case 'hello': {
        const rng = new Rng(command.seed);
        const sample = Array.from({ length: HELLO_SAMPLE_SIZE }, () => rng.nextUint32());
        return { events: [{ type: 'hello', seed: command.seed, sample }], transfer: [] };
      }
      case 'data':
        session.setMnist(command.bytes);
        return { events: [], transfer: [] };
      case 'configure': {
        const layers = session.configure(command.runs, command.observe, command.evalEvery);
        return {
          events: [{ type: 'configured', runIds: command.runs.map((r) => r.id), layers }],
          transfer: [],
        };
      }
      case 'step': {
        const { snapshots, events } = session.step(command.count, command.boundary === 'always');
        return {
          events: [...events, { type: 'stepped', round: command.round, snapshots }],
          transfer: snapshotBuffers(snapshots),
        };
      }
      case 'set':
        session.set(command.runId, command.param, command.value);
        return { events: [], transfer: [] };
      case 'observe':
        session.observe = command.observe;
        return { events: [], transfer: [] };
      case 'boundaries': {
        const boundaries = session.boundaries();
        return {
          events: [{ type: 'boundaries', boundaries }],
          transfer: boundaries.flatMap(
            (b) => [b.boundary.label.buffer, b.boundary.confidence.buffer] as ArrayBuffer[],
          ),
        };
      }
      case 'evaluate': {
        const run = session.run(command.runId);
        const result = session.evaluateRun(run, run.test);
        return { events: [{ type: 'evaluated', runId: run.id, ...result }], transfer: [] };
      }
      case 'serve': {
        const result = session.serve(
          command.runId,
          command.mode,
          command.batchSize,
          command.offset,
          command.count,
          command.indices,
        );
        return {
          events: [{ type: 'served', runId: command.runId, result }],
          transfer: [result.predicted.buffer, result.labels.buffer, result.indices.buffer] as ArrayBuffer[],
        };
      }
      case 'sequences':
        return {
          events: [{ type: 'sequenced', runId: command.runId, study: studySequences(command.options) }],
          transfer: [],
        };
      case 'fold': {
        const run = session.run(command.runId);
        const result = foldResult(run.model, run.test, command.count, command.batchSize, run.step);
        return { events: [{ type: 'folded', runId: run.id, result }], transfer: [] };
      }
      case 'shifted': {
        const result = session.shifted(command.runId, command.shift, command.adaptBatches, command.batchSize);
        const step = session.run(command.runId).step;
        return { events: [{ type: 'shifted', runId: command.runId, step, result }], transfer: [] };
      }
      case 'spread': {
        const { runId: id, image, batchSizes, draws, seed } = command;
        const result = session.spread(id, image, batchSizes, draws, seed);
        return { events: [{ type: 'spread', runId: id, step: session.run(id).step, result }], transfer: [] };
      }
      case 'fit': {
        const result = session.fit(command.runId);
        return {
          events: [{ type: 'fitted', runId: command.runId, step: session.run(command.runId).step, result }],
          transfer: [],
        };
      }
      case 'featureMaps': {
        const run = session.run(command.runId);
        const result = featureMaps(run.model, run.test, command.image, command.batch, command.mode);
        return {
          events: [{ type: 'featureMapped', runId: run.id, step: run.step, result }],
          transfer: [result.input.values, ...result.layers.map((l) => l.values)].map(
            (v) => v.buffer as ArrayBuffer,
          ),
        };
      }
      case 'unitMaps': {
        const run = session.run(command.runId);
        const result = session.unitMaps(run.id, command.res, command.layers, command.units);
        return {
          events: [{ type: 'unitMapped', runId: run.id, step: run.step, result }],
          transfer: result.layers.map((l) => l.values.buffer as ArrayBuffer),
        };
      }
      default:
        return assertNever(command);
    }
  } catch (err) {
    return {
      events: [{ type: 'error', runId, message: err instanceof Error ? err.message : String(err) }],
      transfer: [],
    };
  }
}
