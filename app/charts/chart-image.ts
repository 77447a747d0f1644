// A live view as a standalone image for slides: the view's card as drawn now (its title, SVG
// charts, canvases, legends and labels, placed where the page shows them) with the experiment
// (its deep-link query) as a caption, composed into one SVG with the browser's XMLSerializer;
// the PNG is that SVG drawn on a canvas (`canvas.toBlob`). One composer for every view
// (lab/views.tsx offers it on every chart card): SVG parts are cloned with their painted styles
// copied inline (the page's CSS does not travel with an SVG file), canvases are embedded as PNG
// images, HTML text becomes SVG text in its computed font and colour, and coloured boxes (legend
// swatches, table cells) become rectangles; form controls are left out. The background is the
// card's own, so a dark-theme export stays legible. No dependency, no network.

/** Styles that decide how an SVG element looks, copied from the page onto the exported copy. */
import { CHART_TEXT_PX, UI_COLORS } from '../tokens.ts';

const PAINT_STYLES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'visibility',
  'display',
  'text-anchor',
  'dominant-baseline',
  'stroke-linecap',
  'stroke-linejoin',
  'fill-rule',
  'shape-rendering',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
const PAD = 12;
const TITLE_H = 26;
const CAPTION_LINE_H = 13;

/** Splits a caption into lines of at most `max` characters, breaking after '&' where it can. */
export function wrapCaption(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(/(?<=&)/)) {
    if (line && line.length + part.length > max) {
      lines.push(line);
      line = '';
    }
    line += part;
    while (line.length > max) {
      lines.push(line.slice(0, max));
      line = line.slice(max);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A file name from a chart title: "Training loss" → "training-loss". */
export function chartFileName(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'chart'
  );
}

function copyPaint(from: Element, to: Element): void {
  const style = getComputedStyle(from);
  const inline = PAINT_STYLES.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';');
  to.setAttribute('style', inline);
  for (let i = 0; i < from.children.length; i++) {
    const child = to.children[i];
    if (child) copyPaint(from.children[i], child);
  }
}

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const isClear = (color: string) =>
  !color || color === 'transparent' || /^rgba\(.*,\s*0(\.0+)?\)$/.test(color);

/** The colour the view is seen on: the nearest ancestor's opaque background (the theme's). */
function backgroundOf(node: Element): string {
  for (let e: Element | null = node; e; e = e.parentElement) {
    const color = getComputedStyle(e).backgroundColor;
    if (!isClear(color)) return color;
  }
  return UI_COLORS.light.surface;
}

export interface ChartImage {
  svg: string;
  width: number;
  height: number;
}

/**
 * Form controls are the page's, not the figure's: they and what they hold stay out of an image
 * (buttons stay: in a diagram they are its blocks; a card's own controls are `data-export="omit"`).
 */
const LEFT_OUT = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'LABEL', 'FIELDSET', 'SCRIPT', 'STYLE', 'TEMPLATE']);

type Box = { x: number; y: number; w: number; h: number };

/**
 * An HTML element's painted box as SVG rectangles: its background (a legend swatch, a table
 * cell) and its borders (a whole frame, or single rules such as a line swatch or a table rule),
 * at the element's own opacity.
 */
function boxParts(style: CSSStyleDeclaration, b: Box): SVGElement[] {
  const out: SVGElement[] = [];
  const opacity = Number(style.opacity);
  const shade: Record<string, number> = opacity < 1 ? { opacity } : {};
  const rx = Number.parseFloat(style.borderTopLeftRadius) || 0;
  if (!isClear(style.backgroundColor))
    out.push(
      el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx, fill: style.backgroundColor, ...shade }),
    );
  const sides = (['top', 'right', 'bottom', 'left'] as const).map((side) => {
    const width = Number.parseFloat(style.getPropertyValue(`border-${side}-width`)) || 0;
    const color = style.getPropertyValue(`border-${side}-color`);
    const drawn = width > 0 && style.getPropertyValue(`border-${side}-style`) !== 'none' && !isClear(color);
    return { side, width: drawn ? width : 0, color };
  });
  const dash = { dashed: '4 3', dotted: '1 2' }[style.borderTopStyle];
  const [top] = sides;
  if (sides.every((s) => s.width === top.width && s.color === top.color)) {
    if (top.width > 0)
      out.push(
        el('rect', {
          x: b.x + top.width / 2,
          y: b.y + top.width / 2,
          width: Math.max(0, b.w - top.width),
          height: Math.max(0, b.h - top.width),
          rx,
          fill: 'none',
          stroke: top.color,
          'stroke-width': top.width,
          ...(dash ? { 'stroke-dasharray': dash } : {}),
          ...shade,
        }),
      );
    return out;
  }
  for (const { side, width, color } of sides) {
    if (width === 0) continue;
    const rule =
      side === 'top'
        ? { x: b.x, y: b.y, width: b.w, height: width }
        : side === 'bottom'
          ? { x: b.x, y: b.y + b.h - width, width: b.w, height: width }
          : side === 'left'
            ? { x: b.x, y: b.y, width, height: b.h }
            : { x: b.x + b.w - width, y: b.y, width, height: b.h };
    out.push(el('rect', { ...rule, fill: color, ...shade }));
  }
  return out;
}

