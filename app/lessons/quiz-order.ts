// The order a lesson's answer options are shown in: a shuffle seeded by the lesson id, so the
// right answer is not always first (content lists it wherever is clearest to write) and the
// order is the same on every visit, on every device.

import { Rng } from '#engine';

/** Display order of `count` options for lesson `lessonId`: a permutation of 0 … count − 1. */
export function quizOrder(lessonId: number, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return new Rng(0x9e11 + lessonId).shuffle(order);
}
