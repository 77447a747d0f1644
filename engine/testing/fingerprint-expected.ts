/**
 * The training fingerprint node and Chromium (page and worker) must reproduce (see
 * fingerprint.ts) with either default kernel backend: the WASM GEMM sums in float64 lanes in the
 * JS reference's order, so both give these bits. It changes only when the engine's arithmetic
 * changes on purpose: then update it here, once.
 */
export const EXPECTED_FINGERPRINT = 30386720;
