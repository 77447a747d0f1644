import { describe, expect, it } from 'vitest';
import { jsKernels } from '../core/kernels.ts';
import { wasmKernels } from '../core/wasm-kernels.ts';
import { trainingFingerprint } from './fingerprint.ts';
import { EXPECTED_FINGERPRINT } from './fingerprint-expected.ts';

describe('determinism', () => {
  it('same seed, same losses bit for bit, WASM backend (the browser tests assert the same hash)', () => {
    const runs = wasmKernels.wasmGemms;
    const first = trainingFingerprint(wasmKernels);
    expect(wasmKernels.wasmGemms).toBeGreaterThan(runs);
    expect(trainingFingerprint(wasmKernels)).toEqual(first);
    expect(first.losses.every(Number.isFinite)).toBe(true);
    expect(first.hash).toBe(EXPECTED_FINGERPRINT.wasm);
  });

  it('and with the JS backend, its own hash; both backends agree to float32 rounding', () => {
    const js = trainingFingerprint(jsKernels);
    expect(trainingFingerprint(jsKernels)).toEqual(js);
    expect(js.hash).toBe(EXPECTED_FINGERPRINT.js);
    const wasm = trainingFingerprint(wasmKernels);
    expect(wasm.hash).not.toBe(js.hash);
    for (let i = 0; i < js.losses.length; i++) expect(wasm.losses[i]).toBeCloseTo(js.losses[i], 4);
  });
});
