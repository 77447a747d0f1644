// Web Worker entry: unpacks commands, calls the pure handler, posts its events back.
// No logic lives here; see handle-command.ts.

import { handleCommand } from './handle-command.ts';
import type { Command } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (message: MessageEvent<Command>) => {
  for (const event of handleCommand(message.data)) scope.postMessage(event);
};
