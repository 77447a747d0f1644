// An in-process stand-in for the engine's Web Worker, for node tests of the page's runtime: the
// worker's command handler on its own Session, each reply delivered on a later tick (as a real
// worker's messages arrive), nothing after terminate(). Same shape as the page's WorkerLike.

import { handleCommand } from '../worker/handle-command.ts';
import type { Command, EngineEvent } from '../worker/protocol.ts';
import { Session } from '../worker/session.ts';

export class NodeWorker {
  onmessage: ((event: { data: EngineEvent }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private readonly session = new Session(() => performance.now());
  private terminated = false;

  postMessage(command: Command): void {
    setImmediate(() => {
      if (this.terminated) return;
      for (const data of handleCommand(this.session, command).events) {
        if (this.terminated) return;
        this.onmessage?.({ data });
      }
    });
  }

  terminate(): void {
    this.terminated = true;
  }
}
