/**
 * The training fingerprint node and Chromium (page and worker) must reproduce (see
 * fingerprint.ts), per kernel backend: the WASM GEMM sums in float32 lanes, the JS one in float64,
 * so their bits differ. It changes only when the engine's arithmetic changes on purpose: then
 * update it here, once.
 */
export const EXPECTED_FINGERPRINT: Readonly<Record<'js' | 'wasm', number>> = {
  js: 30386720,
  wasm: 3166913045,
};
