// What a reader would see wrong in a rendered view, measured in the browser (for the views'
// screenshot tests): text cut off by its chart's edge or lying on other text, a chart wider than
// the card or the window, a plot canvas left blank, a legend that does not show. Each check
// returns readable problems, so a failing test says what and where; [] means it looks right.

/**
 * Text boxes run from the font's ascent to its descent, so lines stacked close share a few
 * pixels of box without their glyphs touching: two texts collide when their boxes share more
 * than this part of the shorter one's height, and more than OVERLAP_PX across.
 */
const OVERLAP_SHARE = 0.3;
const OVERLAP_PX = 1.5;
/** How far text may poke past its SVG's edge (sub-pixel rounding of glyph boxes). */
const EDGE_PX = 1;
/** Share of a plot canvas's pixels that must be painted for it to count as drawn. */
const MIN_INK = 0.002;

function visible(el: Element): boolean {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  for (let e: Element | null = el; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0)
      return false;
    if (e instanceof HTMLElement && e.hidden) return false;
  }
  return true;
}

function name(el: Element): string {
  const text = el.textContent?.trim().slice(0, 40);
  const cls = el.getAttribute('class');
  return `${el.tagName.toLowerCase()}${cls ? `.${cls.split(' ').join('.')}` : ''}${text ? ` "${text}"` : ''}`;
}

function overlap(a: DOMRect, b: DOMRect): boolean {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > OVERLAP_PX && h > OVERLAP_SHARE * Math.min(a.height, b.height);
}

/** SVG text inside `root` that sticks out of its own SVG (and so is cut off) or lies on other text. */
export function textProblems(root: Element): string[] {
  const out: string[] = [];
  for (const svg of root.querySelectorAll('svg')) {
    if (!visible(svg)) continue;
    const box = svg.getBoundingClientRect();
    // Only the svg's own texts (a nested svg is checked on its own).
    const texts = [...svg.querySelectorAll('text')].filter(
      (t) => t.closest('svg') === svg && t.textContent?.trim() && visible(t),
    );
    const rects = texts.map((t) => t.getBoundingClientRect());
    texts.forEach((t, i) => {
      const r = rects[i];
      if (
        r.left < box.left - EDGE_PX ||
        r.right > box.right + EDGE_PX ||
        r.top < box.top - EDGE_PX ||
        r.bottom > box.bottom + EDGE_PX
      )
        out.push(`${name(t)} is cut off by the edge of its chart`);
      for (let j = 0; j < i; j++) if (overlap(r, rects[j])) out.push(`${name(t)} lies on ${name(texts[j])}`);
    });
  }
  return out;
}

/** Charts (svg, canvas) and legends inside `card` that reach past the card or the window's width. */
export function fitProblems(card: Element, windowWidth: number): string[] {
  const out: string[] = [];
  const box = card.getBoundingClientRect();
  if (box.right > windowWidth + EDGE_PX)
    out.push(`the card is ${Math.round(box.width)} px wide in a ${windowWidth} px window`);
  if (document.documentElement.scrollWidth > windowWidth)
    out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px in ${windowWidth} px)`);
  for (const el of card.querySelectorAll('svg, canvas, .legend')) {
    if (!visible(el) || el.parentElement?.closest('svg')) continue;
    const r = el.getBoundingClientRect();
    if (r.left < box.left - EDGE_PX || r.right > box.right + EDGE_PX)
      out.push(
        `${name(el)} (${Math.round(r.left - box.left)}–${Math.round(r.right - box.left)} px) spills out of the ${Math.round(box.width)} px card`,
      );
  }
  return out;
}

/** The share of `canvas`'s pixels that are painted (not fully transparent). */
export function inkShare(canvas: HTMLCanvasElement): number {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted / (canvas.width * canvas.height);
}

/** Visible canvases inside `root` with (almost) nothing painted on them. */
export function blankCanvasProblems(root: Element): string[] {
  return [...root.querySelectorAll('canvas')]
    .filter((c) => visible(c) && inkShare(c) < MIN_INK)
    .map((c) => `${name(c)} is blank (${(inkShare(c) * 100).toFixed(2)} % painted)`);
}

/** Legends inside `root` that are missing, hidden, or have an entry without a visible swatch. */
export function legendProblems(root: Element): string[] {
  const out: string[] = [];
  for (const legend of root.querySelectorAll('.legend')) {
    if (!visible(legend)) {
      out.push(`${name(legend)} is not visible`);
      continue;
    }
    for (const li of legend.querySelectorAll('li')) {
      const swatch = li.querySelector('[class*="swatch"]');
      if (swatch && !visible(swatch)) out.push(`${name(li)} has no visible swatch`);
    }
  }
  return out;
}

/** Every check above for a rendered view card in a `windowWidth` px window. */
export function lookProblems(card: Element, windowWidth: number): string[] {
  return [
    ...fitProblems(card, windowWidth),
    ...textProblems(card),
    ...blankCanvasProblems(card),
    ...legendProblems(card),
  ];
}

/** The visible data marks (non-empty paths, circles, rects with area) inside `root`'s plot groups. */
export function markCount(root: Element, selector = 'path, circle, rect, line'): number {
  return [...root.querySelectorAll(selector)].filter((el) => {
    if (el instanceof SVGPathElement && !el.getAttribute('d')) return false;
    return visible(el);
  }).length;
}
