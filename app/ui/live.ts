// The one way live charts follow training: redraw when the store's `tick` changes, at most once
// per animation frame within a shared per-frame budget, and only while the chart is on screen (an IntersectionObserver marks
// it dirty meanwhile and it catches up when scrolled into view). Off-screen charts cost the
// page nothing, which keeps frames short and leaves the CPU to the training workers.

import { type RefObject, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { store } from '../store/index.ts';
import { subscribeTheme } from '../theme.ts';

/**
 * Main-thread time the charts may take in one animation frame. Redraws due at the same tick are
 * spread over frames instead of all landing in one, so no frame blows its 16.7 ms.
 */
export const FRAME_BUDGET_MS = 4;

const queue = new Set<() => void>();
let pumpFrame = 0;

function pump(): void {
  pumpFrame = 0;
  const start = performance.now();
  for (const draw of queue) {
    queue.delete(draw);
    draw();
    if (performance.now() - start > FRAME_BUDGET_MS) break;
  }
  if (queue.size > 0) pumpFrame = requestAnimationFrame(pump);
}

/** Whether live redraws are still waiting for a frame (the page has not yet drawn its last tick). */
export function drawsPending(): boolean {
  return queue.size > 0;
}

function enqueue(draw: () => void): void {
  queue.add(draw);
  if (pumpFrame === 0) pumpFrame = requestAnimationFrame(pump);
}

/**
 * Runs `draw` once in a coming animation frame, inside the shared per-frame budget (after the
 * draws queued before it); returns a cancel. For a view's one-off redraws that are not training
 * ticks, such as a new answer of many small pictures: spread over frames, not one long task.
 */
export function drawSoon(draw: () => void): () => void {
  const run = () => draw();
  enqueue(run);
  return () => {
    queue.delete(run);
  };
}

/**
 * Subscribes `draw` to training ticks for element `el`; draws once at once unless `drawNow` is
 * false. Returns the unsubscribe.
 */
export function subscribeTick(el: Element | null, draw: () => void, drawNow = true): () => void {
  let visible = true;
  let dirty = false;
  const run = () => {
    dirty = false;
    draw();
  };
  const schedule = () => {
    if (!visible) {
      dirty = true;
      return;
    }
    enqueue(run);
  };
  let observer: IntersectionObserver | null = null;
  if (el && typeof IntersectionObserver !== 'undefined') {
    observer = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible && dirty) schedule();
    });
    observer.observe(el);
  }
  if (drawNow) draw();
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.tick !== prev.tick) schedule();
  });
  // Canvas marks take their colours from the theme once per draw: a theme change redraws them.
  const unsubscribeTheme = subscribeTheme(schedule);
  return () => {
    unsubscribe();
    unsubscribeTheme();
    observer?.disconnect();
    queue.delete(run);
  };
}

/** Hook form: redraws `draw` (memoize it) on ticks while `ref`'s element is on screen. */
export function useTick(draw: () => void, ref?: RefObject<Element | null>): void {
  useEffect(() => subscribeTick(ref?.current ?? null, draw), [draw, ref]);
}

/**
 * Calls `onTick` when the store's tick changes: only while `el` is on screen (catching up when it
 * scrolls into view), inside the shared per-frame budget, and at most once per `minIntervalMs`
 * counted from `lastAt` (the latest tick is always delivered). Returns the unsubscribe.
 */
export function subscribeLive(
  el: Element | null,
  onTick: () => void,
  minIntervalMs = 0,
  lastAt = Number.NEGATIVE_INFINITY,
): () => void {
  let last = lastAt;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const deliver = () => {
    last = performance.now();
    onTick();
  };
  const unsubscribe = subscribeTick(
    el,
    () => {
      if (timer !== null) return; // a delivery is already due
      const wait = last + minIntervalMs - performance.now();
      if (wait <= 0) deliver();
      else
        timer = setTimeout(() => {
          timer = null;
          enqueue(deliver);
        }, wait);
    },
    false,
  );
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    queue.delete(deliver);
  };
}

/**
 * For React-rendered live parts (tables, small SVGs): a number that changes with the store's
 * `tick` as `subscribeLive` delivers it, so an off-screen part costs nothing and an on-screen one
 * renders inside the frame that pays for it. Read the store with `store.getState()` in the
 * render that uses it.
 */
export function useLiveTick(ref: RefObject<Element | null>, minIntervalMs = 0): number {
  const [version, setVersion] = useState(0);
  useEffect(
    () =>
      subscribeLive(
        ref.current,
        // Rendered now, inside the frame budget (not in a later task).
        () => flushSync(() => setVersion((v) => v + 1)),
        minIntervalMs,
      ),
    [ref, minIntervalMs],
  );
  return version;
}

/**
 * Whether `ref`'s element is on screen, for work that only an on-screen part needs (a view's
 * periodic request to a worker). True until the first report, and where there is no observer.
 */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) =>
      setOnScreen(entries.some((e) => e.isIntersecting)),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return onScreen;
}
