// The course outline (see shared COURSE.md): order matters, each lesson builds on the one
// before. A lesson is 'coming-soon' until its live experiment and tested claim exist.

export interface LessonEntry {
  id: number;
  title: string;
  /** One sentence: what the reader will see happen. */
  summary: string;
  status: 'available' | 'coming-soon';
}

export const LESSONS: readonly LessonEntry[] = [
  {
    id: 1,
    title: 'Why normalize at all: input scaling',
    summary:
      'Watch gradient descent zig-zag across a stretched loss surface, then go straight once the inputs are standardized.',
    status: 'available',
  },
  {
    id: 2,
    title: 'Deep nets without normalization',
    summary:
      'A deep tanh network with too-large weights saturates layer by layer: watch its gradients vanish, then BatchNorm rescue it.',
    status: 'available',
  },
  {
    id: 3,
    title: 'BatchNorm, one step at a time',
    summary: 'Follow one mini-batch through batch mean, variance, x̂, γ and β, with the real numbers.',
    status: 'available',
  },
  {
    id: 4,
    title: 'BatchNorm trains faster',
    summary:
      'Race the BatchNorm paper’s MNIST network with and without BN, and watch one unit’s input distribution.',
    status: 'available',
  },
  {
    id: 5,
    title: 'Higher learning rates',
    summary:
      'Sweep the learning rate and see where the plain network diverges while BatchNorm keeps training.',
    status: 'available',
  },
  {
    id: 6,
    title: 'Training mode vs inference mode',
    summary: 'Running statistics chase the batch statistics; the momentum sets how fast.',
    status: 'available',
  },
  {
    id: 7,
    title: 'The eval() bug, live',
    summary: 'Serve a trained CNN in train mode and watch predictions depend on the batch-mates.',
    status: 'available',
  },
  {
    id: 8,
    title: 'Where to put BatchNorm',
    summary: 'Before or after the activation, and why a bias before BN does nothing.',
    status: 'coming-soon',
  },
  {
    id: 9,
    title: 'Small batches break BatchNorm',
    summary: 'Shrink the batch and BN’s error climbs while GroupNorm stays flat.',
    status: 'coming-soon',
  },
  {
    id: 10,
    title: 'The family: BN, LN, GN, InstanceNorm, RMSNorm',
    summary: 'Which elements share one mean and variance, and how the five compare on the same network.',
    status: 'coming-soon',
  },
  {
    id: 11,
    title: 'Domain shift: re-estimating statistics',
    summary:
      'Shifted digits break a trained model; recomputing BN statistics on the new data wins much of it back.',
    status: 'coming-soon',
  },
  {
    id: 12,
    title: 'Noise as regularization',
    summary: 'Batch statistics add noise that narrows the train/test gap, less so as the batch grows.',
    status: 'coming-soon',
  },
  {
    id: 13,
    title: 'Shipping it: folding BN and precision',
    summary: 'Fold BN into the layer before it, and see why its statistics stay in 32-bit floats.',
    status: 'coming-soon',
  },
];
