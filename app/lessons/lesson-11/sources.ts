// Lesson 11's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Yanghao Li, Naiyan Wang, Jianping Shi, Jiaying Liu, Xiaodi Hou',
    year: 2016,
    title: 'Revisiting Batch Normalization For Practical Domain Adaptation',
    where: 'arXiv:1603.04779 (ICLR 2017 workshop; extended in Pattern Recognition, 2018)',
    note: 'AdaBN: replace every BN layer’s statistics with those of the target domain; no labels, no gradient step. Their results are on image benchmarks with deep CNNs; the numbers here are this lesson’s small MLP on MNIST.',
  },
  {
    authors: 'Sergey Ioffe, Christian Szegedy',
    year: 2015,
    title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
    where: 'ICML 2015',
    note: 'Inference normalizes with population statistics estimated from the training data (section 3.1).',
  },
  {
    authors: 'Keras / TensorFlow contributors',
    year: 2024,
    title: 'tf.keras.layers.BatchNormalization',
    where: 'TensorFlow and Keras API documentation (TF 2.0 and later)',
    note: 'Setting trainable = False on a BatchNormalization layer also runs it in inference mode: it normalizes with the moving statistics and stops updating them.',
  },
  {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'torch.nn.BatchNorm1d / BatchNorm2d and torch.nn.Module.eval',
    where: 'PyTorch documentation',
    note: 'momentum=None gives a cumulative moving average of the statistics; requires_grad=False freezes γ and β only — the statistics stay in training mode until the module is put in eval().',
  },
  {
    authors: 'Yuxin Wu, Kaiming He',
    year: 2018,
    title: 'Group Normalization',
    where: 'ECCV 2018',
    note: 'Per-sample statistics: nothing is stored, so there is nothing to re-estimate.',
  },
];
