// Computes the training fingerprint inside a Web Worker (for the determinism browser test).
import { trainingFingerprint } from './fingerprint.ts';

(self as unknown as DedicatedWorkerGlobalScope).postMessage(trainingFingerprint().hash);
