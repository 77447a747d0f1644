// Browser endpoint (a classic Web Worker, one per library): the first message { lib, wasmPath }
// loads the library and is answered with { type: 'ready' } (or 'error'); every later message is
// a suite.ts Command, answered with its Reply.

import { loadLibrary } from './libraries.ts';
import type { LibraryId } from './libs/library.ts';
import { type Command, handleCommand, type Session } from './suite.ts';

interface Init {
  lib: LibraryId;
  wasmPath: string;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Init | Command>) => void) | null;
  postMessage(message: unknown): void;
};

let session: Session | null = null;

scope.onmessage = async (event) => {
  if (session) {
    scope.postMessage(handleCommand(session, event.data as Command));
    return;
  }
  const { lib, wasmPath } = event.data as Init;
  try {
    session = { lib: await loadLibrary(lib, { wasmPath }), active: null };
    scope.postMessage({ type: 'ready' });
  } catch (error) {
    scope.postMessage({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
};