/** The box of `r` relative to `origin`. */
function box(r: DOMRect, origin: DOMRect): Box {
  return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
}

/** A screen-reader-only element (a 1 px clipped box) or one the page does not render. */
function unseen(node: Element, style: CSSStyleDeclaration, r: DOMRect): boolean {
  if (style.display === 'none' || style.visibility === 'hidden') return true;
  if (style.display === 'contents') return false;
  if (r.width <= 1 && r.height <= 1 && (style.overflow === 'hidden' || style.position === 'absolute'))
    return true;
  return node.checkVisibility ? !node.checkVisibility({ opacityProperty: true }) : false;
}

/**
 * The parts of `root` as drawn now, as SVG elements placed relative to `root`'s top-left, in
 * document (painting) order, and the box they cover.
 */
function drawnParts(root: HTMLElement): {
  parts: SVGElement[];
  bounds: { x0: number; y0: number; x1: number; y1: number };
  hasTitle: boolean;
} {
  const origin = root.getBoundingClientRect();
  const parts: SVGElement[] = [];
  // The box the drawn parts cover (the card's padding and its controls' row are left out).
  const bounds = { x0: Number.POSITIVE_INFINITY, y0: Number.POSITIVE_INFINITY, x1: 0, y1: 0 };
  let hasTitle = false;
  const cover = (b: Box) => {
    bounds.x0 = Math.min(bounds.x0, b.x);
    bounds.y0 = Math.min(bounds.y0, b.y);
    bounds.x1 = Math.max(bounds.x1, b.x + b.w);
    bounds.y1 = Math.max(bounds.y1, b.y + b.h);
  };

  const text = (node: Text) => {
    const parent = node.parentElement;
    // The visible characters only: spaces at either end may be collapsed away or not, and a
    // line placed at its first glyph's box is right either way.
    const first = node.data.search(/\S/);
    if (first < 0 || !parent) return;
    const last = node.data.trimEnd().length;
    const style = getComputedStyle(parent);
    const range = document.createRange();
    range.setStart(node, first);
    range.setEnd(node, last);
    const rects = range.getClientRects();
    if (rects.length === 0) return;
    // A wrapped text node: one SVG line per screen line, found from its words' boxes.
    const lines: { text: string; r: DOMRect }[] = [];
    if (rects.length === 1)
      lines.push({ text: node.data.slice(first, last).replace(/\s+/g, ' '), r: rects[0] });
    else
      for (const word of node.data.matchAll(/\S+/g)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const r = range.getClientRects()[0];
        if (!r) continue;
        const line = lines.at(-1);
        if (line && Math.abs(line.r.top - r.top) < 2) {
          line.text += ` ${word[0]}`;
          line.r = new DOMRect(line.r.left, line.r.top, r.right - line.r.left, line.r.height);
        } else lines.push({ text: word[0], r });
      }
    for (const line of lines) {
      const b = box(line.r, origin);
      if (b.w <= 0) continue;
      cover(b);
      parts.push(textPart(line.text, style, b.x, b.y + b.h / 2));
    }
  };

  const textPart = (content: string, style: CSSStyleDeclaration, x: number, y: number) =>
    el(
      'text',
      {
        x,
        y,
        'dominant-baseline': 'central',
        fill: style.color,
        'font-family': style.fontFamily,
        'font-size': style.fontSize,
        'font-weight': style.fontWeight,
        'font-style': style.fontStyle,
      },
      content,
    );

  /**
   * Generated text before an element's content (a connecting arrow, say): it has no box of its
   * own, so it is placed where it ends, just before the first child (or at the content's start).
   */
  const before = (node: Element, b: Box) => {
    const style = getComputedStyle(node, '::before');
    const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(style.content)?.[1];
    if (!quoted?.trim() || style.display === 'none') return;
    const measure = document.createElement('canvas').getContext('2d');
    if (!measure) return;
    measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const width = measure.measureText(quoted).width;
    const child = node.firstElementChild?.getBoundingClientRect();
    const own = getComputedStyle(node);
    const x = child
      ? child.left - origin.left - (Number.parseFloat(style.paddingRight) || 0) - width
      : b.x + (Number.parseFloat(own.paddingLeft) || 0) + (Number.parseFloat(style.paddingLeft) || 0);
    const y = b.y + b.h / 2;
    cover({ x, y: b.y, w: width, h: b.h });
    parts.push(textPart(quoted, style, x, y));
  };

  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) return text(node as Text);
    if (!(node instanceof Element) || LEFT_OUT.has(node.tagName.toUpperCase())) return;
    if (node instanceof HTMLElement && node.dataset.export === 'omit') return;
    const style = getComputedStyle(node);
    const r = node.getBoundingClientRect();
    if (unseen(node, style, r)) return;
    const b = box(r, origin);
    if (node.classList.contains('chart-title')) hasTitle = true;
    if (node instanceof SVGSVGElement) {
      if (b.w <= 0 || b.h <= 0) return;
      const copy = node.cloneNode(true) as SVGSVGElement;
      copyPaint(node, copy);
      copy.removeAttribute('role');
      copy.removeAttribute('class');
      for (const [k, v] of Object.entries({ x: b.x, y: b.y, width: b.w, height: b.h }))
        copy.setAttribute(k, String(v));
      cover(b);
      parts.push(copy);
      return;
    }
    if (node instanceof HTMLCanvasElement) {
      if (node.width === 0 || node.height === 0 || b.w <= 0 || b.h <= 0) return;
      cover(b);
      parts.push(
        el('image', {
          href: node.toDataURL('image/png'),
          x: b.x,
          y: b.y,
          width: b.w,
          height: b.h,
          preserveAspectRatio: 'none',
        }),
      );
      return;
    }
    if (node !== root && b.w > 0 && b.h > 0) {
      const painted = boxParts(style, b);
      if (painted.length > 0) cover(b);
      parts.push(...painted);
    }
    before(node, b);
    for (const child of node.childNodes) visit(child);
  };
  for (const child of root.childNodes) visit(child);
  if (parts.length === 0) Object.assign(bounds, { x0: 0, y0: 0, x1: origin.width, y1: origin.height });
  return { parts, bounds, hasTitle };
}

