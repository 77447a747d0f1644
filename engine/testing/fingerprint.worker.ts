// Computes the training fingerprint inside a Web Worker (for the determinism browser test), once
// per kernel backend, and reports which backend the worker takes by default.
import { jsKernels } from '../core/kernels.ts';
import { defaultKernels, wasmKernels } from '../core/wasm-kernels.ts';
import { trainingFingerprint, type WorkerFingerprint } from './fingerprint.ts';

const js = trainingFingerprint(jsKernels).hash;
const runs = wasmKernels.wasmGemms;
const wasm = trainingFingerprint(wasmKernels).hash;
const reply: WorkerFingerprint = {
  defaultBackend: defaultKernels.name,
  js,
  wasm,
  wasmGemms: wasmKernels.wasmGemms > runs,
};
(self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);
