// Lesson 7's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Inference uses population statistics instead of the batch’s (section 3.1).',
  },
  {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'torch.nn.BatchNorm2d and torch.nn.Module.eval',
    where: 'PyTorch documentation',
    note: 'Train mode normalizes with the batch and updates the running statistics; eval mode uses them; a (1, C) input in train mode raises “Expected more than 1 value per channel when training”.',
  },
  {
    authors: 'Yuxin Wu, Kaiming He',
    year: 2018,
    title: 'Group Normalization',
    where: 'ECCV 2018',
    note: 'Per-sample statistics: no running averages, the same computation in training and inference.',
  },
];
