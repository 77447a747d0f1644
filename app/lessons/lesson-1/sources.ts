// Lesson 1's sources (rendered at the lesson's end by Sources.tsx).

import type { Reference } from '../lesson-types.ts';

export const references: readonly Reference[] = [
  {
    authors: 'Yann LeCun, Léon Bottou, Genevieve B. Orr, Klaus-Robert Müller',
    year: 1998,
    title: 'Efficient BackProp',
    where: 'In Neural Networks: Tricks of the Trade, Springer',
    note: 'Shift inputs to mean zero, scale them to equal variance, and decorrelate them if possible; the learning rate is bounded by the largest Hessian eigenvalue.',
  },
  {
    authors: 'Ian Goodfellow, Yoshua Bengio, Aaron Courville',
    year: 2016,
    title: 'Deep Learning',
    where: 'MIT Press, chapter 8 (ill-conditioning) and section 8.7.1 (batch normalization)',
  },
];
