import { describe, expect, it } from 'vitest';
import { jsKernels } from '../core/kernels.ts';
import { wasmKernels, wasmSimdSupported } from '../core/wasm-kernels.ts';
import { trainingFingerprint } from './fingerprint.ts';
import { EXPECTED_FINGERPRINT } from './fingerprint-expected.ts';

describe('determinism in Chromium', () => {
  it('the seeded runs give the same float32 losses, bit for bit, as in node (JS backend)', () => {
    expect(trainingFingerprint(jsKernels).hash).toBe(EXPECTED_FINGERPRINT.js);
  });

  it('and with the WASM SIMD backend, which Chromium supports', () => {
    expect(wasmSimdSupported()).toBe(true);
    const runs = wasmKernels.wasmGemms;
    expect(trainingFingerprint(wasmKernels).hash).toBe(EXPECTED_FINGERPRINT.wasm);
    expect(wasmKernels.wasmGemms).toBeGreaterThan(runs);
  });

  it('and the same inside a Web Worker, both backends', async () => {
    const worker = new Worker(new URL('./fingerprint.worker.ts', import.meta.url), {
      type: 'module',
    });
    const reply = await new Promise<{ js: number; wasm: number }>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<{ js: number; wasm: number }>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
    });
    worker.terminate();
    expect(reply).toEqual(EXPECTED_FINGERPRINT);
  });
});
