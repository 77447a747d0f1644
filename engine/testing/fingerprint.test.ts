import { describe, expect, it } from 'vitest';
import { jsKernels } from '../core/kernels.ts';
import { defaultKernels, wasmF32Kernels, wasmKernels } from '../core/wasm-kernels.ts';
import { trainingFingerprint } from './fingerprint.ts';
import { EXPECTED_FINGERPRINT } from './fingerprint-expected.ts';

describe('determinism', () => {
  it('same seed, same losses bit for bit, WASM backend, the default here (the browser tests assert the same hash)', () => {
    expect(defaultKernels).toBe(wasmKernels);
    const runs = wasmKernels.wasmGemms;
    const first = trainingFingerprint();
    expect(wasmKernels.wasmGemms).toBeGreaterThan(runs);
    expect(trainingFingerprint(wasmKernels)).toEqual(first);
    expect(first.losses.every(Number.isFinite)).toBe(true);
    expect(first.hash).toBe(EXPECTED_FINGERPRINT);
  });

  it('and the same bits with the JS backend, the fallback', () => {
    const js = trainingFingerprint(jsKernels);
    expect(js.hash).toBe(EXPECTED_FINGERPRINT);
    expect(js).toEqual(trainingFingerprint(wasmKernels));
  });

  it('the float32-lane kernel (opt-in) is deterministic too, but its own bits: the hash does tell backends apart', () => {
    const f32 = trainingFingerprint(wasmF32Kernels);
    expect(trainingFingerprint(wasmF32Kernels)).toEqual(f32);
    expect(f32.hash).not.toBe(EXPECTED_FINGERPRINT);
  });
});
