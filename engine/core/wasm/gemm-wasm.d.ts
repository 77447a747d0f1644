// The type of gemm-wasm.js, which scripts/build-wasm.mjs generates from gemm.wat (git-ignored).
/** The assembled WebAssembly module of gemm.wat. */
export declare const bytes: Uint8Array;
