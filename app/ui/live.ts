// The one way live charts follow training: redraw when the store's `tick` changes, at most once
// per animation frame, and only while the chart is on screen (an IntersectionObserver marks
// it dirty meanwhile and it catches up when scrolled into view). Off-screen charts cost the
// page nothing, which keeps frames short and leaves the CPU to the training workers.

import { type RefObject, useEffect } from 'react';
import { store } from '../store/index.ts';

/** Subscribes `draw` to training ticks for element `el`; draws once at once. Returns the unsubscribe. */
export function subscribeTick(el: Element | null, draw: () => void): () => void {
  let frame = 0;
  let visible = true;
  let dirty = false;
  const run = () => {
    frame = 0;
    dirty = false;
    draw();
  };
  const schedule = () => {
    if (!visible) {
      dirty = true;
      return;
    }
    if (frame === 0) frame = requestAnimationFrame(run);
  };
  let observer: IntersectionObserver | null = null;
  if (el && typeof IntersectionObserver !== 'undefined') {
    observer = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible && dirty) schedule();
    });
    observer.observe(el);
  }
  draw();
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.tick !== prev.tick) schedule();
  });
  return () => {
    unsubscribe();
    observer?.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}

/** Hook form: redraws `draw` (memoize it) on ticks while `ref`'s element is on screen. */
export function useTick(draw: () => void, ref?: RefObject<Element | null>): void {
  useEffect(() => subscribeTick(ref?.current ?? null, draw), [draw, ref]);
}
