// A fold result as the worker returns it for lesson 13's CNN at step 200 (seed 1), for the view's tests.

import type { FoldResult } from '#engine';

export const FOLDED: FoldResult = {
  step: 200,
  images: 500,
  batchSize: 32,
  maxDifference: 1.9073486328125e-6,
  trainModeDifference: 1.3407716751098633,
  accuracy: 0.932,
  foldedAccuracy: 0.932,
  trainModeAccuracy: 0.924,
  changedFromEval: 0,
  changedFromTrainMode: 0.014,
  layersBefore: 10,
  layersAfter: 8,
  batchNormsBefore: 2,
  batchNormsAfter: 0,
  normalizersLeft: [],
  multipliesBefore: 299_488,
  multipliesAfter: 290_080,
};
