// Node endpoint: `node dist/node-main.cjs --lib normlab`, forked by run.mjs with an IPC channel.
// Loads one library, then answers the orchestrator's commands (see suite.ts) until disconnected.

import { join } from 'node:path';
import { loadLibrary } from './libraries.ts';
import { LIBRARY_IDS, type LibraryId } from './libs/library.ts';
import { type Command, handleCommand, type Session } from './suite.ts';

async function main(): Promise<void> {
  const at = process.argv.indexOf('--lib');
  const id = (at >= 0 ? process.argv[at + 1] : '') as LibraryId;
  if (!LIBRARY_IDS.includes(id)) throw new Error(`--lib must be one of ${LIBRARY_IDS.join(', ')}, got ${id}`);
  if (!process.send) throw new Error('node-main is an IPC endpoint: run it through bench/run.mjs');
  // The bundle sits in bench/dist; in node the wasm backend reads its binaries from the package.
  const wasmPath = `${join(__dirname, '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')}/`;
  const session: Session = { lib: await loadLibrary(id, { wasmPath }), active: null };
  process.on('message', (command: Command) => process.send?.(handleCommand(session, command)));
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
