import { describe, expect, it } from 'vitest';
import { trainingFingerprint } from './fingerprint.ts';
import { EXPECTED_FINGERPRINT } from './fingerprint-expected.ts';

describe('determinism', () => {
  it('same seed, same losses bit for bit (the browser test asserts the same hash)', () => {
    const first = trainingFingerprint();
    expect(trainingFingerprint()).toEqual(first);
    expect(first.losses.every(Number.isFinite)).toBe(true);
    expect(first.hash).toBe(EXPECTED_FINGERPRINT);
  });
});
