// Lesson 10's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Statistics per channel over the mini-batch; running averages for inference.',
  },
  {
    authors: 'Jimmy Lei Ba, Jamie Ryan Kiros, Geoffrey E. Hinton',
    year: 2016,
    title: 'Layer Normalization',
    where: 'arXiv:1607.06450',
    note: 'Statistics per sample over all of a layer’s units: the same computation in training and at test time, and no dependence on the batch, which suits recurrent networks and sequences.',
  },
  {
    authors: 'Dmitry Ulyanov, Andrea Vedaldi, Victor Lempitsky',
    year: 2016,
    title: 'Instance Normalization: The Missing Ingredient for Fast Stylization',
    where: 'arXiv:1607.08022',
    note: 'Statistics per sample per channel over its pixels, introduced for style transfer.',
  },
  {
    authors: 'Yuxin Wu, Kaiming He',
    year: 2018,
    title: 'Group Normalization',
    where: 'ECCV 2018',
    note: 'Figure 2: the four normalizers as sets of an (N, C, H×W) block; GroupNorm with one group is LayerNorm and with C groups InstanceNorm (up to the affine parameters).',
  },
  {
    authors: 'Biao Zhang, Rico Sennrich',
    year: 2019,
    title: 'Root Mean Square Layer Normalization',
    where: 'NeurIPS 2019',
    note: 'LayerNorm without the mean subtraction (and without β): dividing by the root mean square keeps the re-scaling and is cheaper.',
  },
];
