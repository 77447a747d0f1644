// Brings a part of the page to the reader: scrolls it into view (smoothly, unless the reader asks
// for reduced motion) and highlights it for a moment, so the eye finds what a try-this changed or
// what a phrase in the text names. Live views carry `data-view="<id>"` on their card (lab/views.tsx).

/** How long a revealed element stays highlighted. */
export const REVEAL_HIGHLIGHT_MS = 1600;

const timers = new WeakMap<Element, number>();

export function reveal(el: HTMLElement): void {
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
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
