// Web Worker entry: unpacks commands, calls the pure handler, posts its events back with their
// buffers transferred. No logic lives here; see handle-command.ts and session.ts.

import { handleCommand } from './handle-command.ts';
import type { Command } from './protocol.ts';
import { Session } from './session.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new Session(() => performance.now());

scope.onmessage = (message: MessageEvent<Command>) => {
  const { events, transfer } = handleCommand(session, message.data);
  for (const event of events) {
    // Buffers ride with the event that carries them (the last one, 'stepped' or 'served').
    scope.postMessage(event, event === events[events.length - 1] ? transfer : []);
  }
};
