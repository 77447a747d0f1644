// The spread of the Diagnostics view's gradient-norm panel as one number, shared by the lessons
// that teach it (2: vanishing gradients without BN; 8: exploding gradients in a deep plain BN stack):
// the output layer's ‖∇W‖ over the first layer's, from a snapshot's diagnostics.

import type { Observation } from '#engine';

export type Diagnostics = NonNullable<Observation['diagnostics']>;

/** ‖∇W_out‖ / ‖∇W_1‖: above 1 the first layer's gradient is the smaller (vanishing), below 1 the larger (exploding). */
export function gradientRatio(d: Diagnostics): number {
  return d.gradNorm[d.gradNorm.length - 1] / d.gradNorm[0];
}
