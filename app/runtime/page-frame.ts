// "The page has drawn": resolves once the page has rendered its next frame. A timer queued from a
// requestAnimationFrame callback runs after that frame's style, layout, paint and commit, which
// happen in the same task as the callback. A hidden page draws no frames (rAF does not fire), so
// there it resolves at once; FRAME_TIMEOUT_MS bounds the wait should no frame come.
// Used by the coordinator to let the workers rest while the main thread renders (coordinator.ts).

export const FRAME_TIMEOUT_MS = 100;
/** The most frames `afterDraws` waits for the live charts. */
export const MAX_DRAW_FRAMES = 4;

export function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') {
      resolve();
      return;
    }
    const timeout = setTimeout(resolve, FRAME_TIMEOUT_MS);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timeout);
        resolve();
      }, 0),
    );
  });
}

/**
 * Resolves once the live charts have drawn their last tick (they spread a tick's redraws over
 * frames, a budget per frame: app/ui/live.ts), the frame after at the least and MAX_DRAW_FRAMES
 * at the most.
 */
export async function afterDraws(pending: () => boolean): Promise<void> {
  for (let frame = 0; frame < MAX_DRAW_FRAMES; frame++) {
    await afterNextFrame();
    if (!pending()) return;
  }
}
