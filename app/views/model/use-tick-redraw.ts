// Redraws an imperative chart when the store's `tick` changes, at most once per animation
// frame, without re-rendering React. `draw` should be memoized (useCallback) by the caller:
// a new `draw` redraws at once and re-subscribes.

import { useEffect } from 'react';
import { store } from '../../store/index.ts';

export function useTickRedraw(draw: () => void): void {
  useEffect(() => {
    let frame = 0;
    const run = () => {
      frame = 0;
      draw();
    };
    draw();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.tick !== prev.tick && frame === 0) frame = requestAnimationFrame(run);
    });
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [draw]);
}
