import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '#engine';
import { LIVE_PARAMS, liveChanges, pickParams } from './live-params.ts';

describe('liveChanges', () => {
  it('nothing changed: an empty list (no rebuild, nothing to send)', () => {
    expect(liveChanges(DEFAULT_CONFIG, { ...DEFAULT_CONFIG })).toEqual([]);
  });

  it('only live knobs changed: those knobs', () => {
    const next = { ...DEFAULT_CONFIG, lr: DEFAULT_CONFIG.lr * 2, momentum: 0.5 };
    expect(liveChanges(DEFAULT_CONFIG, next)?.sort()).toEqual(['lr', 'momentum']);
    expect(pickParams(next, ['lr'])).toEqual({ lr: next.lr });
  });

  it('a structural knob (depth) with a live one: rebuild', () => {
    expect(liveChanges(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, depth: DEFAULT_CONFIG.depth + 1, lr: 1 })).toBe(
      null,
    );
  });

  it('dropout crossing 0 rebuilds (its layers must exist); between two non-zero rates it is live', () => {
    const off = { ...DEFAULT_CONFIG, dropout: 0 };
    expect(liveChanges(off, { ...off, dropout: 0.2 })).toBe(null);
    expect(liveChanges({ ...off, dropout: 0.2 }, { ...off, dropout: 0.3 })).toEqual(['dropout']);
    expect(LIVE_PARAMS).toContain('dropout');
  });

  it("a normalizer's knob is live exactly when its catalog declaration says so", () => {
    expect(LIVE_PARAMS).toContain('bnMomentum'); // declared live: the layer's momentum is set in place
    expect(liveChanges(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, bnMomentum: 0.3 })).toEqual(['bnMomentum']);
    for (const key of ['groups', 'rmax', 'dmax'] as const) {
      expect(LIVE_PARAMS).not.toContain(key);
      expect(liveChanges(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, [key]: DEFAULT_CONFIG[key] + 1 })).toBe(null);
    }
  });
});
