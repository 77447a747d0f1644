import { describe, expect, it } from 'vitest';
import { trainingFingerprint } from './fingerprint.ts';
import { EXPECTED_FINGERPRINT } from './fingerprint-expected.ts';

describe('determinism in Chromium', () => {
  it('the seeded runs give the same float32 losses, bit for bit, as in node', () => {
    expect(trainingFingerprint().hash).toBe(EXPECTED_FINGERPRINT);
  });

  it('and the same inside a Web Worker', async () => {
    const worker = new Worker(new URL('./fingerprint.worker.ts', import.meta.url), {
      type: 'module',
    });
    const hash = await new Promise<number>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<number>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
    });
    worker.terminate();
    expect(hash).toBe(EXPECTED_FINGERPRINT);
  });
});
