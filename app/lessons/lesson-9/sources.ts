// Lesson 9's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Yuxin Wu, Kaiming He',
    year: 2018,
    title: 'Group Normalization',
    where: 'ECCV 2018',
    note: 'Figure 1 and the batch-size table: ResNet-50 on ImageNet, validation error at 32/16/8/4/2 images per GPU — BN 23.6/23.7/24.8/27.3/34.7 %, GN 24.1/24.2/24.0/24.2/24.1 %.',
  },
  {
    authors: 'Sergey Ioffe',
    year: 2017,
    title: 'Batch Renormalization: Towards Reducing Minibatch Dependence in Batch-Normalized Models',
    where: 'NeurIPS 2017',
    note: 'Corrects the batch statistics towards the running ones (r, d), so training and inference normalize alike; aimed at small and non-i.i.d. minibatches.',
  },
  {
    authors: 'Elad Hoffer, Itay Hubara, Daniel Soudry',
    year: 2017,
    title:
      'Train longer, generalize better: closing the generalization gap in large batch training of neural networks',
    where: 'NeurIPS 2017',
    note: 'Ghost Batch Normalization: BN statistics over small virtual batches inside a large one.',
  },
  {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'torch.nn.BatchNorm1d and torch.nn.SyncBatchNorm',
    where: 'PyTorch documentation',
    note: 'A (1, C) input in training mode raises “Expected more than 1 value per channel when training”; SyncBatchNorm computes the statistics over the whole batch across devices.',
  },
];
