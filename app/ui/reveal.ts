// Brings a part of the page to the reader: scrolls it into view (smoothly, unless the reader asks
// for reduced motion) and highlights it for a moment, so the eye finds what a try-this changed or
// what a phrase in the text names. Live views carry `data-view="<id>"` on their card (lab/views.tsx).

/** How long a revealed element stays highlighted. */
export const REVEAL_HIGHLIGHT_MS = 1600;

const timers = new WeakMap<Element, number>();

/** Space left above a revealed element inside a scrolling column (px). */
const COLUMN_MARGIN = 8;
/** Space left between a revealed element and a sticky bar above it, or the window's top (px). */
const PAGE_MARGIN = 8;
/** How long after a reveal its last correction may still come (once its scroll ends). */
const REAIM_WINDOW_MS = 3000;

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

/**
 * How far down the window the bars that stick to its top reach (the phone's live dock), measured
 * now: a bar's height changes with its content (a two-line status), so no constant can clear it.
 * Such bars carry `data-sticky-bar`; one that is not sticky at this width covers nothing.
 */
export function stickyBarsBottom(): number {
  let bottom = 0;
  for (const bar of document.querySelectorAll<HTMLElement>('[data-sticky-bar]')) {
    const style = getComputedStyle(bar);
    if (style.position !== 'sticky' && style.position !== 'fixed') continue;
    bottom = Math.max(bottom, (Number.parseFloat(style.top) || 0) + bar.offsetHeight);
  }
  return bottom;
}

export function reveal(el: HTMLElement): void {
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const behavior = reduce ? 'auto' : 'smooth';
  const aim = (final: boolean) => {
    // In a sticky column already on screen, scroll only it (scrolling the page would move the
    // text the reader is on too); else the page, to just below the bars stuck to its top.
    const column = stickyScroller(el);
    const scroller: HTMLElement | Window = column ?? window;
    const offset = column
      ? () => el.getBoundingClientRect().top - column.getBoundingClientRect().top - COLUMN_MARGIN
      : () => el.getBoundingClientRect().top - stickyBarsBottom() - PAGE_MARGIN;
    const top = () => (column ? column.scrollTop : window.scrollY) + offset();
    if (final && Math.abs(offset()) > 4) {
      // Views that finish drawing during a smooth scroll move the target (a sweep's chart
      // appears): aim again at its end.
      scroller.addEventListener(
        'scrollend',
        () => {
          if (Math.abs(offset()) > 4) scroller.scrollTo({ top: top(), behavior: 'auto' });
        },
        { once: true, signal: AbortSignal.timeout(REAIM_WINDOW_MS) },
      );
    }
    scroller.scrollTo({ top: top(), behavior });
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
