// The timing primitives shared by every library and environment: a warm-up that also sizes the
// repetitions, and one timed repetition. The orchestrator (run.mjs) sets the options, asks for
// several repetitions interleaved across libraries, and reports the median. Uses performance.now() (coarsened in browsers, so every
// repetition is sized to last long enough for that not to matter).

export interface TimingOptions {
  /** Warm-up lasts at least warmupMs and at least warmupMinIters iterations, unless that takes over warmupMaxMs. */
  warmupMs: number;
  warmupMinIters: number;
  warmupMaxMs: number;
  /** Timed repetitions, each sized to last about repMs (at least one iteration). */
  reps: number;
  repMs: number;
}

/**
 * Runs `iter` (one training step, or one matmul) for the warm-up, then times a few more
 * iterations (half as many, at most ~repMs' worth of time) to size a repetition of about repMs.
 */
export function warmUp(
  iter: () => void,
  options: TimingOptions,
): { itersPerRep: number; warmupIters: number } {
  let warmupIters = 0;
  const start = performance.now();
  for (;;) {
    const elapsed = performance.now() - start;
    const enough = warmupIters >= options.warmupMinIters || elapsed >= options.warmupMaxMs;
    if (enough && elapsed >= options.warmupMs) break;
    iter();
    warmupIters++;
  }
  const target = Math.max(1, warmupIters >> 1);
  let sized = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (sized < target && (sized === 0 || elapsed < options.repMs)) {
    iter();
    sized++;
    elapsed = performance.now() - t0;
  }
  const perIter = Math.max(elapsed / sized, 1e-4);
  return { itersPerRep: Math.max(1, Math.round(options.repMs / perIter)), warmupIters: warmupIters + sized };
}

/** Iterations per second over one repetition of `count` iterations. */
export function measureRep(iter: () => void, count: number): number {
  const t = performance.now();
  for (let i = 0; i < count; i++) iter();
  return (count * 1000) / (performance.now() - t);
}
