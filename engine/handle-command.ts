// The worker's pure command handler: everything the worker does, without postMessage, so it
// is unit-tested in node. The worker entry (runtime.worker.ts) only unpacks messages.

import { assertNever, type Command, type EngineEvent } from './protocol.ts';
import { Rng } from './rng.ts';

/** Number of values in a hello reply: enough to prove the stream matches node's. */
export const HELLO_SAMPLE_SIZE = 4;

/** Handles one command; a thrown error becomes an `error` event. */
export function handleCommand(command: Command): EngineEvent[] {
  try {
    switch (command.type) {
      case 'hello': {
        const rng = new Rng(command.seed);
        const sample = Array.from({ length: HELLO_SAMPLE_SIZE }, () => rng.nextUint32());
        return [{ type: 'hello', seed: command.seed, sample }];
      }
      default:
        return assertNever(command.type);
    }
  } catch (err) {
    return [{ type: 'error', message: err instanceof Error ? err.message : String(err) }];
  }
}
