// Lesson 2's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Xavier Glorot, Yoshua Bengio',
    year: 2010,
    title: 'Understanding the difficulty of training deep feedforward neural networks',
    where: 'AISTATS 2010',
    note: 'Saturation in deep sigmoid and tanh networks, and the initialization scaled to the layer width.',
  },
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
  },
  {
    authors: 'Greg Yang, Jeffrey Pennington, Vinay Rao, Jascha Sohl-Dickstein, Samuel S. Schoenholz',
    year: 2019,
    title: 'A Mean Field Theory of Batch Normalization',
    where: 'ICLR 2019',
    note: 'Without skip connections, BN makes gradients explode with depth at initialization.',
  },
  {
    authors: 'Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun',
    year: 2016,
    title: 'Deep Residual Learning for Image Recognition',
    where: 'CVPR 2016',
  },
];
