import { describe, expect, it } from 'vitest';
import { jsKernels } from '../core/kernels.ts';
import { defaultKernels, wasmKernels, wasmSimdSupported } from '../core/wasm-kernels.ts';
import { trainingFingerprint, type WorkerFingerprint } from './fingerprint.ts';
import { EXPECTED_FINGERPRINT } from './fingerprint-expected.ts';

describe('determinism in Chromium', () => {
  it('the seeded runs give the same float32 losses, bit for bit, as in node (JS backend)', () => {
    expect(trainingFingerprint(jsKernels).hash).toBe(EXPECTED_FINGERPRINT);
  });

  it('and with the WASM SIMD backend, which Chromium supports and takes by default', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(defaultKernels).toBe(wasmKernels);
    const runs = wasmKernels.wasmGemms;
    expect(trainingFingerprint().hash).toBe(EXPECTED_FINGERPRINT);
    expect(wasmKernels.wasmGemms).toBeGreaterThan(runs);
  });

  it('and the same inside a Web Worker, both backends, WASM the default there', async () => {
    const worker = new Worker(new URL('./fingerprint.worker.ts', import.meta.url), {
      type: 'module',
    });
    const reply = await new Promise<WorkerFingerprint>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<WorkerFingerprint>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
    });
    worker.terminate();
    expect(reply).toEqual({
      defaultBackend: 'wasm',
      js: EXPECTED_FINGERPRINT,
      wasm: EXPECTED_FINGERPRINT,
      wasmGemms: true,
    });
  });
});
