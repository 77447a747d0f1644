// Lesson 5's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Section 3.3: BN(aWu) = BN(Wu) and ∂BN((aW)u)/∂(aW) = (1/a) · ∂BN(Wu)/∂W, so larger weights get smaller gradients; higher learning rates.',
  },
  {
    authors: 'Twan van Laarhoven',
    year: 2017,
    title: 'L2 Regularization versus Batch and Weight Normalization',
    where: 'arXiv:1706.05350',
    note: 'With scale invariance, the effective learning rate is η/‖W‖².',
  },
  {
    authors: 'Shibani Santurkar, Dimitris Tsipras, Andrew Ilyas, Aleksander Mądry',
    year: 2018,
    title: 'How Does Batch Normalization Help Optimization?',
    where: 'NeurIPS 2018',
  },
];
