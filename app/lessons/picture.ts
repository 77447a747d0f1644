// A lesson's picture on the course map (and in its share preview): a few polylines or dot sets
// measured from the lesson's own experiment at build time (lesson-pictures.ts, run in node by
// scripts/lesson-pictures-plugin.ts), and the pure layout that draws them into a box. No
// illustration is drawn by hand: every point is an engine output.

/** One series of the picture. */
export interface PictureSeries {
  /** The run or quantity, as a reader names it ("BatchNorm", "descent path"). */
  label: string;
  /** A palette colour: `var(--c-<key>)` (colors.ts), resolved by the page or the PNG renderer. */
  color: string;
  /** 'line': a measured curve; 'guide': a thin context line (a contour); 'dots': points. */
  kind: 'line' | 'guide' | 'dots';
  /** x0, y0, x1, y1, … in the picture's units (a break in a line is a NaN pair). */
  xy: number[];
}

export interface LessonPicture {
  lesson: number;
  /** What the picture shows, in one sentence (its accessible name and caption). */
  description: string;
  /** Domains of the two axes in picture units; y may be logarithmic (then both ends > 0). */
  x: [number, number];
  y: [number, number];
  yLog: boolean;
  series: PictureSeries[];
}

/** A picture to make (lesson-pictures.ts), and what it depends on besides the engine's code: its cache key. */
export interface PictureJob {
  lesson: number;
  key: string;
  make: () => LessonPicture;
}

/** A shared page's preview text (pages/build-time.ts): the home page (lesson null) or a lesson's. */
export interface ShareMeta {
  lesson: number | null;
  title: string;
  description: string;
}

/** A picture's series as drawable paths in a width × height box (y grows downwards). */
export interface PictureLayout {
  paths: { label: string; color: string; kind: PictureSeries['kind']; d: string }[];
}

/** Points kept per measured curve: enough for a 600 px wide preview, small in the bundle. */
export const PICTURE_POINTS = 50;

/** The box coordinate of a picture value (log or linear); values outside the domain fall outside the box, which clips them. */
function scaler(domain: [number, number], log: boolean, from: number, to: number): (v: number) => number {
  const f = log ? Math.log10 : (v: number) => v;
  const a = f(domain[0]);
  const b = f(domain[1]);
  const span = b - a || 1;
  return (v) => {
    return from + ((f(v) - a) / span) * (to - from);
  };
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** SVG path data for each series in a box with `pad` pixels kept free on every side. */
export function layoutPicture(p: LessonPicture, width: number, height: number, pad = 4): PictureLayout {
  const sx = scaler(p.x, false, pad, width - pad);
  const sy = scaler(p.y, p.yLog, height - pad, pad);
  const paths = p.series.map((s) => {
    const parts: string[] = [];
    let pen = false;
    for (let i = 0; i + 1 < s.xy.length; i += 2) {
      const x = s.xy[i];
      const y = s.xy[i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y) || (p.yLog && y <= 0)) {
        pen = false;
        continue;
      }
      const X = round1(sx(x));
      const Y = round1(sy(y));
      if (s.kind === 'dots') parts.push(`M${X},${Y}h0`);
      else {
        parts.push(`${pen ? 'L' : 'M'}${X},${Y}`);
        pen = true;
      }
    }
    return { label: s.label, color: s.color, kind: s.kind, d: parts.join('') };
  });
  return { paths };
}
