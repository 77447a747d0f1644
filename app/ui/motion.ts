// The reader's motion preference, read once where something would start moving by itself (the
// home page's hero race, lesson 1's descent): under prefers-reduced-motion nothing auto-plays.

/** True when the reader's system asks for less motion. */
export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
}
