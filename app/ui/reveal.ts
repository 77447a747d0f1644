// Brings a part of the page to the reader: scrolls it into view (smoothly, unless the reader asks
// for reduced motion) and highlights it for a moment, so the eye finds what a try-this changed or
// what a phrase in the text names. Live views carry `data-view="<id>"` on their card (lab/views.tsx).

/** How long a revealed element stays highlighted. */
export const REVEAL_HIGHLIGHT_MS = 1600;

const timers = new WeakMap<Element, number>();

/** Space left above a revealed element inside a scrolling column (px). */
const COLUMN_MARGIN = 8;

/**
 * The element's nearest ancestor that scrolls by itself and stays on screen (a sticky column,
 * like the lesson's live figure on wide screens); null when the page itself scrolls to it.
 */
function stickyScroller(el: HTMLElement): HTMLElement | null {
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (!/(auto|scroll)/.test(style.overflowY) || node.scrollHeight <= node.clientHeight) continue;
    return style.position === 'sticky' ? node : null;
  }
  return null;
}

export function reveal(el: HTMLElement): void {
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const behavior = reduce ? 'auto' : 'smooth';
  const aim = (final: boolean) => {
    const column = stickyScroller(el);
    if (column) {
      // The column is already on screen: scroll only it (scrollIntoView would move the page
      // too, and the text the reader is on).
      const offset = () =>
        el.getBoundingClientRect().top - column.getBoundingClientRect().top - COLUMN_MARGIN;
      if (final) {
        // Views that finish drawing during a smooth scroll move the target: aim again at its end.
        column.addEventListener(
          'scrollend',
          () => {
            if (Math.abs(offset()) > 4)
              column.scrollTo({ top: column.scrollTop + offset(), behavior: 'auto' });
          },
          { once: true },
        );
      }
      column.scrollTo({ top: column.scrollTop + offset(), behavior });
    } else {
      el.scrollIntoView({ behavior, block: 'start' });
    }
  };
  // Aim now, and again in the next frame: a try-this changes the experiment in the same click,
  // and the views above the target re-render (and change height) before then.
  aim(false);
  requestAnimationFrame(() => aim(true));
  el.classList.add('revealed');
  window.clearTimeout(timers.get(el));
  timers.set(
    el,
    window.setTimeout(() => el.classList.remove('revealed'), REVEAL_HIGHLIGHT_MS),
  );
}

/** Reveals the card of live view `id`; false when the page does not show that view. */
export function revealView(id: string): boolean {
  const el = document.querySelector<HTMLElement>(`[data-view="${CSS.escape(id)}"]`);
  if (!el) return false;
  reveal(el);
  return true;
}
