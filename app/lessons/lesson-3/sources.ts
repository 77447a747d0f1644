// Lesson 3's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Algorithm 1 (the transform with γ and β), per-channel statistics for convolutions (section 3.2). The paper normalizes each feature on its own instead of whitening, to keep it cheap and differentiable.',
  },
  {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'torch.nn.BatchNorm1d and torch.nn.BatchNorm2d',
    where: 'PyTorch documentation',
    note: 'Biased variance to normalize, unbiased variance in the running estimate, momentum 0.1, eps 1e-5.',
  },
];
