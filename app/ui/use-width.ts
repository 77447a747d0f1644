// The content width of an element, kept current with a ResizeObserver, for charts that
// must fill their card at any screen size.

import { type RefObject, useLayoutEffect, useState } from 'react';

/** The content-box width of `el` (its ResizeObserver `contentRect.width`), read synchronously. */
function contentWidth(el: HTMLElement): number {
  const style = getComputedStyle(el);
  return (
    el.clientWidth -
    (Number.parseFloat(style.paddingLeft) || 0) -
    (Number.parseFloat(style.paddingRight) || 0)
  );
}

/**
 * The element's content width. It is read before the first paint (a layout effect), so a chart is
 * never shown, even for one frame, at the `initial` guess: on a phone a 480 px first frame would
 * scroll its card sideways until the observer caught up.
 */
export function useWidth(ref: RefObject<HTMLElement | null>, initial = 480, min = 240): number {
  const [width, setWidth] = useState(initial);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measured = Math.floor(contentWidth(el));
    if (measured > 0) setWidth(Math.max(min, measured));
    const observer = new ResizeObserver(([entry]) =>
      setWidth(Math.max(min, Math.floor(entry.contentRect.width))),
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, min]);
  return width;
}