/**
 * Composes what `root` (a view's card) shows now, titled `title` (unless the card shows its own
 * `.chart-title`) and captioned `caption`, into one standalone SVG document.
 */
export function composeViewSvg(root: HTMLElement, title: string, caption: string): ChartImage {
  const { parts, bounds, hasTitle } = drawnParts(root);
  const page = getComputedStyle(root);
  const ink = page.color;
  const font = page.fontFamily;
  const contentW = Math.ceil(bounds.x1 - bounds.x0);
  const contentH = Math.ceil(bounds.y1 - bounds.y0);
  const width = contentW + 2 * PAD;
  const top = hasTitle ? PAD : TITLE_H + PAD;
  const captionLines = wrapCaption(caption, Math.max(20, Math.floor((width - 2 * PAD) / 6.2)));
  const captionTop = top + contentH + 8;
  const height = captionTop + captionLines.length * CAPTION_LINE_H + PAD;

  const svg = el('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
  svg.append(el('rect', { width, height, fill: backgroundOf(root) }));
  if (!hasTitle)
    svg.append(
      el(
        'text',
        {
          x: PAD,
          y: PAD + 16,
          fill: ink,
          'font-family': font,
          'font-size': CHART_TEXT_PX.title,
          'font-weight': 600,
        },
        title,
      ),
    );
  const content = el('g', { transform: `translate(${PAD - bounds.x0},${top - bounds.y0})` });
  content.append(...parts);
  svg.append(content);
  captionLines.forEach((line, i) => {
    svg.append(
      el(
        'text',
        {
          x: PAD,
          y: captionTop + (i + 1) * CAPTION_LINE_H - 3,
          fill: ink,
          'font-family': 'monospace',
          'font-size': CHART_TEXT_PX.annotation,
        },
        line,
      ),
    );
  });
  return { svg: new XMLSerializer().serializeToString(svg), width, height };
}

/** Rasterizes a composed chart SVG at `scale` × its size. */
export async function chartPng(image: ChartImage, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
