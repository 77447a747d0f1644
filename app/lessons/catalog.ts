// The course outline (see shared COURSE.md): order matters, each lesson builds on the one
// before. A lesson is 'coming-soon' until its folder (`lesson-N/`) holds its content, live
// experiment and tested claims: the status is derived from that, never written here.

// The written lessons' ids, read off their folders' names: the glob's keys only (never called), so
// the outline (the home page, the page titles) does not need the lessons' text, which comes with
// the lesson pages (content.ts); catalog.test.ts checks both say the same.
const WRITTEN = new Set(
  Object.keys(import.meta.glob('./lesson-*/content.tsx')).map((path) =>
    Number(/lesson-(\d+)\//.exec(path)?.[1]),
  ),
);

/** The course's parts, in order: the course map groups the lessons under them. */
export const PARTS = [
  {
    id: 1,
    part: 1,
    title: 'Why normalize',
    summary: 'What goes wrong without normalization: badly scaled inputs, then deep nets that saturate.',
  },
  {
    id: 2,
    part: 1,
    title: 'BatchNorm from the inside',
    summary: 'One step by hand, then what it changes in training: speed, learning rates, running statistics.',
  },
  {
    id: 3,
    part: 2,
    title: 'BatchNorm in practice',
    summary: 'Serving in the wrong mode, where the layer goes, and what tiny batches do to it.',
  },
  {
    id: 4,
    part: 2,
    title: 'The family and shipping',
    summary: 'LayerNorm, GroupNorm and the rest; shifted data, batch noise, and a network ready to serve.',
  },
] as const;

export type PartId = (typeof PARTS)[number]['id'];

export interface LessonOutline {
  id: number;
  /** The course part it belongs to (PARTS). */
  part: PartId;
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
    part: 1,
    title: 'Why normalize at all: input scaling',
    summary:
      'Watch gradient descent zig-zag across a stretched loss surface, then go straight once the inputs are standardized.',
  },
  {
    id: 2,
    part: 1,
    title: 'Deep nets without normalization',
    summary:
      'A deep tanh network with too-large weights saturates layer by layer: watch its gradients vanish, then BatchNorm rescue it.',
  },
  {
    id: 3,
    part: 2,
    title: 'BatchNorm, one step at a time',
    summary: 'Follow one mini-batch through batch mean, variance, x̂, γ and β, with the real numbers.',
  },
  {
    id: 4,
    part: 2,
    title: 'BatchNorm trains faster',
    summary:
      'Race the BatchNorm paper’s MNIST network with and without BN, and watch one unit’s input distribution.',
  },
  {
    id: 5,
    part: 2,
    title: 'Higher learning rates',
    summary:
      'Sweep the learning rate and see where the plain network diverges while BatchNorm keeps training.',
  },
  {
    id: 6,
    part: 2,
    title: 'Training mode vs inference mode',
    summary: 'Running statistics chase the batch statistics; the momentum sets how fast.',
  },
  {
    id: 7,
    part: 3,
    title: 'The eval() bug, live',
    summary: 'Serve a trained CNN in train mode and watch predictions depend on the batch-mates.',
  },
  {
    id: 8,
    part: 3,
    title: 'Where to put BatchNorm, and how deep it can go',
    summary:
      'Thirty-two BN layers need skip connections; before or after the activation, a bias before BN, BN on the logits.',
  },
  {
    id: 9,
    part: 3,
    title: 'Small batches break BatchNorm',
    summary: 'Shrink the batch and BN’s error climbs while GroupNorm stays flat.',
  },
  {
    id: 10,
    part: 4,
    title: 'The family: BN, LN, GN, InstanceNorm, RMSNorm',
    summary: 'Which elements share one mean and variance, and how the five compare on the same network.',
  },
  {
    id: 11,
    part: 4,
    title: 'Domain shift: re-estimating statistics',
    summary:
      'Shifted digits break a trained model; recomputing BN statistics on unlabelled new data wins back what a change of brightness took, but not an inversion.',
  },
  {
    id: 12,
    part: 4,
    title: 'Noise as regularization',
    summary:
      'Batch statistics make each output depend on its batch-mates, less so as the batch grows; whether that narrows the train/test gap is measured, not assumed.',
  },
  {
    id: 13,
    part: 4,
    title: 'Shipping it: folding BN and precision',
    summary: 'Fold BN into the layer before it, and see why its statistics stay in 32-bit floats.',
  },
];

export const LESSONS: readonly LessonEntry[] = OUTLINE.map((lesson) => ({
  ...lesson,
  status: WRITTEN.has(lesson.id) ? 'available' : 'coming-soon',
}));
