// Share previews (scripts/share-image.ts, scripts/lesson-pictures-plugin.ts): a lesson's picture
// becomes a valid 1200 × 630 PNG that carries its curves in their palette colours, the same bytes
// every time; a lesson's share page carries its preview tags and forwards to the lesson.

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharePage } from '../../scripts/lesson-pictures-plugin.ts';
import { paletteResolver, SHARE_HEIGHT, SHARE_WIDTH, shareImage } from '../../scripts/share-image.ts';
import type { LessonPicture } from '../lessons/picture.ts';

const colorOf = paletteResolver();

const picture: LessonPicture = {
  lesson: 4,
  description: 'test',
  x: [0, 10],
  y: [0.1, 10],
  yLog: true,
  series: [
    { label: 'No norm', color: 'var(--c-grey)', kind: 'line', xy: [0, 10, 10, 5] },
    { label: 'BatchNorm', color: 'var(--c-s0)', kind: 'line', xy: [0, 10, 5, 1, 10, 0.1] },
  ],
};

/** The RGB pixels of an unfiltered 8-bit RGB PNG as written by shareImage. */
function decode(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (1 + width * 3));
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * (1 + width * 3) + 1 + x * 3, y * (1 + width * 3) + 4 + x * 3)],
  };
}

describe('share image', () => {
  it('is a 1200 × 630 PNG with the curves in the palette colours, the same bytes every time', () => {
    const png = shareImage(picture, colorOf, 4);
    expect(png.equals(shareImage(picture, colorOf, 4))).toBe(true);
    const image = decode(png);
    expect([image.width, image.height]).toEqual([SHARE_WIDTH, SHARE_HEIGHT]);
    const blue = [...colorOf('var(--c-blue)')];
    const grey = [...colorOf('var(--c-grey)')];
    const colours = new Set<string>();
    for (let y = 0; y < image.height; y += 2)
      for (let x = 300; x < image.width; x += 2) colours.add(image.pixel(x, y).join());
    expect(colours.has(blue.join()), `BatchNorm's colour ${blue}`).toBe(true);
    expect(colours.has(grey.join()), `no norm's colour ${grey}`).toBe(true);
  });

  it('resolves palette references through the design tokens (series colour 0 is blue); an unknown token fails the build', () => {
    expect(colorOf('var(--c-s0)')).toEqual(colorOf('var(--c-blue)'));
    expect(colorOf('var(--c-blue)')).toEqual([0x00, 0x72, 0xb2]);
    expect(() => colorOf('var(--c-nope)')).toThrow(/no token --c-nope/);
  });
});

describe('share page', () => {
  it('carries the lesson’s title, description and image, and forwards to the lesson', () => {
    const html = sharePage(
      { lesson: 4, title: '4. A & B · NormLab', description: 'Race "it"' },
      "default-src 'self'",
      null,
    );
    expect(html).toContain('<meta property="og:title" content="4. A &amp; B · NormLab" />');
    expect(html).toContain('<meta property="og:description" content="Race &quot;it&quot;" />');
    expect(html).toContain('<meta property="og:image" content="lesson-4.png" />');
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=../#/lessons/4" />');
    const absolute = sharePage(
      { lesson: 4, title: 't', description: 'd' },
      '',
      'https://example.org/normlab/',
    );
    expect(absolute).toContain('content="https://example.org/normlab/share/lesson-4.png"');
    expect(absolute).toContain(
      '<meta property="og:url" content="https://example.org/normlab/share/lesson-4.html" />',
    );
  });
});
