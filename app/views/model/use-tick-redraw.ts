// Redraws an imperative chart when the store's `tick` changes (see app/ui/live.ts: at most once
// per animation frame, only while on screen). `draw` should be memoized (useCallback) by the
// caller: a new `draw` redraws at once and re-subscribes.

import type { RefObject } from 'react';
import { useTick } from '../../ui/live.ts';

export function useTickRedraw(draw: () => void, ref?: RefObject<Element | null>): void {
  useTick(draw, ref);
}
