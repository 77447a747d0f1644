// The size limits of what a link or a save may carry, apart from the codec (experiment-codec.ts)
// so that saved progress (persist.ts, which the first render reads for the theme) can check them
// without loading the codec and the engine's experiment rules.

import type { Limits } from '#engine';

/** Only this much of a query is read, so a pasted 100 kB link cannot stall the page. */
export const MAX_QUERY_CHARS = 4096;

/** `step=N`: the screen of a lesson a link opens at. */
export const LESSON_STEP_LIMITS: Limits = { min: 1, max: 20, integer: true };
