// A live chart as a standalone image for slides: its title, its SVG frame (axes, markers) with
// the curves' canvas embedded as a PNG, its legend and a caption (the experiment's deep-link
// query), composed into one SVG with the browser's XMLSerializer; the PNG is that SVG drawn on
// a canvas (`canvas.toBlob`). The page's CSS does not travel with an SVG file, so the painted
// styles of the chart's elements are copied inline. No dependency, no network.

/** Styles that decide how an SVG element looks, copied from the page onto the exported copy. */
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
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
const PAD = 12;
const TITLE_H = 26;
const LINE_H = 16;
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

/** The colour the chart is seen on: the nearest ancestor's opaque background (the theme's). */
function backgroundOf(node: Element): string {
  for (let e: Element | null = node; e; e = e.parentElement) {
    const color = getComputedStyle(e).backgroundColor;
    if (color && color !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return '#ffffff';
}

export interface ChartImage {
  svg: string;
  width: number;
  height: number;
}

/**
 * Composes the chart in `figure` (a CurveChart's `<figure>`: `.chart-title`, the chart's `svg`,
 * `canvas.chart-canvas`, `.legend li`) and `caption` into one standalone SVG document.
 */
export function composeChartSvg(figure: HTMLElement, caption: string): ChartImage {
  const chart = figure.querySelector<SVGSVGElement>('.chart-body svg');
  if (!chart) throw new Error('no chart to export');
  const canvas = figure.querySelector<HTMLCanvasElement>('canvas.chart-canvas');
  const title = figure.querySelector('.chart-title')?.textContent ?? '';
  const chartW = chart.width.baseVal.value;
  const chartH = chart.height.baseVal.value;
  const width = chartW + 2 * PAD;
  const legend = [...figure.querySelectorAll<HTMLLIElement>('.legend li')].map((li) => ({
    label: li.textContent?.trim() ?? '',
    color: li.querySelector<HTMLElement>('.swatch')
      ? getComputedStyle(li.querySelector<HTMLElement>('.swatch') as HTMLElement).backgroundColor
      : 'currentColor',
  }));
  const captionLines = wrapCaption(caption, Math.max(20, Math.floor((width - 2 * PAD) / 6.2)));
  const legendTop = TITLE_H + chartH + 6;
  const captionTop = legendTop + legend.length * LINE_H + 8;
  const height = captionTop + captionLines.length * CAPTION_LINE_H + PAD;

  const page = getComputedStyle(figure);
  const background = backgroundOf(figure);
  const ink = page.color;
  const font = page.fontFamily;

  const root = el('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
  root.append(el('rect', { width, height, fill: background }));
  root.append(
    el('text', { x: PAD, y: 18, fill: ink, 'font-family': font, 'font-size': 15, 'font-weight': 600 }, title),
  );

  const frame = el('g', { transform: `translate(${PAD},${TITLE_H})` });
  const copy = chart.cloneNode(true) as SVGSVGElement;
  copyPaint(chart, copy);
  copy.removeAttribute('role');
  copy.setAttribute('x', '0');
  copy.setAttribute('y', '0');
  frame.append(copy);
  if (canvas && canvas.width > 0 && canvas.height > 0) {
    frame.append(
      el('image', {
        href: canvas.toDataURL('image/png'),
        x: canvas.offsetLeft,
        y: canvas.offsetTop,
        width: canvas.clientWidth,
        height: canvas.clientHeight,
        preserveAspectRatio: 'none',
      }),
    );
  }
  root.append(frame);

  legend.forEach((item, i) => {
    const y = legendTop + i * LINE_H;
    root.append(el('rect', { x: PAD, y: y + 3, width: 10, height: 10, fill: item.color }));
    root.append(
      el('text', { x: PAD + 16, y: y + 12, fill: ink, 'font-family': font, 'font-size': 12 }, item.label),
    );
  });
  captionLines.forEach((line, i) => {
    root.append(
      el(
        'text',
        {
          x: PAD,
          y: captionTop + (i + 1) * CAPTION_LINE_H - 3,
          fill: ink,
          'font-family': 'monospace',
          'font-size': 10,
        },
        line,
      ),
    );
  });
  return { svg: new XMLSerializer().serializeToString(root), width, height };
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
