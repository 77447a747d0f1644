// Lesson 4's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Section 4.1 and Figure 1: the MNIST network (784-100-100-100-10, sigmoid, batch 60, 50,000 steps, small Gaussian initial weights), BN before each nonlinearity.',
  },
  {
    authors: 'Xavier Glorot, Yoshua Bengio',
    year: 2010,
    title: 'Understanding the difficulty of training deep feedforward neural networks',
    where: 'AISTATS 2010',
    note: 'The initialization used here instead of the paper’s small Gaussian weights.',
  },
  {
    authors: 'Shibani Santurkar, Dimitris Tsipras, Andrew Ilyas, Aleksander Mądry',
    year: 2018,
    title: 'How Does Batch Normalization Help Optimization?',
    where: 'NeurIPS 2018',
  },
];
