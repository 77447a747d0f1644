// Lesson 12's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Section 3.4: a training example’s output depends on its mini-batch, which they found to help generalization; their ImageNet networks then did without dropout. Observed on large image networks, not isolated as a measured gap.',
  },
  {
    authors: 'Ping Luo, Xinjiang Wang, Wenqi Shao, Zhanglin Peng',
    year: 2019,
    title: 'Towards Understanding Regularization in Batch Normalization',
    where: 'ICLR 2019',
    note: 'BN as population normalization plus an explicit regularizer (gamma decay) from the batch statistics’ noise, whose strength falls as the batch grows. Derived for one block (a linear layer, BN, a nonlinearity); checked qualitatively on CNNs.',
  },
  {
    authors: 'Nitish Srivastava, Geoffrey Hinton, Alex Krizhevsky, Ilya Sutskever, Ruslan Salakhutdinov',
    year: 2014,
    title: 'Dropout: A Simple Way to Prevent Neural Networks from Overfitting',
    where: 'JMLR 15',
    note: 'Dropout as the noise-based regularizer to compare with.',
  },
  {
    authors: 'Twan van Laarhoven',
    year: 2017,
    title: 'L2 Regularization versus Batch and Weight Normalization',
    where: 'arXiv:1706.05350',
    note: 'With normalization, L2 does not constrain the function; it changes the effective learning rate η/‖w‖².',
  },
  {
    authors: 'Guodong Zhang, Chaoqi Wang, Bowen Xu, Roger Grosse',
    year: 2019,
    title: 'Three Mechanisms of Weight Decay Regularization',
    where: 'ICLR 2019',
    note: 'For BN networks trained with SGD, weight decay works by keeping the effective learning rate high.',
  },
];
