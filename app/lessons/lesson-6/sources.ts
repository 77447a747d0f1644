// Lesson 6's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Inference with population statistics (Algorithm 2), estimated there as averages over training mini-batches.',
  },
  {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'torch.nn.BatchNorm1d',
    where: 'PyTorch documentation',
    note: 'running = (1 − momentum) · running + momentum · batch, momentum 0.1, eps 1e-5, unbiased running variance; momentum=None for a cumulative average.',
  },
  {
    authors: 'Keras contributors',
    year: 2024,
    title: 'BatchNormalization layer',
    where: 'Keras documentation',
    note: 'moving = moving · momentum + batch · (1 − momentum), momentum 0.99, epsilon 1e-3.',
  },
];
