// Types of build-wasm.mjs for the Vite config that calls it.
/** Assembles every stale engine/core/wasm/*.wat into its generated -wasm.js module; returns the paths written. */
export function buildWasm(options?: { quiet?: boolean }): Promise<string[]>;
