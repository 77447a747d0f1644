// The worker protocol: commands from the page, events back. One variant per message,
// discriminated by a string-literal `type`; both sides switch exhaustively.

/** Commands the page sends to an engine worker. */
export type Command = { type: 'hello'; seed: number };

/** Events an engine worker sends back. */
export type EngineEvent =
  | { type: 'hello'; seed: number; sample: number[] }
  | { type: 'error'; message: string };

/** Compile-time exhaustiveness check for switches over the unions above. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
