/**
 * The training fingerprint both node and Chromium must reproduce (see fingerprint.ts). It
 * changes only when the engine's arithmetic changes on purpose: then update it here, once.
 */
export const EXPECTED_FINGERPRINT = 1302767191;
