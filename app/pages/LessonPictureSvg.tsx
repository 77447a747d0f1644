// A lesson's picture on the course map: the build-time measurements (lessons/picture.ts) drawn
// as SVG paths, in the palette's colours for the current theme, with a legend naming every line it
// draws (a guide too: lesson 12's 1/√B is what its measured line is compared with).

import type { LessonPicture } from '../lessons/picture.ts';
import { layoutPicture } from '../lessons/picture.ts';

/** The picture's drawing box (it scales to the card's width). */
const WIDTH = 320;
const HEIGHT = 120;

export function LessonPictureSvg({ picture }: { picture: LessonPicture }) {
  const { paths } = layoutPicture(picture, WIDTH, HEIGHT, 6);
  return (
    <figure className="map-picture">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={picture.description}
        data-series={picture.series.length}
      >
        {paths.map((p, i) => (
          <path
            // biome-ignore lint/suspicious/noArrayIndexKey: a picture's series never reorder
            key={i}
            d={p.d}
            className={`map-${p.kind}`}
            style={{ stroke: p.color }}
          />
        ))}
      </svg>
      <figcaption className="map-legend" aria-hidden="true">
        {picture.series.map((s) => (
          <span key={s.label}>
            <span className={`map-swatch map-swatch-${s.kind}`} style={{ background: s.color }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
