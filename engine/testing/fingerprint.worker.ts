// Computes the training fingerprint inside a Web Worker (for the determinism browser test), once
// per kernel backend.
import { jsKernels } from '../core/kernels.ts';
import { wasmKernels } from '../core/wasm-kernels.ts';
import { trainingFingerprint } from './fingerprint.ts';

(self as unknown as DedicatedWorkerGlobalScope).postMessage({
  js: trainingFingerprint(jsKernels).hash,
  wasm: trainingFingerprint(wasmKernels).hash,
});
