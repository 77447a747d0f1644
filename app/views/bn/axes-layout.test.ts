import { describe, expect, it } from 'vitest';
import { TARGET_PX } from '../../tokens.ts';
import { layoutAxes, setShade } from './axes-layout.ts';
import { normSets } from './set-stats.ts';

describe('axes diagram layout, n=16 c=8', () => {
  it('fits the block and its depth in the width, one rectangle per set, finite numbers only', () => {
    for (const width of [240, 344, 464, 640]) {
      const sets = normSets('groupnorm', 16, 8, 4);
      const layout = layoutAxes(16, 8, sets, width, 49);
      expect(layout.setRects).toHaveLength(64);
      expect(layout.x0 + layout.gridW + layout.dx).toBeLessThanOrEqual(width);
      expect(layout.width).toBe(width);
      expect(JSON.stringify(layout)).not.toMatch(/NaN|Infinity/);
      // Sets tile the front face: their areas add up to the grid's.
      const area = layout.setRects.reduce((a, r) => a + r.w * r.h, 0);
      expect(area).toBe(layout.gridW * layout.gridH);
    }
  });

  it('top faces continue the sets of the first sample, side faces those of the last channel', () => {
    const bn = layoutAxes(16, 8, normSets('batchnorm', 16, 8), 464, 49);
    expect(bn.topFaces).toHaveLength(8);
    expect(bn.sideFaces).toHaveLength(1);
    const ln = layoutAxes(16, 8, normSets('layernorm', 16, 8), 464, 49);
    expect(ln.topFaces).toHaveLength(1);
    expect(ln.sideFaces).toHaveLength(16);
  });

  it('a dense layer (one value per cell) gets only a sliver of depth', () => {
    const sets = normSets('batchnorm', 4, 4);
    expect(layoutAxes(4, 4, sets, 464, 1).dx).toBeLessThan(layoutAxes(4, 4, sets, 464, 49).dx);
  });

  it('neighbouring sets alternate shades (IN: a checkerboard)', () => {
    const sets = normSets('instancenorm', 2, 2);
    expect(sets.map(setShade)).toEqual([0, 1, 1, 0]);
    expect(normSets('groupnorm', 1, 4, 2).map(setShade)).toEqual([0, 1]);
  });
});

describe('axes diagram layout: every set is a pointer target where it fits', () => {
  it('BN columns, LN rows and IN cells are at least 24 × 24 px (WCAG 2.5.8) in the Lab’s 436 px card, n=16 c=16, dense and conv', () => {
    expect(TARGET_PX).toBe(24);
    for (const norm of ['batchnorm', 'layernorm', 'instancenorm'] as const)
      for (const spatial of [1, 49]) {
        const layout = layoutAxes(16, 16, normSets(norm, 16, 16, 1), 436, spatial);
        expect(layout.x0 + layout.gridW + layout.dx).toBeLessThanOrEqual(436);
        for (const r of layout.setRects) {
          expect(r.w).toBeGreaterThanOrEqual(TARGET_PX);
          expect(r.h).toBeGreaterThanOrEqual(TARGET_PX);
        }
      }
  });

  it('on a phone’s 340 px box 16 channels shrink to fit (the diagram never scrolls sideways); 8 channels keep 24 px', () => {
    for (const spatial of [1, 49]) {
      const sixteen = layoutAxes(16, 16, normSets('batchnorm', 16, 16), 340, spatial);
      expect(sixteen.width).toBe(340);
      expect(sixteen.x0 + sixteen.gridW + sixteen.dx).toBeLessThanOrEqual(340);
      const eight = layoutAxes(16, 8, normSets('instancenorm', 16, 8), 340, spatial);
      for (const r of eight.setRects) expect(Math.min(r.w, r.h)).toBeGreaterThanOrEqual(TARGET_PX);
    }
  });
});
