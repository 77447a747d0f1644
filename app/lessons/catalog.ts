// The course outline (see shared COURSE.md): order matters, each lesson builds on the one
// before. A lesson is 'coming-soon' until its folder (`lesson-N/`) holds its content, live
// experiment and tested claims: the status is derived from that, never written here.

import { LESSON_CONTENT } from './content.ts';

export interface LessonOutline {
  id: number;
  title: string;
  /** One sentence: what the reader will see happen. */
  summary: string;
}

export interface LessonEntry extends LessonOutline {
  status: 'available' | 'coming-soon';
}

const OUTLINE: readonly LessonOutline[] = [
  {
    id: 1,
    title: 'Why normalize at all: input scaling',
    summary:
      'Watch gradient descent zig-zag across a stretched loss surface, then go straight once the inputs are standardized.',
  },
  {
    id: 2,
    title: 'Deep nets without normalization',
    summary:
      'A deep tanh network with too-large weights saturates layer by layer: watch its gradients vanish, then BatchNorm rescue it.',
  },
  {
    id: 3,
    title: 'BatchNorm, one step at a time',
    summary: 'Follow one mini-batch through batch mean, variance, x̂, γ and β, with the real numbers.',
  },
  {
    id: 4,
    title: 'BatchNorm trains faster',
    summary:
      'Race the BatchNorm paper’s MNIST network with and without BN, and watch one unit’s input distribution.',
  },
  {
    id: 5,
    title: 'Higher learning rates',
    summary:
      'Sweep the learning rate and see where the plain network diverges while BatchNorm keeps training.',
  },
  {
    id: 6,
    title: 'Training mode vs inference mode',
    summary: 'Running statistics chase the batch statistics; the momentum sets how fast.',
  },
  {
    id: 7,
    title: 'The eval() bug, live',
    summary: 'Serve a trained CNN in train mode and watch predictions depend on the batch-mates.',
  },
  {
    id: 8,
    title: 'Where to put BatchNorm, and how deep it can go',
    summary:
      'Thirty-two BN layers need skip connections; before or after the activation, a bias before BN, BN on the logits.',
  },
  {
    id: 9,
    title: 'Small batches break BatchNorm',
    summary: 'Shrink the batch and BN’s error climbs while GroupNorm stays flat.',
  },
  {
    id: 10,
    title: 'The family: BN, LN, GN, InstanceNorm, RMSNorm',
    summary: 'Which elements share one mean and variance, and how the five compare on the same network.',
  },
  {
    id: 11,
    title: 'Domain shift: re-estimating statistics',
    summary:
      'Shifted digits break a trained model; recomputing BN statistics on unlabelled new data wins back what a change of brightness took, but not an inversion.',
  },
  {
    id: 12,
    title: 'Noise as regularization',
    summary:
      'Batch statistics make each output depend on its batch-mates, less so as the batch grows; whether that narrows the train/test gap is measured, not assumed.',
  },
  {
    id: 13,
    title: 'Shipping it: folding BN and precision',
    summary: 'Fold BN into the layer before it, and see why its statistics stay in 32-bit floats.',
  },
];

export const LESSONS: readonly LessonEntry[] = OUTLINE.map((lesson) => ({
  ...lesson,
  status: LESSON_CONTENT[lesson.id] ? 'available' : 'coming-soon',
}));
